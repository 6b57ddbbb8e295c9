// The page's half of a clicked notification: the service worker asks an open page to show the
// entry (sw/notifications.ts), and the page does it through the router, without reloading. The
// listener is in the shell from the start; the message's parser loads only when one arrives.
import { NAVIGATED_REPLY, WorkerMessageType } from '../protocol/serviceWorkerMessageTypes';
import { router } from '../router/router';

export function followAlertClicks(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data;
    const type =
      typeof data === 'object' && data !== null && 'type' in data ? data.type : undefined;
    if (type !== WorkerMessageType.Navigate) return;
    void import('../protocol/serviceWorkerMessages').then(({ parseWorkerMessage }) => {
      const message = parseWorkerMessage(data);
      if (message?.type !== WorkerMessageType.Navigate) return;
      const url = new URL(message.url, location.origin);
      if (url.origin !== location.origin) return;
      router.navigate(url.pathname + url.search + url.hash);
      event.ports[0]?.postMessage(NAVIGATED_REPLY);
    });
  });
}
