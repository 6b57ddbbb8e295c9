// Storage on this device: after the first sign-in, ask once for persistent storage (so the
// browser does not clear unsent changes under storage pressure), and report use and quota for
// Settings. A quota failure itself is told where it happens (sync/errors.ts: isQuotaError).
const ASKED_KEY = 'tideline.persistentStorageAsked';

export interface StorageInfo {
  usage: number;
  quota: number;
  persisted: boolean;
}

/**
 * Asks for persistent storage the first time someone signs in on this device; later sign-ins
 * leave the browser's answer alone (Settings offers the button again). Resolves with whether the
 * data is persistent now, or undefined where the browser cannot say.
 */
export async function requestPersistentStorageOnce(): Promise<boolean | undefined> {
  if (!navigator.storage?.persist) return undefined;
  if (await navigator.storage.persisted()) return true;
  try {
    if (localStorage.getItem(ASKED_KEY)) return false;
    localStorage.setItem(ASKED_KEY, String(Date.now()));
  } catch {
    // No localStorage (private mode, say): asking again next time is harmless.
  }
  return navigator.storage.persist();
}

/** Used and available bytes for this origin, and whether its data is persistent. */
export async function storageInfo(): Promise<StorageInfo | undefined> {
  if (!navigator.storage?.estimate) return undefined;
  const estimate = await navigator.storage.estimate();
  return {
    usage: estimate.usage ?? 0,
    quota: estimate.quota ?? 0,
    persisted: (await navigator.storage.persisted?.()) ?? false,
  };
}
