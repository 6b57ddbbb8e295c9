// Test deps for the attachment functions: a fake-indexeddb database, an in-memory byte store and
// (by default) a server that cannot be reached, so limits fall back to the defaults.
import type { TidelineDB } from '../db/db';
import type { AttachmentDeps } from './AttachmentDeps';
import type { FileApi } from './FileApi';
import { MemoryFileStore } from './store/MemoryFileStore';

const unreachable: FileApi = {
  baseUrl: 'http://127.0.0.1:9',
  fetch: () => Promise.reject(new TypeError('fetch failed')),
};

export function memoryDeps(
  db: TidelineDB,
  options: { api?: FileApi; now?: () => number } = {},
): AttachmentDeps & { memory: MemoryFileStore } {
  const memory = new MemoryFileStore();
  return {
    db,
    api: options.api ?? unreachable,
    memory,
    store: () => Promise.resolve(memory),
    storeOf: () => memory,
    ...(options.now && { now: options.now }),
  };
}
