// What this browser offers for background work, whether it is permitted, and what Tideline does
// where something is missing. Settings shows this as the capability report.
export interface Capability {
  name: string;
  supported: boolean;
  /** Permission state where the feature has one ('granted', 'denied', 'prompt'). */
  permission?: string;
  /** What the user gets from it, or what Tideline does instead where it is missing. */
  note: string;
}

async function permission(name: string): Promise<string | undefined> {
  try {
    const status = await navigator.permissions.query({ name } as unknown as PermissionDescriptor);
    return status.state;
  } catch {
    return undefined;
  }
}

export async function detectCapabilities(): Promise<Capability[]> {
  const sw = 'serviceWorker' in navigator;
  const registrationProto = globalThis.ServiceWorkerRegistration?.prototype ?? {};
  const backgroundSync = sw && 'sync' in registrationProto;
  const periodicSync = sw && 'periodicSync' in registrationProto;
  const push = sw && 'PushManager' in globalThis;
  const notifications = 'Notification' in globalThis;
  const badging = 'setAppBadge' in navigator;
  const storage = 'storage' in navigator && 'persist' in navigator.storage;
  const persisted = storage ? await navigator.storage.persisted() : false;
  return [
    {
      name: 'Service worker',
      supported: sw,
      note: sw
        ? 'Tideline opens without a network.'
        : 'Tideline needs a network to open in this browser.',
    },
    {
      name: 'Background Sync',
      supported: backgroundSync,
      note: backgroundSync
        ? 'Changes made offline are sent when the network returns, even with Tideline closed.'
        : 'Changes made offline are sent the next time you open Tideline online.',
    },
    {
      name: 'Periodic Background Sync',
      supported: periodicSync,
      permission: periodicSync ? await permission('periodic-background-sync') : undefined,
      note: periodicSync
        ? 'Notebooks refresh on a schedule once Tideline is installed.'
        : 'Tideline refreshes when you open it, when you reconnect and when a push arrives.',
    },
    {
      name: 'Push',
      supported: push,
      permission: push ? await permission('push') : undefined,
      note: push
        ? 'Teammates’ changes can wake Tideline while it is closed.'
        : 'Teammates’ changes arrive while Tideline is open.',
    },
    {
      name: 'Notifications',
      supported: notifications,
      permission: notifications ? Notification.permission : undefined,
      note: notifications ? 'Alerts about teammates’ changes.' : 'No alerts in this browser.',
    },
    {
      name: 'Badging',
      supported: badging,
      note: badging
        ? 'The app icon shows how many entries are unread.'
        : 'Unread counts show inside the app only.',
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
