import { describe, expect, it } from 'vitest';
import type { EntryRow, NotebookRow } from '../db/db';
import { buildAccountExport } from './buildAccountExport';
import { notebookExportSchema } from './notebookExport';

function notebook(id: string, name: string, createdAt: number): NotebookRow {
  return {
    id,
    name,
    role: 'owner',
    ownerId: 'u1',
    createdAt,
    version: 1,
    deleted: false,
    unread: 0,
    pending: 0,
  };
}

function entry(notebookId: string, title: string, createdAt: number): EntryRow {
  return {
    id: `${notebookId}-${title}`,
    notebookId,
    title,
    body: '',
    tags: ['a'],
    done: false,
    location: null,
    createdAt,
    updatedAt: createdAt,
    version: 1,
    doneKey: 0,
    pending: 0,
    unread: false,
  } as unknown as EntryRow;
}

describe('buildAccountExport', () => {
  it('holds every notebook, oldest first, each in the importable notebook format', () => {
    const data = buildAccountExport(
      { name: 'Ana', email: 'ana@example.test' },
      [
        { notebook: notebook('b', 'Later', 20), entries: [entry('b', 'Two', 5)] },
        {
          notebook: notebook('a', 'First', 10),
          entries: [entry('a', 'Second', 2), entry('a', 'First', 1)],
        },
      ],
      99,
    );
    expect(data).toMatchObject({ format: 'tideline-account', version: 1, exportedAt: 99 });
    expect(data.account).toEqual({ name: 'Ana', email: 'ana@example.test' });
    expect(data.notebooks.map((one) => one.notebook.name)).toEqual(['First', 'Later']);
    expect(data.notebooks[0]?.entries.map((one) => one.title)).toEqual(['First', 'Second']);
    for (const one of data.notebooks)
      expect(notebookExportSchema.parse(one).entries).toHaveLength(one.entries.length);
  });
});
