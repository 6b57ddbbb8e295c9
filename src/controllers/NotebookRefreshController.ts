// Brings a notebook page's notebook up to date when it opens: through the sync worker when the
// large-download policy says so (app/largeDownload.ts), otherwise with an ordinary sync of the
// page's engine. A notebook that is not on this device is looked up on the server the same way.
//
//   opened ──▶ offline? ── yes ─▶ skipped-offline ── back online, still missing ──▶ opened again
//                 │ no
//                 ├─ not a notebook id ─────────────────────────────────────────────▶ done
//                 ├─ small catch-up ──▶ engine sync (the notebook appears, or the page waits)
//                 └─ large download ──▶ worker job ── finished ─▶ done
//                                                   └ failed ──▶ error (the engine retries)
//
// `done` means the server was asked (found or not): a notebook still missing then is not shared.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Trigger } from '../db/db';
import { uuidSchema } from '../protocol/ids';
import { needsLargeDownload, startLargeDownload } from '../app/largeDownload';
import { getSyncEngine } from '../app/sync';
import { WorkerJobError, syncErrorOf, type JobProgress } from '../workers/syncWorkerClient';

export const NotebookLookup = {
  NotYet: 'not-yet',
  SkippedOffline: 'skipped-offline',
  Done: 'done',
} as const;
export type NotebookLookup = (typeof NotebookLookup)[keyof typeof NotebookLookup];

/** What the page knows of the notebook on this device. */
export interface NotebookHere {
  /** Its version here; undefined when it is not on this device. */
  version: number | undefined;
  name: string | undefined;
  /** The cursor this device pulled it to. */
  cursor: number | undefined;
}

export class NotebookRefreshController implements ReactiveController {
  /** A download running in the sync worker, and its latest progress. */
  downloading = false;
  progress: JobProgress | undefined;
  /** Why looking the notebook up on the server failed, if it did. */
  error = '';
  lookup: NotebookLookup = NotebookLookup.NotYet;
  private refreshedFor = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly notebookId: () => string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Another notebook opened: nothing is known of it yet. */
  reset(): void {
    this.error = '';
    this.lookup = NotebookLookup.NotYet;
  }

  /** After each render with the notebook read: refreshes it once per opening (see the header). */
  check(here: NotebookHere, online: boolean): void {
    const notebookId = this.notebookId();
    // Opened offline and not here: look it up once the network is back.
    if (here.version === undefined && !this.downloading && online) {
      if (this.refreshedFor === notebookId && this.lookup === NotebookLookup.SkippedOffline) {
        this.refreshedFor = '';
      }
    }
    if (this.refreshedFor === notebookId) return;
    this.refreshedFor = notebookId;
    void this._refresh(here.version === undefined, here.version ?? 0, here.cursor, here.name);
  }

  private _set(changes: Partial<Pick<this, 'downloading' | 'progress' | 'error' | 'lookup'>>) {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }

  private async _refresh(
    missing: boolean,
    version: number,
    cursor: number | undefined,
    name: string | undefined,
  ): Promise<void> {
    if (!navigator.onLine) {
      this._set({ lookup: NotebookLookup.SkippedOffline });
      return;
    }
    if (this.lookup === NotebookLookup.SkippedOffline) this.lookup = NotebookLookup.NotYet;
    // Not a notebook id at all: nothing on the server could match it.
    if (missing && !uuidSchema.safeParse(this.notebookId()).success) {
      this._set({ lookup: NotebookLookup.Done });
      return;
    }
    if (!needsLargeDownload(missing, version, cursor)) {
      void getSyncEngine().trigger(Trigger.Foreground);
      return;
    }
    const notebookId = this.notebookId();
    this._set({ downloading: true, progress: undefined, error: '' });
    const job = startLargeDownload(name ? `Syncing ${name}` : undefined);
    job.addEventListener('progress', () => this._set({ progress: job.progress }));
    try {
      await job.done;
      if (this.notebookId() === notebookId) this._set({ lookup: NotebookLookup.Done });
    } catch (error) {
      if (this.notebookId() === notebookId) {
        this._set({ error: error instanceof WorkerJobError ? error.message : String(error) });
      }
      // The status bar says what happened (offline, signed out…) and the engine retries as for
      // its own failures: back online, its sync hands what is left of the download to the worker.
      void getSyncEngine().reportFailure(syncErrorOf(error));
    } finally {
      this._set({ downloading: false });
      // The worker synced behind the engine's back: the engine reloads its state and counts.
      void getSyncEngine().start();
    }
  }
}
