// `sync` handler. Each run is recorded in the activity log; the outbox delivery that this event
// drives plugs in here as the sync core lands. (`periodicsync` lives in periodicSync.ts.)
import { Trigger } from '../src/db/db';
import { runBackgroundTask } from './activity';

export function onSync(event: SyncEvent): void {
  event.waitUntil(
    runBackgroundTask(Trigger.Sync, event.tag, async () =>
      event.lastChance ? 'last attempt for this sync' : 'sync event handled',
    ),
  );
}
