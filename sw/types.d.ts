// Service-worker platform types that TypeScript's WebWorker lib does not ship yet,
// declared once here (Background Sync and Periodic Background Sync).
export {};

declare global {
  interface SyncEvent extends ExtendableEvent {
    readonly tag: string;
    readonly lastChance: boolean;
  }
  interface PeriodicSyncEvent extends ExtendableEvent {
    readonly tag: string;
  }
  interface ServiceWorkerGlobalScopeEventMap {
    sync: SyncEvent;
    periodicsync: PeriodicSyncEvent;
  }
}
