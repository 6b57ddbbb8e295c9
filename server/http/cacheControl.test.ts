import { describe, expect, it } from 'vitest';
import { cacheControlFor, IMMUTABLE, NO_CACHE, SHORT_LIVED } from './cacheControl.js';

describe('cacheControlFor', () => {
  it.each([
    ['sw.js', NO_CACHE],
    ['workbox-4f3a2b1c.js', NO_CACHE],
    ['registerSW.js', NO_CACHE],
    ['index.html', NO_CACHE],
    ['manifest.webmanifest', NO_CACHE],
    ['assets/index-B2x9aQ.js', IMMUTABLE],
    ['assets/index-Cq1.css', IMMUTABLE],
    ['icons/icon-192.png', SHORT_LIVED],
    ['robots.txt', SHORT_LIVED],
    ['sw.js.map', SHORT_LIVED],
  ])('%s → %s', (path, expected) => {
    expect(cacheControlFor(path)).toBe(expected);
  });
});
