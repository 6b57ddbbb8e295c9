// Where an attachment's bytes live on this device, behind one small interface so the rest of the
// attachment code does not care whether it is the Origin Private File System or IndexedDB
// (chooseFileStore.ts says which and why). Bytes are keyed by their SHA-256: the same photo
// attached twice is kept once.

export interface FileStore {
  readonly kind: 'opfs' | 'idb' | 'memory';
  /**
   * Stores `blob` under `sha256`, reading it in pieces (never the whole file in memory). A
   * failure removes what was partly written. Throws AttachmentError('quota-exceeded') when the
   * device is out of space.
   */
  put(sha256: string, blob: Blob): Promise<void>;
  /** The bytes as a Blob (backed by the store, not copied into memory), or null. */
  get(sha256: string): Promise<Blob | null>;
  delete(sha256: string): Promise<void>;
}

/** Whether an error from a storage API means the device (or the origin's quota) is full. */
export function isQuotaError(error: unknown): boolean {
  if (!(
    error instanceof Error ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException)
  )) {
    return false;
  }
  const name = (error as { name?: string }).name;
  const inner = (error as { inner?: { name?: string } }).inner?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}
