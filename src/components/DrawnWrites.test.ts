import { describe, expect, it } from 'vitest';
import type { EntryRow } from '../db/db';
import { MutationName, type MutationArgs } from '../protocol/mutations';
import { LocalWrites, WriteStatus } from '../sync/LocalWrites';
import { entryRow } from '../sync/testing/entryRow';
import { DrawnWrites } from './DrawnWrites';

const NOTEBOOK = '0190a000-0000-7000-8000-000000000001';
const OAK = '0190a000-0000-7000-8000-00000000000a';
const PINE = '0190a000-0000-7000-8000-00000000000b';

function stored(fields: Partial<EntryRow> = {}): EntryRow {
  return entryRow({
    id: OAK,
    title: 'Oak',
    notebookId: NOTEBOOK,
    version: 3,
    createdAt: 1,
    updatedAt: 1,
    ...fields,
  });
}

function put(
  writes: LocalWrites,
  id: string,
  fields: MutationArgs<'entry.put'>['fields'],
  options: { creates?: boolean; notebookId?: string } = {},
) {
  const notebookId = options.notebookId ?? NOTEBOOK;
  return writes.begin({
    name: MutationName.EntryPut,
    args: { id, notebookId, baseVersion: 0, fields },
    notebookId,
    entityId: id,
    createdAt: 50,
    creates: options.creates ?? false,
  });
}

describe('DrawnWrites', () => {
  it('draws a new entry before any read has it, until a read after its commit does', () => {
    const writes = new LocalWrites();
    const drawn = new DrawnWrites();
    const write = put(writes, PINE, { title: 'Pine' }, { creates: true });
    drawn.update([write], NOTEBOOK, writes.stamp);
    expect(drawn.row(PINE, undefined)).toMatchObject({
      id: PINE,
      title: 'Pine',
      pending: 1,
      updatedAt: 50,
    });
    const before = writes.stamp;
    writes.settle(write, WriteStatus.Committed);
    // The page stopped handing it in (its ids hold it); a read from before the commit does not.
    drawn.update([], NOTEBOOK, before);
    expect(drawn.row(PINE, undefined)?.title).toBe('Pine');
    drawn.update([], NOTEBOOK, writes.stamp);
    expect(drawn.row(PINE, undefined)).toBeUndefined();
    expect(drawn.size).toBe(0);
  });

  it('draws an edit over the row read, and drops a failed one at once', () => {
    const writes = new LocalWrites();
    const drawn = new DrawnWrites();
    const write = put(writes, OAK, { title: 'Oak, felled', done: true });
    drawn.update([write], NOTEBOOK, writes.stamp);
    expect(drawn.row(OAK, stored())).toMatchObject({
      title: 'Oak, felled',
      done: true,
      doneKey: 1,
      pending: 1,
      createdAt: 1,
      updatedAt: 50,
    });
    writes.settle(write, WriteStatus.Failed);
    drawn.update([write], NOTEBOOK, writes.stamp);
    expect(drawn.row(OAK, stored())).toEqual(stored());
  });

  it('leaves rows alone for a put that changes nothing and for writes to other notebooks', () => {
    const writes = new LocalWrites();
    const drawn = new DrawnWrites();
    const same = put(writes, OAK, { title: 'Oak' });
    const elsewhere = put(
      writes,
      PINE,
      { title: 'Pine' },
      {
        creates: true,
        notebookId: '0190a000-0000-7000-8000-000000000002',
      },
    );
    drawn.update([same, elsewhere], NOTEBOOK, writes.stamp);
    expect(drawn.row(OAK, stored())).toEqual(stored());
    expect(drawn.row(PINE, undefined)).toBeUndefined();
  });

  it('does not guess an edit of a row it has not read', () => {
    const writes = new LocalWrites();
    const drawn = new DrawnWrites();
    drawn.update([put(writes, OAK, { title: 'Oak, felled' })], NOTEBOOK, writes.stamp);
    expect(drawn.row(OAK, undefined)).toBeUndefined();
  });
});
