// Both ends of the `tideline` BroadcastChannel (src/protocol/serviceWorkerMessages.ts): whoever
// writes an activity row outside the page (the service worker, the sync worker) announces it, so
// open pages reload the activity log and their outbox counts. The message carries no data: the
// rows are in IndexedDB.
import {
  ChannelMessageType,
  TIDELINE_CHANNEL,
  parseChannelMessage,
  type ChannelMessage,
} from '../protocol/serviceWorkerMessages';

export function announceActivityChanged(): void {
  const channel = new BroadcastChannel(TIDELINE_CHANNEL);
  const message: ChannelMessage = { type: ChannelMessageType.ActivityChanged };
  channel.postMessage(message);
  channel.close();
}

/**
 * Calls `onChange` whenever another context announces new activity rows; returns the function
 * that stops listening. Where BroadcastChannel is missing it never calls and stopping does nothing.
 */
export function onActivityChanged(onChange: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(TIDELINE_CHANNEL);
  channel.addEventListener('message', (event: MessageEvent) => {
    if (parseChannelMessage(event.data)?.type === ChannelMessageType.ActivityChanged) onChange();
  });
  return () => channel.close();
}
