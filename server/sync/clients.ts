// A sync client (one browser profile) and its durable state: the last mutation id the server has
// applied or rejected, and the rejections it has not acknowledged yet.
import type { Transaction } from 'kysely';
import type { Rejection } from '../../src/protocol/sync.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';

export interface ClientState {
  lastMutationId: number;
}

/** Registers the client on first use and locks its row for the rest of the transaction. */
export async function lockClient(
  database: DatabaseHandle,
  tx: Transaction<Database>,
  clientId: string,
  userId: string,
  now: number,
): Promise<ClientState> {
  await tx
    .insertInto('sync_clients')
    .values({
      client_id: clientId,
      user_id: userId,
      last_mutation_id: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .execute();
  let query = tx
    .selectFrom('sync_clients')
    .select(['user_id', 'last_mutation_id'])
    .where('client_id', '=', clientId);
  if (database.dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirstOrThrow();
  if (row.user_id !== userId) throw clientMismatch();
  return { lastMutationId: Number(row.last_mutation_id) };
}

export function clientMismatch(): ApiError {
  return new ApiError(
    403,
    'client-mismatch',
    'This client id belongs to another account; start a new client id',
  );
}

export async function unseenRejections(
  tx: Transaction<Database> | DatabaseHandle['db'],
  clientId: string,
): Promise<Rejection[]> {
  const rows = await tx
    .selectFrom('rejections')
    .selectAll()
    .where('client_id', '=', clientId)
    .orderBy('mutation_id', 'asc')
    .limit(1000)
    .execute();
  return rows.map((row) => ({
    mutationId: Number(row.mutation_id),
    name: row.name,
    code: row.code,
    message: row.message,
    at: Number(row.created_at),
  }));
}
