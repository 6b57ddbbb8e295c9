import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './sameOriginPath';

const origin = 'https://notes.example.org';

describe('sameOriginPath', () => {
  it.each([
    ['/notebooks', '/notebooks'],
    ['/notebooks/n1/entries/e1?from=push#top', '/notebooks/n1/entries/e1?from=push#top'],
    ['/notebooks/../settings', '/settings'],
  ])('lets %s through as %s', (url, expected) => {
    expect(sameOriginPath(url, origin)).toBe(expected);
  });

  it.each([
    '/\\evil.example',
    '/\\/evil.example',
    '//evil.example',
    '/\t/evil.example',
    'https://evil.example/notebooks',
    'javascript:alert(1)',
    'notebooks',
    '',
    undefined,
    42,
  ])('refuses %j', (url) => {
    expect(sameOriginPath(url, origin)).toBeUndefined();
  });
});
