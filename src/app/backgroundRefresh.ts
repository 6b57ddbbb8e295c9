// Periodic background refresh: where the browser grants Periodic Background Sync (Chromium, for
// an installed app), the page registers `tideline-refresh` with the minimum interval the user
// chose in Settings, and the service worker pulls on each `periodicsync` (sw/periodicSync.ts).
// The browser decides the actual timing (engagement, battery, network); the interval is a floor.
// The choice is kept in Dexie's meta table and applied again at every start, so the
// registration follows it; "Off" unregisters. Elsewhere Tideline refreshes on open, on reconnect
// and on push.
import { getDb } from '../db/db';
import { getMeta, setMeta } from '../db/meta';
import { Store } from './Store';

export const REFRESH_TAG = 'tideline-refresh';
export const DEFAULT_REFRESH_MINUTES = 15;

/** The intervals offered in Settings, in minutes (0: off). */
export const REFRESH_CHOICES: readonly { minutes: number; label: string }[] = [
  { minutes: 15, label: 'Every 15 minutes' },
  { minutes: 60, label: 'Every hour' },
  { minutes: 360, label: 'Every 6 hours' },
  { minutes: 720, label: 'Every 12 hours' },
  { minutes: 1440, label: 'Once a day' },
  { minutes: 0, label: 'Off' },
];

export const RefreshSupport = {
  /** No Periodic Background Sync in this browser. */
  Unsupported: 'unsupported',
  /** Present but not permitted (usually: Tideline is not installed). */
  NotPermitted: 'not-permitted',
  Available: 'available',
} as const;
export type RefreshSupport = (typeof RefreshSupport)[keyof typeof RefreshSupport];

export interface BackgroundRefreshState {
  support: RefreshSupport;
  minutes: number;
  /** Whether `tideline-refresh` is registered with the browser right now. */
  registered: boolean;
  error?: string;
}

export const backgroundRefreshStore = new Store<BackgroundRefreshState>({
  support: RefreshSupport.Unsupported,
  minutes: DEFAULT_REFRESH_MINUTES,
  registered: false,
});

/** Periodic Background Sync's registration API, which TypeScript's DOM lib does not ship. */
interface PeriodicSyncManager {
  register(tag: string, options?: { minInterval?: number }): Promise<void>;
  unregister(tag: string): Promise<void>;
  getTags(): Promise<string[]>;
}

async function periodicSyncManager(): Promise<PeriodicSyncManager | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  if (!('periodicSync' in (globalThis.ServiceWorkerRegistration?.prototype ?? {})))
    return undefined;
  const registration = await navigator.serviceWorker.ready;
  return (registration as ServiceWorkerRegistration & { periodicSync: PeriodicSyncManager })
    .periodicSync;
}

async function support(): Promise<RefreshSupport> {
  if (!('periodicSync' in (globalThis.ServiceWorkerRegistration?.prototype ?? {}))) {
    return RefreshSupport.Unsupported;
  }
  try {
    const status = await navigator.permissions.query({
      name: 'periodic-background-sync' as PermissionName,
    });
    return status.state === 'granted' ? RefreshSupport.Available : RefreshSupport.NotPermitted;
  } catch {
    return RefreshSupport.NotPermitted;
  }
}

export async function refreshMinutes(): Promise<number> {
  return (await getMeta(getDb(), 'backgroundRefreshMinutes')) ?? DEFAULT_REFRESH_MINUTES;
}

/**
 * Registers `tideline-refresh` with the chosen interval, or unregisters it when off or not
 * permitted; then publishes the state. Called at start and after every change of the choice.
 */
export async function applyBackgroundRefresh(): Promise<void> {
  const [minutes, available] = await Promise.all([refreshMinutes(), support()]);
  const manager = await periodicSyncManager();
  let error: string | undefined;
  if (manager && available === RefreshSupport.Available) {
    try {
      if (minutes > 0) await manager.register(REFRESH_TAG, { minInterval: minutes * 60_000 });
      else await manager.unregister(REFRESH_TAG);
    } catch (failure) {
      error = `The browser refused the background refresh (${
        failure instanceof Error ? failure.message : String(failure)
      }). Tideline still refreshes when you open it, when you reconnect and when an alert arrives.`;
    }
  }
  const tags = manager ? await manager.getTags().catch(() => []) : [];
  backgroundRefreshStore.set({
    support: available,
    minutes,
    registered: tags.includes(REFRESH_TAG),
    ...(error && { error }),
  });
}

/** The user picked another interval in Settings (0: off). */
export async function setRefreshMinutes(minutes: number): Promise<void> {
  await setMeta(getDb(), 'backgroundRefreshMinutes', minutes);
  await applyBackgroundRefresh();
}
