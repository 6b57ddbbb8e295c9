// Attachments joined with their notebook's stored file (null columns while the bytes are still
// on their way): the one join both pulls (entryAttachments.ts) and file serving (fileRoutes.ts)
// read `stored` from.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export function attachmentsWithFiles(db: Kysely<Database>) {
  return db
    .selectFrom('attachments')
    .leftJoin('files', (join) =>
      join
        .onRef('files.notebook_id', '=', 'attachments.notebook_id')
        .onRef('files.sha256', '=', 'attachments.sha256'),
    );
}
