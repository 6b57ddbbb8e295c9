// Messages between the page and the service worker. The page asks the waiting worker to take
// over ("Update available — reload") and asks any worker which build it runs.
import { sw } from './scope';

export const SwMessage = {
  SkipWaiting: 'SKIP_WAITING',
  GetVersion: 'GET_VERSION',
} as const;

export interface VersionReply {
  version: string;
  buildId: string;
}

export function onMessage(event: ExtendableMessageEvent): void {
  const type = (event.data as { type?: unknown } | null)?.type;
  if (type === SwMessage.SkipWaiting) {
    event.waitUntil(sw.skipWaiting());
  } else if (type === SwMessage.GetVersion) {
    const reply: VersionReply = { version: __APP_VERSION__, buildId: __BUILD_ID__ };
    event.ports[0]?.postMessage(reply);
  }
}
