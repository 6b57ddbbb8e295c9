import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_FETCH_MIN_BYTES,
  backgroundFetchId,
  parseBackgroundFetchId,
  startBackgroundDownloads,
} from './backgroundFetchFiles';

const NOTEBOOK = '01900000-0000-7000-8000-000000000001';
const sha = (digit: string) => digit.repeat(64);
const file = (digit: string, size: number) => ({
  id: `01900000-0000-7000-8000-00000000000${digit}`,
  sha256: sha(digit),
  type: 'video/mp4',
  size,
  name: `clip-${digit}.mp4`,
});

describe('startBackgroundDownloads', () => {
  it('hands large files to Background Fetch, joins running ones, leaves the rest to fetch', async () => {
    const started: { id: string; requests: string[]; downloadTotal: number }[] = [];
    const registration = {
      backgroundFetch: {
        get: (id: string) =>
          Promise.resolve(id === backgroundFetchId(NOTEBOOK, sha('3')) || undefined),
        fetch: (id: string, requests: string[], options: { downloadTotal: number }) => {
          if (id === backgroundFetchId(NOTEBOOK, sha('4'))) {
            return Promise.reject(new DOMException('denied', 'NotAllowedError'));
          }
          started.push({ id, requests, downloadTotal: options.downloadTotal });
          return Promise.resolve({});
        },
      },
    };
    const big = BACKGROUND_FETCH_MIN_BYTES;
    const handed = await startBackgroundDownloads(registration, NOTEBOOK, [
      file('1', big - 1),
      file('2', big),
      file('3', big * 2),
      file('4', big * 3),
    ]);
    expect([...handed]).toEqual([sha('2'), sha('3')]);
    expect(started).toEqual([
      {
        id: backgroundFetchId(NOTEBOOK, sha('2')),
        requests: [`/api/notebooks/${NOTEBOOK}/attachments/${file('2', 0).id}/content`],
        downloadTotal: big,
      },
    ]);
  });

  it('hands nothing over where the browser has no Background Fetch', async () => {
    const handed = await startBackgroundDownloads({}, NOTEBOOK, [
      file('2', BACKGROUND_FETCH_MIN_BYTES),
    ]);
    expect(handed.size).toBe(0);
  });

  it('reads back only its own ids', () => {
    expect(parseBackgroundFetchId(backgroundFetchId(NOTEBOOK, sha('a')))).toEqual({
      notebookId: NOTEBOOK,
      sha256: sha('a'),
    });
    expect(parseBackgroundFetchId('someone-else:1')).toBeNull();
    expect(parseBackgroundFetchId(`tideline-file:${NOTEBOOK}:not-a-hash`)).toBeNull();
  });
});
