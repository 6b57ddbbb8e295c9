// The `tideline` BroadcastChannel: whoever writes an activity row outside the page (the service
// worker, the sync worker) announces it here, so open pages reload the activity log and their
// outbox counts. The message carries no data: the rows are in IndexedDB.
export const ACTIVITY_CHANNEL = 'tideline';

export interface ActivityChangedMessage {
  type: 'activity-changed';
}

export function announceActivityChanged(): void {
  const channel = new BroadcastChannel(ACTIVITY_CHANNEL);
  channel.postMessage({ type: 'activity-changed' } satisfies ActivityChangedMessage);
  channel.close();
}
