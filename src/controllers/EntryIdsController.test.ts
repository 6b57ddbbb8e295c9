import 'fake-indexeddb/auto';
import type { DBCore } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntryRow, TidelineDB } from '../db/db';
import type { EntryFilter } from '../db/entryIds';
import { setAuth } from '../db/meta';
import { isQuotaError } from '../sync/errors';
import { createNotebook, deleteEntry, putEntry } from '../sync/mutate';
import { openTestDb } from '../sync/testing/testDevice';
import { DrawnWrites } from '../components/DrawnWrites';
import { localWrites } from '../sync/LocalWrites';
import { EntryIdsController } from './EntryIdsController';

/** A host that records the ids at each update it is asked for. */
class FakeHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  readonly seen: (readonly string[] | undefined)[] = [];
  controller!: EntryIdsController;
  readonly updateComplete = Promise.resolve(true);

  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.seen.push(this.controller.ids);
  }
}

const dbs: TidelineDB[] = [];
const controllers: EntryIdsController[] = [];
afterEach(async () => {
  for (const controller of controllers.splice(0)) controller.hostDisconnected();
  for (const db of dbs.splice(0)) await db.delete();
});

/** IndexedDB refuses entry writes for lack of space while `full.on` is set. */
function withFullDisk(db: TidelineDB) {
  const full = { on: false };
  db.use({
    stack: 'dbcore',
    name: 'full-disk',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'entries') return table;
        return {
          ...table,
          mutate: (request) =>
            full.on
              ? Promise.reject(
                  new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
                )
              : table.mutate(request),
        };
      },
    }),
  });
  return full;
}

/**
 * A notebook with Oak (t=1, done), Heron (t=2) and Beech (t=3), and a page showing it. The
 * list's rows are `rows` (as read) with `drawn` (the writes the list was handed) over them.
 */
async function fixture(filter: EntryFilter = { order: 'updated' }) {
  const db = openTestDb('entry-ids-controller');
  dbs.push(db);
  const full = withFullDisk(db);
  await setAuth(db, { userId: 'me' });
  const notebookId = await createNotebook(db, 'Survey', { now: 0 });
  const oak = await putEntry(db, notebookId, undefined, { title: 'Oak', done: true }, { now: 1 });
  const heron = await putEntry(db, notebookId, undefined, { title: 'Heron' }, { now: 2 });
  const beech = await putEntry(db, notebookId, undefined, { title: 'Beech' }, { now: 3 });
  // The rows the list holds: read like the list reads its window.
  const rows = new Map<string, EntryRow>();
  const drawn = new DrawnWrites();
  const host = new FakeHost();
  const source = { db, notebookId, filter, paused: false };
  const controller = new EntryIdsController(host, () => source, {
    shownRow: (id) => drawn.row(id, rows.get(id)),
  });
  host.controller = controller;
  controllers.push(controller);
  controller.hostConnected();
  await until(() => controller.ids !== undefined && !controller.loading);
  let readAt = -1;
  const readRows = async () => {
    readAt = localWrites.stamp;
    rows.clear();
    for (const row of await db.entries.bulkGet([...controller.ids!]))
      if (row) rows.set(row.id, row);
  };
  await readRows();
  /** The list renders with the writes the page hands it. */
  const render = () => drawn.update(controller.writes, notebookId, readAt);
  return { db, full, notebookId, oak, heron, beech, host, controller, rows, readRows, render };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

/** The write has been read back: no writes drawn over the ids any more. */
function settled(controller: EntryIdsController) {
  return until(() => controller.writes.length === 0);
}

describe('EntryIdsController and this page’s writes', () => {
  it('lists a new entry before its transaction resolves, then keeps it once read', async () => {
    const { db, notebookId, oak, heron, beech, host, controller } = await fixture();
    expect(controller.ids).toEqual([beech, heron, oak]);
    const write = putEntry(db, notebookId, undefined, { title: 'Pine' }, { now: 10 });
    // Synchronously, in the same task as the call.
    expect(controller.ids).toHaveLength(4);
    const [shown] = controller.ids!;
    expect(controller.writes.map((w) => w.entityId)).toEqual([shown]);
    expect(await db.entries.get(shown!)).toBeUndefined();
    const id = await write;
    expect(shown).toBe(id);
    await settled(controller);
    expect(controller.ids).toEqual([id, beech, heron, oak]);
    // Every list the page was asked to draw from the write on held the entry exactly once.
    const from = host.seen.findIndex((ids) => ids?.includes(id));
    for (const ids of host.seen.slice(from)) {
      expect(ids!.filter((other) => other === id)).toHaveLength(1);
    }
  });

  it('takes the entry out again when its transaction fails (a full disk), and the caller gets the error', async () => {
    const { db, full, notebookId, oak, heron, beech, controller } = await fixture();
    full.on = true;
    const write = putEntry(db, notebookId, undefined, { title: 'Pine' }, { now: 10 });
    expect(controller.ids).toHaveLength(4);
    const error = await write.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isQuotaError(error)).toBe(true);
    expect(controller.ids).toEqual([beech, heron, oak]);
    expect(controller.writes).toEqual([]);
    expect(await db.outbox.count()).toBe(4);
  });

  it('puts an edited entry where the sort order now places it, and leaves a put that changes nothing', async () => {
    const { db, notebookId, oak, heron, beech, controller, readRows } = await fixture();
    const edit = putEntry(db, notebookId, oak, { body: 'Bark damage' }, { now: 10 });
    expect(controller.ids).toEqual([oak, beech, heron]);
    await edit;
    await settled(controller);
    expect(controller.ids).toEqual([oak, beech, heron]);
    await readRows();
    const same = putEntry(db, notebookId, heron, { title: 'Heron' }, { now: 20 });
    expect(controller.ids).toEqual([oak, beech, heron]);
    await same;
  });

  it('keeps an edited entry in place when ordered by creation', async () => {
    const { db, notebookId, oak, heron, beech, controller, readRows } = await fixture({
      order: 'created',
    });
    await readRows();
    const edit = putEntry(db, notebookId, heron, { body: 'Two chicks' }, { now: 10 });
    expect(controller.ids).toEqual([beech, heron, oak]);
    await edit;
    const made = putEntry(db, notebookId, undefined, { title: 'Pine' }, { now: 11 });
    expect(controller.ids).toHaveLength(4);
    const id = await made;
    expect(controller.ids).toEqual([id, beech, heron, oak]);
    await settled(controller);
    expect(controller.ids).toEqual([id, beech, heron, oak]);
  });

  it('respects the filter: a write that no longer matches leaves at once, one that does not match never shows', async () => {
    const { db, notebookId, oak, heron, beech, controller } = await fixture({
      order: 'updated',
      done: false,
      text: 'e',
    });
    expect(controller.ids).toEqual([beech, heron]);
    const done = putEntry(db, notebookId, heron, { done: true }, { now: 10 });
    expect(controller.ids).toEqual([beech]);
    await done;
    const unmatched = putEntry(db, notebookId, undefined, { title: 'Oak too' }, { now: 11 });
    expect(controller.ids).toEqual([beech]);
    await unmatched;
    const matched = putEntry(db, notebookId, undefined, { title: 'Pine' }, { now: 12 });
    const [first] = controller.ids!;
    expect(controller.ids).toHaveLength(2);
    expect(await matched).toBe(first);
    await settled(controller);
    expect(controller.ids).toEqual([first, beech]);
    expect(controller.ids).not.toContain(oak);
  });

  it('places a new entry above one the ids hold but the list has not read back yet', async () => {
    const { db, notebookId, oak, heron, beech, controller, render } = await fixture();
    const pine = putEntry(db, notebookId, undefined, { title: 'Pine' }, { now: 10 });
    render();
    await pine;
    // The ids read now hold Pine; the list still draws it from the write, not from a read.
    await settled(controller);
    render();
    const larch = putEntry(db, notebookId, undefined, { title: 'Larch' }, { now: 11 });
    expect(controller.ids).toHaveLength(5);
    expect(controller.ids).toEqual([await larch, await pine, beech, heron, oak]);
  });

  it('takes a deleted entry out at once', async () => {
    const { db, notebookId, oak, heron, beech, controller } = await fixture();
    const removal = deleteEntry(db, notebookId, heron);
    expect(controller.ids).toEqual([beech, oak]);
    await removal;
    await settled(controller);
    expect(controller.ids).toEqual([beech, oak]);
  });

  it('leaves an edit it cannot place from the rows in memory to the read', async () => {
    const { db, notebookId, oak, heron, beech, controller, rows } = await fixture();
    rows.clear();
    const edit = putEntry(db, notebookId, oak, { body: 'Bark damage' }, { now: 10 });
    expect(controller.ids).toEqual([beech, heron, oak]);
    await edit;
    await settled(controller);
    expect(controller.ids).toEqual([oak, beech, heron]);
  });
});
