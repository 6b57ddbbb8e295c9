import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { setAuth } from './meta';
import type { TidelineDB } from './db';
import { notebookTags, queryEntryIds } from './entryIds';
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
