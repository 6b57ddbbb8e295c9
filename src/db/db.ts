// Tideline's local database (Dexie over IndexedDB), shared by the page, the sync worker and
// the service worker. Schema versions are numbered and only ever appended: a later version adds
// tables or indexes and, where needed, an upgrade function.
import Dexie, { type EntityTable } from 'dexie';

/** Where a background run came from; every trigger writes one activity row. */
export const Trigger = {
  Sync: 'sync',
  PeriodicSync: 'periodicsync',
  Push: 'push',
  Foreground: 'foreground',
  Manual: 'manual',
} as const;
export type Trigger = (typeof Trigger)[keyof typeof Trigger];

export type ActivityOutcome = 'ok' | 'error';

/** One row of the background-activity log shown in Settings. */
export interface ActivityRow {
  id?: number;
  trigger: Trigger;
  /** The event's tag (sync, periodic sync) or a short label. */
  tag: string;
  startedAt: number;
  durationMs: number;
  outcome: ActivityOutcome;
  detail: string;
}

export const DB_NAME = 'tideline';
/** Rows kept in the activity log; older ones are trimmed when a new one is written. */
export const ACTIVITY_LIMIT = 200;

export class TidelineDB extends Dexie {
  activity!: EntityTable<ActivityRow, 'id'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({ activity: '++id, startedAt' });
  }
}

let instance: TidelineDB | undefined;

/** The shared database of this browser profile, opened on first use. */
export function getDb(): TidelineDB {
  instance ??= new TidelineDB();
  return instance;
}
