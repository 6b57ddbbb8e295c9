// The entry routes of the API that are not sync (docs/api.md "Entries"): an entry's history, the
// values it had before each overwrite, which the conflict view shows next to the current one.
// They need the server, so they fail with an ApiRequestError (code `offline` without a
// connection, status 401 when the session is gone).
import { meResponseSchema } from '../protocol/auth';
import { entryHistoryResponseSchema, type HistoryItem } from '../protocol/entry';
import { apiRequest } from './api';

/** Every overwritten value of the entry, newest first. */
export async function fetchEntryHistory(
  notebookId: string,
  entryId: string,
): Promise<HistoryItem[]> {
  const path = `/notebooks/${encodeURIComponent(notebookId)}/entries/${encodeURIComponent(entryId)}/history`;
  const { items } = await apiRequest('GET', path, { schema: entryHistoryResponseSchema });
  return items;
}

/** The signed-in user's id as the server knows it. */
export async function fetchCurrentUserId(): Promise<string> {
  const { user } = await apiRequest('GET', '/auth/me', { schema: meResponseSchema });
  return user.id;
}
