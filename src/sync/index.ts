// The sync core's public surface: local writes, the engine and its parts. Pure TypeScript over
// Dexie and the protocol; no DOM, Lit or service-worker imports, so it runs in every context.
export * from './errors';
export * from './mutate';
export { SyncEngine, SyncStatus } from './SyncEngine';
export type { SyncEngineOptions, SyncRunOutcome, SyncState } from './SyncEngine';
export { syncOnce } from './syncOnce';
export type { SyncDeps, SyncOptions, SyncProgress, SyncResult } from './syncOnce';
export { pushOutbox, PUSH_BATCH_SIZE } from './pushOutbox';
export type { PushResult } from './pushOutbox';
export { pullChanges } from './pullChanges';
export type { PullResult } from './pullChanges';
export { createFetchTransport } from './createFetchTransport';
export type { FetchTransportOptions } from './createFetchTransport';
export type { Transport } from './Transport';
export { systemClock } from './Clock';
export type { Clock, TimerHandle } from './Clock';
export { createSyncLock, InMemoryLock, WebLock, SYNC_LOCK_NAME } from './SyncLock';
export type { LockManagerLike, SyncLock } from './SyncLock';
export { getClientId } from './getClientId';
export { uuidv7, uuidv7Time, randomUuid } from './uuid';
export { DEFAULT_BACKOFF, backoffDelay } from './backoff';
export type { BackoffPolicy } from './backoff';
