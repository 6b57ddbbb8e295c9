// What this browser offers for background work (DESIGN.md, "Background work, honestly"): each
// API — available? permitted? — and what Tideline does with it, or instead of it where it is
// missing or refused. Settings shows this as the capability report.
//
// "Available" means the API exists here; "permitted" is the browser's answer for this site
// (`granted`, `denied`, `prompt`). An API that exists but is denied is as good as missing, and
// the note says what happens instead. Headless Chromium, for instance, has every API but grants
// periodic sync only to installed apps, and asks before notifications and push.
//
// The report is for people, not engineers: each row is named by what it does for them ("Alerts",
// "Refreshes on a schedule"), its state in words ("Not asked yet", not "prompt"), and machinery
// they cannot act on (Web Locks) is left out. The API's own name stays in `api` for tests and
// for anyone who looks at the page's markup.
export interface Capability {
  /** The web API, e.g. `periodic-background-sync`. */
  api: string;
  /** What it does for the person, in a few words. */
  name: string;
  supported: boolean;
  /** Permission state where the feature has one ('granted', 'denied', 'prompt', 'not granted'). */
  permission?: string;
  /** Whether it is there and allowed, in words: "Yes", "Not asked yet", "Not in this browser". */
  state: string;
  /** What the user gets from it, or what Tideline does instead where it is missing. */
  note: string;
}

/** The availability and permission, as the report says it. */
export function describeAvailability(supported: boolean, permission: string | undefined): string {
  if (!supported) return 'Not in this browser';
  switch (permission) {
    case undefined:
    case 'granted':
      return 'Yes';
    case 'prompt':
      return 'Not asked yet';
    case 'denied':
      return 'Not allowed';
    default:
      return 'Not yet';
  }
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

  const report: Omit<Capability, 'state'>[] = [
    {
      api: 'service-worker',
      name: 'Works without a network',
      supported: sw,
      note: sw
        ? 'Tideline opens without a network and works while no tab is open.'
        : 'Tideline needs a network to open in this browser, and works only while a tab is open.',
    },
    {
      api: 'background-sync',
      name: 'Sends changes after you close Tideline',
      supported: backgroundSync,
      permission: syncPermission,
      note: usable(backgroundSync, syncPermission)
        ? 'Changes made offline are sent when the network returns, even with Tideline closed.'
        : 'Changes made offline are sent the next time Tideline starts online (a tab, or its service worker waking for another reason).',
    },
    {
      api: 'periodic-background-sync',
      name: 'Refreshes on a schedule',
      supported: periodicSync,
      permission: periodicPermission,
      note: usable(periodicSync, periodicPermission)
        ? 'Notebooks refresh on a schedule, even with Tideline closed.'
        : periodicSync
          ? 'Scheduled refresh needs the installed app; Tideline refreshes when you open it, when you reconnect and when a push arrives.'
          : 'This browser cannot refresh on a schedule; Tideline refreshes when you open it, when you reconnect and when a push arrives.',
    },
    {
      api: 'push',
      name: 'Woken by teammates’ changes',
      supported: push,
      permission: pushPermission,
      note: usable(push, pushPermission)
        ? 'Teammates’ changes can wake Tideline while it is closed.'
        : push
          ? 'Teammates’ changes arrive while Tideline is open; turn on alerts to hear of them when it is closed.'
          : 'Teammates’ changes arrive while Tideline is open.',
    },
    {
      api: 'notifications',
      name: 'Alerts',
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
      api: 'badging',
      name: 'Unread count on the app icon',
      supported: badging,
      note: badging
        ? 'The app icon shows how many entries are unread (installed app).'
        : 'Unread counts show inside the app only.',
    },
    {
      api: 'screen-wake-lock',
      name: 'Keeps the screen on',
      supported: wakeLock,
      note: wakeLock
        ? 'The screen stays on while a long import runs.'
        : 'Keep the screen on yourself during a long import; it resumes if the tab sleeps.',
    },
    {
      api: 'persistent-storage',
      name: 'Data kept when space runs low',
      supported: storage,
      permission: storage ? (persisted ? 'granted' : 'not granted') : undefined,
      note: persisted
        ? 'The browser will not clear Tideline’s data to free space.'
        : 'The browser may clear Tideline’s data when the device runs low on space; changes not sent yet would be lost.',
    },
  ];
  return report.map((row) => ({
    ...row,
    state: describeAvailability(row.supported, row.permission),
  }));
}
