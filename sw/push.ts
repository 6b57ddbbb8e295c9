// `push` and `notificationclick`. Every push shows a notification (browsers withdraw push
// permission from workers that stay silent); a click focuses an open Tideline window and
// navigates it, or opens one.
import { Trigger } from '../src/db/db';
import { runBackgroundTask } from './activity';
import { sw } from './scope';

export interface PushAlert {
  title: string;
  body: string;
  url: string;
  tag: string;
}

const DEFAULT_ALERT: PushAlert = {
  title: 'Tideline',
  body: 'Your notebooks have changed.',
  url: '/notebooks',
  tag: 'tideline',
};

/** Reads what a push carries; anything unreadable falls back to a generic alert. */
export function parsePushAlert(text: string | undefined): PushAlert {
  if (!text) return DEFAULT_ALERT;
  try {
    const data = JSON.parse(text) as Partial<Record<keyof PushAlert, unknown>>;
    const pick = (key: keyof PushAlert) =>
      typeof data[key] === 'string' && data[key] !== ''
        ? (data[key] as string)
        : DEFAULT_ALERT[key];
    const url = pick('url');
    return {
      title: pick('title'),
      body: pick('body'),
      url: url.startsWith('/') && !url.startsWith('//') ? url : DEFAULT_ALERT.url,
      tag: pick('tag'),
    };
  } catch {
    return { ...DEFAULT_ALERT, body: text.slice(0, 200) };
  }
}

export function onPush(event: PushEvent): void {
  event.waitUntil(
    runBackgroundTask(Trigger.Push, 'push', async () => {
      const alert = parsePushAlert(event.data?.text());
      await sw.registration.showNotification(alert.title, {
        body: alert.body,
        tag: alert.tag,
        icon: '/icons/icon-192.png',
        badge: '/icons/icon-192.png',
        data: { url: alert.url },
      });
      return `notified: ${alert.body}`;
    }),
  );
}

export function onNotificationClick(event: NotificationEvent): void {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? DEFAULT_ALERT.url;
  event.waitUntil(openOrFocus(url));
}

async function openOrFocus(url: string): Promise<void> {
  const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const existing = windows.find((client) => new URL(client.url).origin === sw.location.origin);
  if (existing) {
    await existing.focus();
    await existing.navigate(url);
    return;
  }
  await sw.clients.openWindow(url);
}
