// A membership joined with its user, read as the wire's Member.
import type { Kysely } from 'kysely';
import type { Member } from '../../src/protocol/notebooks.js';
import type { Role } from '../../src/protocol/roles.js';
import type { Database } from '../db/schema.js';

export function memberQuery(db: Kysely<Database>, notebookId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.user_id',
      'memberships.role',
      'memberships.joined_at',
      'users.name',
      'users.email',
    ])
    .where('memberships.notebook_id', '=', notebookId);
}

export function toMember(row: {
  user_id: string;
  role: Role;
  joined_at: number | string;
  name: string;
  email: string;
}): Member {
  return {
    userId: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role,
    joinedAt: Number(row.joined_at),
  };
}
