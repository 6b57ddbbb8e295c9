import { describe, expect, it } from 'vitest';
import { matchRoute, PageName, pathFor, safeNextPath } from './routes.js';

describe('matchRoute', () => {
  it.each([
    ['/', PageName.Notebooks, {}],
    ['/notebooks', PageName.Notebooks, {}],
    ['/notebooks/', PageName.Notebooks, {}],
    ['/sign-in', PageName.SignIn, {}],
    ['/settings', PageName.Settings, {}],
    ['/notebooks/abc', PageName.Notebook, { notebookId: 'abc' }],
    ['/notebooks/a%20b/entries/e1', PageName.Entry, { notebookId: 'a b', entryId: 'e1' }],
    ['/join/tok_-9', PageName.Join, { token: 'tok_-9' }],
  ])('%s → %s', (path, page, params) => {
    const match = matchRoute(path);
    expect(match.page).toBe(page);
    expect(match.params).toEqual(params);
  });

  it.each(['/nope', '/notebooks/a/b', '/notebooks/a/entries', '/notebooks/%E0%A4%A'])(
    '%s → not found',
    (path) => {
      expect(matchRoute(path).page).toBe(PageName.NotFound);
    },
  );
});

describe('pathFor', () => {
  it('builds encoded paths that match back', () => {
    const path = pathFor(PageName.Entry, { notebookId: 'n/1', entryId: 'e 2' });
    expect(path).toBe('/notebooks/n%2F1/entries/e%202');
    expect(matchRoute(path).params).toEqual({ notebookId: 'n/1', entryId: 'e 2' });
  });

  it('refuses a missing parameter', () => {
    expect(() => pathFor(PageName.Notebook)).toThrow(/notebookId/);
  });
});

describe('safeNextPath', () => {
  it.each([
    ['/join/abc', '/join/abc'],
    ['/notebooks?x=1#y', '/notebooks?x=1#y'],
  ])('keeps %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    null,
    '',
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '/api/auth/me',
  ])('drops %s', (next) => {
    expect(safeNextPath(next)).toBeUndefined();
  });
});
