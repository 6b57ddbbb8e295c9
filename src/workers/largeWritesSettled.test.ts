// Readers of every entry of a notebook (the "keep files on this device" facts) wait for the
// page's downloads and imports to end: run at every page stored, they held each next page's write
// and read more every time, and a first download of 100,000 entries slowed tenfold.
import { describe, expect, it } from 'vitest';
import type { JobResult, WorkerRequest } from './protocol';
import { largeWritesSettled, startWorkerJob } from './syncWorkerClient';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Starts a job of this type whose work (run on the page: Node has no Worker) ends on demand. */
function job(type: 'sync' | 'import' | 'tags') {
  const work = deferred();
  const request = { type, jobId: Math.floor(Math.random() * 1e9), notebookId: 'n' };
  const started = startWorkerJob(request as unknown as WorkerRequest, async () => {
    await work.promise;
    return null as unknown as JobResult;
  });
  started.done.catch(() => undefined);
  return work;
}

async function settledYet(): Promise<boolean> {
  let settled = false;
  void largeWritesSettled().then(() => (settled = true));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return settled;
}

describe('largeWritesSettled', () => {
  it('resolves at once when no download or import runs, whatever else does', async () => {
    const tags = job('tags');
    expect(await settledYet()).toBe(true);
    tags.resolve();
  });

  it('waits for a running download, and for an import started meanwhile', async () => {
    const download = job('sync');
    expect(await settledYet()).toBe(false);
    const waiting = largeWritesSettled();
    const imported = job('import');
    download.resolve();
    expect(await settledYet()).toBe(false);
    imported.reject(new Error('offline'));
    await waiting;
    expect(await settledYet()).toBe(true);
  });
});
