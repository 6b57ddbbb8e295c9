// The entry routes of the API that are not sync (docs/api.md "Entries"): an entry's history, the
// values it had before each overwrite (the conflict view and "Earlier versions"), and a notebook's
// recently deleted entries.
// They need the server, so they fail with an ApiRequestError (code `offline` without a
// connection, status 401 when the session is gone).
import { meResponseSchema } from '../protocol/auth';
import {
  entryHistoryResponseSchema,
  type EntryHistoryResponse,
  type HistoryItem,
} from '../protocol/entry';
import { trashResponseSchema, type TrashResponse } from '../protocol/trash';
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

/** One page of the entry's history, newest first (`before`: the previous page's `nextBefore`). */
export async function fetchEntryHistoryPage(
  notebookId: string,
  entryId: string,
  before?: number,
): Promise<EntryHistoryResponse> {
  const query = before === undefined ? '' : `?before=${before}`;
  const path = `/notebooks/${encodeURIComponent(notebookId)}/entries/${encodeURIComponent(entryId)}/history${query}`;
  return apiRequest('GET', path, { schema: entryHistoryResponseSchema });
}

/** One page of a notebook's recently deleted entries, newest deletion first. */
export async function fetchTrash(notebookId: string, before?: number): Promise<TrashResponse> {
  const query = before === undefined ? '' : `?before=${before}`;
  return apiRequest('GET', `/notebooks/${encodeURIComponent(notebookId)}/trash${query}`, {
    schema: trashResponseSchema,
  });
}

/** The signed-in user's id as the server knows it. */
export async function fetchCurrentUserId(): Promise<string> {
  const { user } = await apiRequest('GET', '/auth/me', { schema: meResponseSchema });
  return user.id;
}
