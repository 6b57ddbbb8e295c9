// Every migration, in order. Add a numbered module and list it here; the same
// migrations run on SQLite and PostgreSQL, so stick to portable DDL (or branch
// on the dialect inside a migration where the two truly differ).
import type { Migration } from 'kysely';
import * as m001 from './001_create_meta.js';
import * as m002 from './002_accounts_notebooks_sync.js';
import * as m003 from './003_push.js';
import * as m004 from './004_push_muted_notebooks.js';
import * as m005 from './005_attachments.js';
import * as m006 from './006_entry_track.js';
import * as m007 from './007_session_lifetimes.js';
import * as m008 from './008_task_reminders.js';
import * as m009 from './009_password_resets.js';

export const migrations: Readonly<Record<string, Migration>> = {
  '001_create_meta': m001,
  '002_accounts_notebooks_sync': m002,
  '003_push': m003,
  '004_push_muted_notebooks': m004,
  '005_attachments': m005,
  '006_entry_track': m006,
  '007_session_lifetimes': m007,
  '008_task_reminders': m008,
  '009_password_resets': m009,
};
