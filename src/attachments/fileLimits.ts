// What the server accepts for attachments (GET /api/files/limits), kept in `meta` so a device
// offline still refuses a file that is too large before storing a byte of it. Asked again at most
// every REFRESH_MS; with no answer and nothing kept, the protocol's defaults apply.
import type { TidelineDB } from '../db/db';
import { getMeta, setMeta } from '../db/meta';
import {
  AttachmentLimits,
  AttachmentPaths,
  fileLimitsResponseSchema,
  type FileLimitsResponse,
} from '../protocol/attachments';
import { apiFetch, type FileApi } from './FileApi';

export const REFRESH_MS = 60 * 60 * 1000;

export const DEFAULT_FILE_LIMITS: FileLimitsResponse = {
  maxUploadBytes: AttachmentLimits.maxBytesDefault,
  chunkBytes: AttachmentLimits.chunkBytes,
};

export async function fileLimits(
  db: TidelineDB,
  api: FileApi,
  now = Date.now(),
): Promise<FileLimitsResponse> {
  const kept = await getMeta(db, 'fileLimits');
  if (kept && now - kept.fetchedAt < REFRESH_MS) return kept;
  try {
    const response = await apiFetch(api, AttachmentPaths.limits, {
      headers: { accept: 'application/json' },
    });
    if (response.ok) {
      const parsed = fileLimitsResponseSchema.safeParse(await response.json());
      if (parsed.success) {
        await setMeta(db, 'fileLimits', { ...parsed.data, fetchedAt: now });
        return parsed.data;
      }
    }
  } catch {
    // Offline: what was kept, else the defaults.
  }
  return kept ?? DEFAULT_FILE_LIMITS;
}
