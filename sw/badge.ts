// The app badge (Badging API) shows how many entries are unread. Where the browser has no badge,
// or refuses one (an app that is not installed), the count stays inside the app.
import { getDb } from '../src/db/db';
import { unreadTotal } from '../src/db/unreadTotal';
import { sw } from './scope';

/** Sets the badge to the unread count; returns the count. */
export async function updateBadge(): Promise<number> {
  const count = await unreadTotal(getDb());
  const navigator = sw.navigator;
  if (!('setAppBadge' in navigator)) return count;
  try {
    if (count > 0) await navigator.setAppBadge(count);
    else await navigator.clearAppBadge();
  } catch {
    // Not permitted here (e.g. not installed): the in-app counts still show it.
  }
  return count;
}
