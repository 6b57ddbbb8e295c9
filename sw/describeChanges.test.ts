import { describe, expect, it } from 'vitest';
import { AuthRequiredError, OfflineError, ServerBusyError } from '../src/sync/errors';
import {
  describeAuthors,
  describeChanges,
  notebookAlertTag,
  quietAlertBody,
  type TeammateChange,
} from './describeChanges';

const NOTEBOOK = 'nb-1';
const names = new Map([
  ['ana', 'Ana'],
  ['ben', 'Ben'],
  ['cy', 'Cy'],
]);
const nameOf = (id: string) => names.get(id);

function change(entryId: string, by: string, created: boolean, title = `Entry ${entryId}`) {
  return { entryId, by, created, title } satisfies TeammateChange;
}

function describe1(changes: TeammateChange[], notebookName = 'Trail survey') {
  return describeChanges({ notebookId: NOTEBOOK, notebookName, changes }, nameOf);
}

describe('describeChanges', () => {
  it('says nothing when nothing changed', () => {
    expect(describe1([])).toBeUndefined();
  });

  it('names one added entry and links to it', () => {
    expect(describe1([change('e1', 'ana', true, 'Water levels')])).toEqual({
      title: 'Trail survey',
      body: 'Ana added “Water levels” to Trail survey',
      tag: notebookAlertTag(NOTEBOOK),
      url: `/notebooks/${NOTEBOOK}/entries/e1`,
    });
  });

  it('names a voice memo a teammate added, with its length', () => {
    const memo = { ...change('e1', 'ana', false, 'Ridge'), memoMs: 42_400 };
    expect(describe1([memo])).toMatchObject({
      body: 'Ana added a voice memo (0:42) to Trail survey',
      url: `/notebooks/${NOTEBOOK}/entries/e1`,
    });
  });

  it('counts several added entries and links to the notebook', () => {
    const alert = describe1([
      change('e1', 'ana', true),
      change('e2', 'ana', true),
      change('e3', 'ana', true),
    ]);
    expect(alert?.body).toBe('Ana added 3 entries to Trail survey');
    expect(alert?.url).toBe(`/notebooks/${NOTEBOOK}`);
  });

  it('names one changed entry', () => {
    expect(describe1([change('e1', 'ana', false, 'Water levels')])?.body).toBe(
      'Ana changed “Water levels” in Trail survey',
    );
  });

  it('counts changed entries', () => {
    expect(describe1([change('e1', 'ben', false), change('e2', 'ben', false)])?.body).toBe(
      'Ben changed 2 entries in Trail survey',
    );
  });

  it('tells added and changed apart in one sentence', () => {
    expect(
      describe1([change('e1', 'ana', true), change('e2', 'ana', true), change('e3', 'ana', false)])
        ?.body,
    ).toBe('Ana added 2 entries and changed 1 in Trail survey');
    expect(describe1([change('e1', 'ana', true), change('e2', 'ana', false)])?.body).toBe(
      'Ana added 1 entry and changed 1 in Trail survey',
    );
  });

  it('names two teammates, or the first and how many others', () => {
    expect(describe1([change('e1', 'ana', true), change('e2', 'ben', true)])?.body).toBe(
      'Ana and Ben added 2 entries to Trail survey',
    );
    expect(
      describe1([change('e1', 'ana', false), change('e2', 'ben', false), change('e3', 'cy', false)])
        ?.body,
    ).toBe('Ana and 2 others changed 3 entries in Trail survey');
  });

  it('says "a teammate" when the name is unknown', () => {
    expect(describe1([change('e1', 'zed', true, 'Gauge')])?.body).toBe(
      'A teammate added “Gauge” to Trail survey',
    );
  });

  it('words an untitled entry, trims long titles, and a notebook without a name', () => {
    expect(describe1([change('e1', 'ana', false, '   ')])?.body).toBe(
      'Ana changed an untitled entry in Trail survey',
    );
    const long = 'A'.repeat(100);
    expect(describe1([change('e1', 'ana', false, long)])?.body).toBe(
      `Ana changed “${'A'.repeat(59)}…” in Trail survey`,
    );
    expect(describe1([change('e1', 'ana', true), change('e2', 'ana', true)], ' ')).toMatchObject({
      title: 'a notebook',
      body: 'Ana added 2 entries to a notebook',
    });
  });
});

describe('describeAuthors', () => {
  it.each([
    [['ana'], 'Ana'],
    [['ana', 'ana'], 'Ana'],
    [['ana', 'ben'], 'Ana and Ben'],
    [['ana', 'zed'], 'Ana and a teammate'],
    [['zed', 'ana'], 'Ana and a teammate'],
    [['zed'], 'A teammate'],
    [['zed', 'yan'], '2 teammates'],
    [['ana', 'ben', 'cy', 'zed'], 'Ana and 3 others'],
  ])('%j → %s', (ids, expected) => {
    expect(describeAuthors(ids, nameOf)).toBe(expected);
  });
});

describe('quietAlertBody', () => {
  const poke = {
    type: 'poke' as const,
    notebookId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    version: 3,
    notebookName: 'Trail survey',
    by: 'Ana',
  };

  it('says all is up to date when the pull found nothing', () => {
    expect(quietAlertBody(undefined, poke)).toBe('Up to date: nothing new from your teammates.');
  });

  it('passes on what the poke said, and why the pull failed', () => {
    expect(quietAlertBody(new OfflineError(), poke)).toBe(
      'Ana changed Trail survey. Tideline could not reach the server; it will catch up when you open it.',
    );
    expect(quietAlertBody(new AuthRequiredError(), undefined)).toBe(
      'Sign in to Tideline again to receive your teammates’ changes.',
    );
    expect(quietAlertBody(new ServerBusyError({ status: 503 }), { ...poke, by: undefined })).toBe(
      'Tideline could not check for changes just now; it will try again later.',
    );
  });
});
