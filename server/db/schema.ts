import type { Generated } from 'kysely';
import type { GrantableRole, Role } from '../../src/protocol/roles.js';

// The database schema as Kysely sees it: one interface per table, added to by
// each migration in migrations/. Queries are typed against `Database`.

/** Small server-wide facts (e.g. generated keys), one row per key. */
export interface MetaTable {
  key: string;
  value: string;
}

/** An account. Emails are stored lower-cased and trimmed. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

/** A signed-in device: a browser cookie or a bearer token, stored by the token's SHA-256. */
export interface SessionsTable {
  token_hash: string;
  /** Public id, safe to show and to revoke by. */
  id: string;
  user_id: string;
  kind: 'cookie' | 'bearer';
  device_name: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** Each use a minute or more after the last one moves expires_at to at least now + this. */
  renew_ms: Generated<number>;
}

export interface NotebooksTable {
  id: string;
  name: string;
  owner_id: string;
  /** Version counter: every change in the notebook takes the next one. */
  version: number;
  /** Tombstones at or below this version may have been purged. */
  purged_through: Generated<number>;
  created_at: number;
  deleted_at: number | null;
}

export interface MembershipsTable {
  notebook_id: string;
  user_id: string;
  role: Role;
  joined_at: number;
}

export interface InvitesTable {
  id: string;
  token_hash: string;
  notebook_id: string;
  role: GrantableRole;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_uses: number;
  uses: Generated<number>;
  revoked_at: number | null;
}

export interface EntriesTable {
  id: string;
  notebook_id: string;
  version: number;
  deleted: number;
  title: string;
  body: string;
  /** JSON array of strings. */
  tags: string;
  done: number;
  /** JSON Location, or null. */
  location: string | null;
  /** JSON Track ({points, gaps}), or null (migration 006). */
  track: string | null;
  /** The `due` field: ms since the epoch, or null (migration 008). */
  due_at: number | null;
  /** JSON {field: version}. */
  field_versions: string;
  /** JSON {field: userId}: who wrote each field's current value. */
  field_authors: string;
  conflicted: number;
  created_by: string;
  updated_by: string;
  created_at: number;
  updated_at: number;
}

export interface EntryHistoryTable {
  id: Generated<number>;
  entry_id: string;
  notebook_id: string;
  field: string;
  /** JSON of the overwritten value. */
  value: string;
  version: number;
  author_id: string;
  overwritten_at: number;
  overwritten_by: string;
  /** 0: a later edit; 1: a conflict not yet settled; 2: a conflict settled by entry.resolve. */
  conflict: number;
  created_at: number;
}

export interface SyncClientsTable {
  client_id: string;
  user_id: string;
  last_mutation_id: number;
  created_at: number;
  updated_at: number;
}

export interface RejectionsTable {
  client_id: string;
  mutation_id: number;
  name: string;
  code: string;
  message: string;
  created_at: number;
}

/** A device's Web Push subscription, owned by the session that saved it. */
export interface PushSubscriptionsTable {
  id: string;
  session_id: string;
  user_id: string;
  endpoint: string;
  /** base64url keys from PushSubscription.toJSON(). */
  p256dh: string;
  auth: string;
  expiration_time: number | null;
  created_at: number;
  updated_at: number;
}

/** 'pending': waiting to be sent; 'sending': claimed by a dispatcher until lease_until; 'dead'. */
export type PushJobState = 'pending' | 'sending' | 'dead';

/** A poke to send to one subscription about one notebook (several coalesced changes). */
export interface PushJobsTable {
  id: Generated<number>;
  subscription_id: string;
  notebook_id: string;
  version: number;
  changes: number;
  /** Display name of the last teammate whose change this poke stands for. */
  by_name: string | null;
  state: PushJobState;
  attempts: Generated<number>;
  next_attempt_at: number;
  lease_until: number | null;
  /** Why the last attempt failed (and why a dead job died). */
  last_error: string | null;
  created_at: number;
  updated_at: number;
  /** 'poke' (a notebook moved; coalesces) or 'reminder' (task `entry_id` is due). Migration 008. */
  kind: Generated<PushJobKind>;
  entry_id: string | null;
}

export type PushJobKind = 'poke' | 'reminder';

/** When to remind a notebook's members of a task (migration 008). */
export interface TaskRemindersTable {
  entry_id: string;
  notebook_id: string;
  due_at: number;
  /** Null while waiting; when it was sent (or found already past when set). */
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A notebook whose pokes a session's push subscription does not get. */
export interface PushMutedNotebooksTable {
  session_id: string;
  notebook_id: string;
  created_at: number;
}

/** A file on an entry; removed ones stay (deleted = 1) so the removal syncs. */
export interface AttachmentsTable {
  id: string;
  notebook_id: string;
  entry_id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  /** data: URL of a small preview, or null. */
  thumbnail: string | null;
  duration_ms: number | null;
  created_by: string;
  created_at: number;
  /** The entry version at which it was added (or removed). */
  version: number;
  deleted: Generated<number>;
  deleted_at: number | null;
}

/** Verified bytes the file store holds, once per notebook and content hash. */
export interface FilesTable {
  notebook_id: string;
  sha256: string;
  size: number;
  stored_at: number;
}

/** A tus upload under way: who began it, for which notebook and content. */
export interface UploadsTable {
  id: string;
  user_id: string;
  notebook_id: string;
  sha256: string;
  size: number;
  created_at: number;
  /** When its bytes were verified and stored (a resume then learns it is complete). */
  finished_at: number | null;
}

export interface PasswordResetsTable {
  /** SHA-256 of the link's token (the token itself is only in the e-mail). */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface Database {
  meta: MetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  notebooks: NotebooksTable;
  memberships: MembershipsTable;
  invites: InvitesTable;
  entries: EntriesTable;
  entry_history: EntryHistoryTable;
  sync_clients: SyncClientsTable;
  rejections: RejectionsTable;
  push_subscriptions: PushSubscriptionsTable;
  push_jobs: PushJobsTable;
  task_reminders: TaskRemindersTable;
  push_muted_notebooks: PushMutedNotebooksTable;
  attachments: AttachmentsTable;
  files: FilesTable;
  uploads: UploadsTable;
  password_resets: PasswordResetsTable;
}
