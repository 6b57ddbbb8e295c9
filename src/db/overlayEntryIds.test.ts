import { describe, expect, it } from 'vitest';
import type { EntryRow } from './db';
import { entryRow } from '../sync/testing/entryRow';
import { overlayEntryIds } from './overlayEntryIds';

const NOTEBOOK = 'notebook';

function row(id: string, updatedAt: number, fields: Partial<EntryRow> = {}): EntryRow {
  return entryRow({ id, notebookId: NOTEBOOK, createdAt: updatedAt, updatedAt, ...fields });
}

/** Ids e9 … e0 (newest first, updated at 90 … 0); the rows in memory are e9 … e5. */
function listed() {
  const rows = new Map<string, EntryRow>();
  const ids: string[] = [];
  for (let i = 9; i >= 0; i--) {
    ids.push(`e${i}`);
    if (i >= 5) rows.set(`e${i}`, row(`e${i}`, i * 10));
  }
  return { ids, shown: (id: string) => rows.get(id) };
}

const updated = { order: 'updated' } as const;

describe('overlayEntryIds', () => {
  it('puts a new entry on top, or below rows stamped later, from the rows in memory', () => {
    const { ids, shown } = listed();
    const top = new Map([['new', row('new', 100)]]);
    expect(overlayEntryIds(ids, NOTEBOOK, updated, top, shown).slice(0, 2)).toEqual(['new', 'e9']);
    // The server stamped e9 and e8 later than this device's clock says now.
    const below = new Map([['new', row('new', 75)]]);
    expect(overlayEntryIds(ids, NOTEBOOK, updated, below, shown).slice(0, 4)).toEqual([
      'e9',
      'e8',
      'new',
      'e7',
    ]);
  });

  it('leaves a new entry out, and an edited one in place, when its place is past the rows in memory', () => {
    const { ids, shown } = listed();
    const deep = new Map([['new', row('new', 25)]]);
    expect(overlayEntryIds(ids, NOTEBOOK, updated, deep, shown)).toBe(ids);
    const edited = new Map([['e2', row('e2', 25, { title: 'edited' })]]);
    expect(overlayEntryIds(ids, NOTEBOOK, updated, edited, shown)).toBe(ids);
  });

  it('takes out what no longer matches or is gone, and keeps the array when nothing moves', () => {
    const { ids, shown } = listed();
    const done = new Map([['e8', row('e8', 95, { done: true, doneKey: 1 })]]);
    expect(overlayEntryIds(ids, NOTEBOOK, { ...updated, done: false }, done, shown)).not.toContain(
      'e8',
    );
    expect(overlayEntryIds(ids, NOTEBOOK, updated, new Map([['e3', null]]), shown)).not.toContain(
      'e3',
    );
    const same = new Map([['e7', row('e7', 70, { body: 'more' })]]);
    expect(overlayEntryIds(ids, NOTEBOOK, updated, same, shown)).toBe(ids);
  });
});
