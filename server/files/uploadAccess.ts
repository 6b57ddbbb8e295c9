// What a request on an upload under way (HEAD, PATCH, DELETE /api/uploads/:id) needs to know,
// asked in one query rather than one per fact: the upload's row, the role its owner holds in the
// notebook now, and whether the notebook already holds its content. A 50 MB file is a dozen
// PATCHes, each of which used to ask three queries after the session's.
//
// Asked afresh on every request, never remembered across chunks: a membership revoked or turned
// to viewer, or the notebook deleted, refuses the very next chunk, on whichever instance it lands.
import type { Kysely } from 'kysely';
import type { Role } from '../../src/protocol/roles.js';
import type { Database } from '../db/schema.js';
import type { UploadRow } from './finishUpload.js';

export interface UploadAccess extends UploadRow {
  finished_at: number | null;
  /** The owner's role in the notebook, if still a member of it and it is not deleted. */
  role: Role | undefined;
  /** Whether the notebook's `files` already record this content (stored, verified). */
  recorded: boolean;
}

export async function uploadAccess(
  db: Kysely<Database>,
  uploadId: string,
): Promise<UploadAccess | undefined> {
  if (!/^[0-9a-f]{32}$/.test(uploadId)) return undefined;
  const row = await db
    .selectFrom('uploads')
    .leftJoin('memberships', (join) =>
      join
        .onRef('memberships.notebook_id', '=', 'uploads.notebook_id')
        .onRef('memberships.user_id', '=', 'uploads.user_id'),
    )
    // The same rule as liveMemberships(): a deleted notebook has no members.
    .leftJoin('notebooks', (join) =>
      join
        .onRef('notebooks.id', '=', 'memberships.notebook_id')
        .on('notebooks.deleted_at', 'is', null),
    )
    .leftJoin('files', (join) =>
      join
        .onRef('files.notebook_id', '=', 'uploads.notebook_id')
        .onRef('files.sha256', '=', 'uploads.sha256'),
    )
    .select([
      'uploads.id',
      'uploads.user_id',
      'uploads.notebook_id',
      'uploads.sha256',
      'uploads.size',
      'uploads.finished_at',
      'memberships.role',
      'notebooks.id as live_notebook_id',
      'files.sha256 as recorded_sha256',
    ])
    .where('uploads.id', '=', uploadId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { role, live_notebook_id, recorded_sha256, ...upload } = row;
  return {
    ...upload,
    role: live_notebook_id === null || role === null ? undefined : role,
    recorded: recorded_sha256 !== null,
  };
}
