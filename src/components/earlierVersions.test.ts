import { describe, expect, it } from 'vitest';
import { EMPTY_ENTRY, type HistoryItem } from '../protocol/entry';
import { earlierVersions } from './earlierVersions';

const ana = { id: 'ana', name: 'Ana' };
const ben = { id: 'ben', name: 'Ben' };
const entryId = '0190a000-0000-7000-8000-000000000001';

function item(
  id: number,
  field: HistoryItem['field'],
  value: unknown,
  version: number,
  author: typeof ana,
  overwrittenAt: number,
  overwrittenBy: typeof ana,
): HistoryItem {
  return {
    id,
    entryId,
    field,
    value,
    version,
    author,
    overwrittenAt,
    overwrittenBy,
    conflict: false,
    settled: false,
    createdAt: overwrittenAt * 1000,
  };
}

// Ana wrote "one"/"a" at v1; Ben changed the body to "b" at v2; Ana changed both at v3.
const current = {
  fields: { ...EMPTY_ENTRY, title: 'three', body: 'c' },
  fieldVersions: { title: 3, body: 3, tags: 1, done: 1, location: 1, track: 1 },
  fieldAuthors: {
    title: 'ana',
    body: 'ana',
    tags: 'ana',
    done: 'ana',
    location: 'ana',
    track: 'ana',
  },
  createdAt: 500,
};
const items = [
  item(3, 'body', 'b', 2, ben, 3, ana),
  item(2, 'title', 'one', 1, ana, 3, ana),
  item(1, 'body', 'a', 1, ana, 2, ben),
];

describe('earlierVersions', () => {
  it('undoes each change in turn, newest first, with who wrote each version', () => {
    const versions = earlierVersions(current, items, true);
    expect(versions.map((v) => [v.fields.title, v.fields.body, v.version, v.author.name])).toEqual([
      ['one', 'b', 2, 'Ben'],
      ['one', 'a', 1, 'Ana'],
    ]);
    // Written when the change after it replaced something (v2 at 2000); the first at creation.
    expect(versions.map((v) => v.writtenOn)).toEqual([2000, 500]);
    expect(versions[0]).toMatchObject({
      replacedAt: 3,
      replacedBy: ana,
      changed: ['body', 'title'],
    });
  });

  it('leaves out a group a page boundary may have cut', () => {
    const firstPage = items.slice(0, 2);
    expect(earlierVersions(current, firstPage, false)).toEqual([]);
    expect(earlierVersions(current, items, false).map((v) => v.fields.body)).toEqual(['b']);
  });
});
