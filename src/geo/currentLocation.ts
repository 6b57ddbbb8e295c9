// One reading of where the device is, through the Geolocation API, with its failures typed. The
// web offers location only while a page is open and only after the user allows it; there is no
// background location, so Tideline asks only when the user presses a button.
import type { Location } from '../protocol/entry';

export const LocationErrorCode = {
  /** This browser has no Geolocation API (or the page is not a secure context). */
  Unsupported: 'unsupported',
  /** The user, or a browser policy, has refused this site location access. */
  Denied: 'denied',
  /** The device could not work out where it is (no GPS fix, location services off). */
  Unavailable: 'unavailable',
  Timeout: 'timeout',
} as const;
export type LocationErrorCode = (typeof LocationErrorCode)[keyof typeof LocationErrorCode];

const MESSAGES: Record<LocationErrorCode, string> = {
  unsupported: 'This browser cannot share your location with Tideline.',
  denied: 'Tideline is not allowed to see your location.',
  unavailable:
    'Your device could not find where you are. Check that location is turned on in its settings, then try again.',
  timeout: 'Finding your location took too long. Move to where the sky is visible, or try again.',
};

export class LocationError extends Error {
  override readonly name = 'LocationError';

  constructor(readonly code: LocationErrorCode) {
    super(MESSAGES[code]);
  }
}

export interface LocationOptions {
  /** Give up after this long (default 20 s). */
  timeoutMs?: number;
  /** Accept a reading this old (default 30 s). */
  maximumAgeMs?: number;
}

function codeOf(error: GeolocationPositionError): LocationErrorCode {
  if (error.code === error.PERMISSION_DENIED) return LocationErrorCode.Denied;
  if (error.code === error.TIMEOUT) return LocationErrorCode.Timeout;
  return LocationErrorCode.Unavailable;
}

export function getCurrentLocation(options: LocationOptions = {}): Promise<Location> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  if (!('geolocation' in navigator) || !window.isSecureContext) {
    return Promise.reject(new LocationError(LocationErrorCode.Unsupported));
  }
  return new Promise((resolve, reject) => {
    // Some browsers never answer while their permission prompt is left open; do not wait forever.
    const watchdog = setTimeout(
      () => reject(new LocationError(LocationErrorCode.Timeout)),
      timeoutMs + 5_000,
    );
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        clearTimeout(watchdog);
        resolve({
          latitude: coords.latitude,
          longitude: coords.longitude,
          accuracy: Math.max(0, coords.accuracy),
        });
      },
      (error) => {
        clearTimeout(watchdog);
        reject(new LocationError(codeOf(error)));
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: options.maximumAgeMs ?? 30_000 },
    );
  });
}

/** Whether location is already refused for this site, without prompting ('denied' or not). */
export async function locationPermission(): Promise<PermissionState | 'unknown'> {
  try {
    return (await navigator.permissions.query({ name: 'geolocation' })).state;
  } catch {
    return 'unknown';
  }
}
