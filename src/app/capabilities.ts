// What this browser offers for background work (DESIGN.md, "Background work, honestly"): each
// API — available? permitted? — and what Tideline does with it, or instead of it where it is
// missing or refused. Settings shows this as the capability report.
//
// "Available" means the API exists here; "permitted" is the browser's answer for this site
// (`granted`, `denied`, `prompt`). An API that exists but is denied is as good as missing, and
// the note says what happens instead. Headless Chromium, for instance, has every API but grants
// periodic sync only to installed apps, and asks before notifications and push.
export interface Capability {
  name: string;
  supported: boolean;
  /** Permission state where the feature has one ('granted', 'denied', 'prompt'). */
  permission?: string;
  /** What the user gets from it, or what Tideline does instead where it is missing. */
  note: string;
}

async function permission(descriptor: { name: string; userVisibleOnly?: boolean }) {
  try {
    const status = await navigator.permissions.query(descriptor as PermissionDescriptor);
    return status.state;
  } catch {
    return undefined;
  }
}

/** A feature is usable when it exists and is not refused (no permission model counts as yes). */
function usable(supported: boolean, state: string | undefined): boolean {
  return supported && (state === undefined || state === 'granted');
}

export async function detectCapabilities(): Promise<Capability[]> {
  const sw = 'serviceWorker' in navigator;
  const registrationProto = globalThis.ServiceWorkerRegistration?.prototype ?? {};
  const backgroundSync = sw && 'sync' in registrationProto;
  const periodicSync = sw && 'periodicSync' in registrationProto;
  const push = sw && 'PushManager' in globalThis;
  const notifications = 'Notification' in globalThis;
  const badging = 'setAppBadge' in navigator;
  const wakeLock = 'wakeLock' in navigator;
  const locks = 'locks' in navigator;
  const storage = 'storage' in navigator && 'persist' in navigator.storage;
  const persisted = storage ? await navigator.storage.persisted() : false;

  const syncPermission = backgroundSync ? await permission({ name: 'background-sync' }) : undefined;
  const periodicPermission = periodicSync
    ? await permission({ name: 'periodic-background-sync' })
    : undefined;
  const pushPermission = push
    ? await permission({ name: 'push', userVisibleOnly: true })
    : undefined;
  const notificationPermission = notifications
    ? Notification.permission === 'default'
      ? 'prompt'
      : Notification.permission
    : undefined;

  return [
    {
      name: 'Service worker',
      supported: sw,
      note: sw
        ? 'Tideline opens without a network and works while no tab is open.'
        : 'Tideline needs a network to open in this browser, and works only while a tab is open.',
    },
    {
      name: 'Background Sync',
      supported: backgroundSync,
      permission: syncPermission,
      note: usable(backgroundSync, syncPermission)
        ? 'Changes made offline are sent when the network returns, even with Tideline closed.'
        : 'Changes made offline are sent the next time Tideline starts online (a tab, or its service worker waking for another reason).',
    },
    {
      name: 'Periodic Background Sync',
      supported: periodicSync,
      permission: periodicPermission,
      note: usable(periodicSync, periodicPermission)
        ? 'Notebooks refresh on a schedule, even with Tideline closed.'
        : periodicSync
          ? 'Periodic sync needs the installed app; Tideline refreshes when you open it, when you reconnect and when a push arrives.'
          : 'This browser has no periodic sync; Tideline refreshes when you open it, when you reconnect and when a push arrives.',
    },
    {
      name: 'Push',
      supported: push,
      permission: pushPermission,
      note: usable(push, pushPermission)
        ? 'Teammates’ changes can wake Tideline while it is closed.'
        : push
          ? 'Teammates’ changes arrive while Tideline is open; turn on alerts to hear of them when it is closed.'
          : 'Teammates’ changes arrive while Tideline is open.',
    },
    {
      name: 'Notifications',
      supported: notifications,
      permission: notificationPermission,
      note: usable(notifications, notificationPermission)
        ? 'Alerts about teammates’ changes, and progress of long syncs while Tideline is hidden.'
        : notificationPermission === 'prompt'
          ? 'Alerts are off until you turn them on (Alerts, above); until then changes show in the app.'
          : notifications
            ? 'No alerts: notifications are blocked for Tideline in this browser’s site settings; changes show in the app.'
            : 'No alerts in this browser: changes show in the app, and progress of long syncs only on screen.',
    },
    {
      name: 'Badging',
      supported: badging,
      note: badging
        ? 'The app icon shows how many entries are unread (installed app).'
        : 'Unread counts show inside the app only.',
    },
    {
      name: 'Screen Wake Lock',
      supported: wakeLock,
      note: wakeLock
        ? 'The screen stays on while a long import runs.'
        : 'Keep the screen on yourself during a long import; it resumes if the tab sleeps.',
    },
    {
      name: 'Web Locks',
      supported: locks,
      note: locks
        ? 'One sync at a time across tabs, the sync worker and the service worker.'
        : 'Each tab syncs on its own; the server ignores changes it already has.',
    },
    {
      name: 'Persistent storage',
      supported: storage,
      permission: storage ? (persisted ? 'granted' : 'not granted') : undefined,
      note: persisted
        ? 'The browser will not clear Tideline’s data to free space.'
        : 'The browser may clear data under storage pressure; unsent changes are at risk.',
    },
  ];
}
