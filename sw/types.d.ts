// Service-worker platform types that TypeScript's WebWorker lib does not ship yet,
// declared once here (Background Sync, Periodic Background Sync, Background Fetch).
export {};

declare global {
  interface SyncEvent extends ExtendableEvent {
    readonly tag: string;
    readonly lastChance: boolean;
  }
  interface PeriodicSyncEvent extends ExtendableEvent {
    readonly tag: string;
  }
  interface BackgroundFetchRecord {
    readonly request: Request;
    readonly responseReady: Promise<Response>;
  }
  interface BackgroundFetchRegistration extends EventTarget {
    readonly id: string;
    readonly result: '' | 'success' | 'failure';
    readonly failureReason: string;
    matchAll(): Promise<BackgroundFetchRecord[]>;
  }
  interface BackgroundFetchEvent extends ExtendableEvent {
    readonly registration: BackgroundFetchRegistration;
  }
  interface BackgroundFetchUpdateUIEvent extends BackgroundFetchEvent {
    updateUI(options: { title?: string }): Promise<void>;
  }
  interface ServiceWorkerGlobalScopeEventMap {
    sync: SyncEvent;
    periodicsync: PeriodicSyncEvent;
    backgroundfetchsuccess: BackgroundFetchUpdateUIEvent;
    backgroundfetchfail: BackgroundFetchUpdateUIEvent;
    backgroundfetchabort: BackgroundFetchEvent;
    backgroundfetchclick: BackgroundFetchEvent;
  }
}
