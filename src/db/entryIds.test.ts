import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { setAuth } from './meta';
import type { TidelineDB } from './db';
import Dexie, { type ObservabilitySet } from 'dexie';
import { entryChanges, notebookTags, queryEntryIds, type EntryFilter } from './entryIds';
import { patchEntryIds } from './patchEntryIds';
import { createNotebook, deleteEntry, putEntry } from '../sync/mutate';
import { openTestDb } from '../sync/testing/testDevice';

const dbs: TidelineDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/** Two notebooks; the first holds four entries written at t = 1…4 and two edited later. */
async function fixture() {
  const db = openTestDb('entry-ids');
  dbs.push(db);
  await setAuth(db, { userId: 'me' });
  const notebook = await createNotebook(db, 'Survey', { now: 0 });
  const other = await createNotebook(db, 'Other', { now: 0 });
  const put = (fields: Parameters<typeof putEntry>[3], now: number, id?: string) =>
    putEntry(db, notebook, id, fields, { now });
  const oak = await put(
    { title: 'Oak', body: 'Bark damage on the NORTH side', tags: ['trees'] },
    1,
  );
  const heron = await put({ title: 'Heron', body: 'Two chicks', tags: ['birds'], done: true }, 2);
  const beech = await put({ title: 'Beech', body: 'Healthy', tags: ['trees'], done: true }, 3);
  const gone = await put({ title: 'Gone', tags: ['trees'] }, 4);
  await put({ body: 'Bark damage, north side, worse' }, 5, oak);
  await deleteEntry(db, notebook, gone);
  await putEntry(db, other, undefined, { title: 'Elsewhere oak', tags: ['trees', 'far'] });
  return { db, notebook, oak, heron, beech };
}

describe('queryEntryIds', () => {
  it('reads a large notebook in slices that add up to the same list', async () => {
    const { db, notebook, oak, heron, beech } = await fixture();
    const more: string[] = [];
    for (let i = 0; i < 9; i++) {
      // Some at the same time, as a server stamps a batch.
      more.push(
        await putEntry(db, notebook, undefined, { title: `Post ${i}` }, { now: 10 + (i >> 1) }),
      );
    }
    for (const order of ['updated', 'created'] as const) {
      const whole = await queryEntryIds(db, notebook, { order }, 1_000);
      expect(whole).toHaveLength(12);
      expect(new Set(whole).size).toBe(12);
      expect(whole).toEqual(expect.arrayContaining([oak, heron, beech, ...more]));
      for (const slice of [1, 2, 3, 5, 11]) {
        expect(await queryEntryIds(db, notebook, { order }, slice)).toEqual(whole);
      }
    }
  });

  it('orders by last update or by creation, newest first, without entries deleted here', async () => {
    const { db, notebook, oak, heron, beech } = await fixture();
    expect(await queryEntryIds(db, notebook, { order: 'updated' })).toEqual([oak, beech, heron]);
    expect(await queryEntryIds(db, notebook, { order: 'created' })).toEqual([beech, heron, oak]);
  });

  it('filters by done, tag and every search word, in any case, keeping the order', async () => {
    const { db, notebook, oak, heron, beech } = await fixture();
    expect(await queryEntryIds(db, notebook, { order: 'updated', done: true })).toEqual([
      beech,
      heron,
    ]);
    expect(await queryEntryIds(db, notebook, { order: 'updated', done: false })).toEqual([oak]);
    expect(await queryEntryIds(db, notebook, { order: 'created', tag: 'trees' })).toEqual([
      beech,
      oak,
    ]);
    expect(await queryEntryIds(db, notebook, { order: 'updated', text: 'north BARK' })).toEqual([
      oak,
    ]);
    expect(await queryEntryIds(db, notebook, { order: 'updated', text: 'oak' })).toEqual([oak]);
    expect(
      await queryEntryIds(db, notebook, { order: 'updated', tag: 'trees', done: true, text: 'h' }),
    ).toEqual([beech]);
    expect(await queryEntryIds(db, notebook, { order: 'updated', text: 'nowhere' })).toEqual([]);
  });
});

const HOUR = 60 * 60 * 1000;

describe('queryEntryIds by due time', () => {
  it('orders tasks soonest due first, then the rest newest first; filters due soon and overdue', async () => {
    const { db, notebook, oak, heron, beech } = await fixture();
    const now = Date.now();
    const rope = await putEntry(db, notebook, undefined, { title: 'Rope', due: now + 3 * HOUR });
    const late = await putEntry(db, notebook, undefined, { title: 'Late', due: now - HOUR });
    const later = await putEntry(db, notebook, undefined, { title: 'Later', due: now + 72 * HOUR });
    const doneLate = await putEntry(db, notebook, undefined, {
      title: 'Done late',
      due: now - 2 * HOUR,
      done: true,
    });
    expect(await queryEntryIds(db, notebook, { order: 'due' })).toEqual([
      doneLate,
      late,
      rope,
      later,
      oak,
      beech,
      heron,
    ]);
    expect(
      await queryEntryIds(db, notebook, { order: 'due', done: false, due: 'overdue' }),
    ).toEqual([late]);
    expect(await queryEntryIds(db, notebook, { order: 'due', done: false, due: 'soon' })).toEqual([
      rope,
    ]);
  });
});

describe('notebookTags', () => {
  it("counts the notebook's own entries per tag, by name", async () => {
    const { db, notebook } = await fixture();
    // "Gone", deleted here but not yet synced, no longer counts; the other notebook never does.
    expect(await notebookTags(db, notebook)).toEqual([
      { tag: 'birds', count: 1 },
      { tag: 'trees', count: 2 },
    ]);
  });
});

describe('patchEntryIds', () => {
  /** Collects the entry keys Dexie reports as changed, as EntryIdsController does. */
  function recordChanges(db: TidelineDB) {
    const seen: (string[] | 'all')[] = [];
    const listener = (parts: ObservabilitySet) => {
      const changes = entryChanges(parts, db.name);
      if (changes) seen.push(changes.keys);
    };
    Dexie.on('storagemutated', listener);
    return {
      /** The changes reported since the last call (after the events of finished writes). */
      async take(): Promise<(string[] | 'all')[]> {
        await new Promise((resolve) => setTimeout(resolve, 0));
        return seen.splice(0);
      },
      stop: () => Dexie.on.storagemutated.unsubscribe(listener),
    };
  }

  const FILTERS: EntryFilter[] = [
    { order: 'updated' },
    { order: 'created' },
    { order: 'updated', done: true },
    { order: 'updated', done: false, tag: 'trees' },
    { order: 'created', text: 'north' },
    { order: 'due' },
    { order: 'due', done: false, due: 'overdue' },
    { order: 'updated', done: false, due: 'soon' },
  ];

  it('after each kind of write, agrees with a full read under every filter', async () => {
    const { db, notebook, oak, heron, beech } = await fixture();
    const lists = await Promise.all(FILTERS.map((filter) => queryEntryIds(db, notebook, filter)));
    const changes = recordChanges(db);
    const writes: (() => Promise<unknown>)[] = [
      // New, newest: lands on top.
      () => putEntry(db, notebook, undefined, { title: 'North gate', tags: ['trees'] }, { now: 9 }),
      // Edited with an older time: placed in the middle by the binary search.
      () => putEntry(db, notebook, heron, { done: false, body: 'north pond' }, { now: 2.5 }),
      () => putEntry(db, notebook, oak, { tags: ['birds'] }, { now: 10 }),
      () => deleteEntry(db, notebook, beech),
      () => putEntry(db, notebook, undefined, { title: 'Elsewhere north' }),
      // Due times: set (soon, overdue), moved, ticked done, cleared.
      () => putEntry(db, notebook, oak, { due: Date.now() + HOUR }, { now: 11 }),
      () => putEntry(db, notebook, heron, { due: Date.now() - HOUR }, { now: 12 }),
      () => putEntry(db, notebook, undefined, { title: 'Rope', due: Date.now() + 2 * HOUR }),
      () => putEntry(db, notebook, oak, { due: Date.now() - 2 * HOUR }, { now: 13 }),
      () => putEntry(db, notebook, heron, { done: true }, { now: 14 }),
      () => putEntry(db, notebook, oak, { due: null }, { now: 15 }),
    ];
    try {
      for (const write of writes) {
        await write();
        const keys = (await changes.take()).flatMap((batch) => {
          expect(batch).not.toBe('all');
          return batch as string[];
        });
        expect(keys.length).toBeGreaterThan(0);
        for (const [index, filter] of FILTERS.entries()) {
          const patched = await patchEntryIds(db, notebook, filter, lists[index]!, keys);
          const full = await queryEntryIds(db, notebook, filter);
          expect(patched?.ids).toEqual(full);
          lists[index] = [...patched!.ids];
        }
      }
    } finally {
      changes.stop();
    }
  });

  it('hands back the same list when a write leaves it as it was, and says when one went', async () => {
    const { db, notebook, heron, beech } = await fixture();
    const ids = await queryEntryIds(db, notebook, { order: 'updated' });
    // An acknowledgement rewrites the row without moving it.
    await db.entries.update(heron, { pending: 0 });
    const same = await patchEntryIds(db, notebook, { order: 'updated' }, ids, [heron]);
    expect(same).toEqual({ ids, removed: false });
    expect(same!.ids).toBe(ids);
    await db.entries.delete(beech);
    const gone = await patchEntryIds(db, notebook, { order: 'updated' }, ids, [beech]);
    expect(gone).toEqual({ ids: ids.filter((id) => id !== beech), removed: true });
  });

  it('reports a bulk write of many entries as a change to all of them', async () => {
    const { db, notebook } = await fixture();
    const changes = recordChanges(db);
    try {
      const template = (await db.entries.where('notebookId').equals(notebook).first())!;
      await db.entries.bulkPut(
        Array.from({ length: 60 }, (_, i) => ({ ...template, id: `bulk-${i}` })),
      );
      expect(await changes.take()).toEqual(['all']);
    } finally {
      changes.stop();
    }
  });
});
