import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/LiveQueryController';
import { getDb } from '../db/db';
import { attachmentJob } from '../app/attachments';
import type { NotebookFilesFacts } from '../attachments/notebookFilesFacts';
import { formatBytes } from '../attachments/AttachmentError';
import { keepingNotebookFiles, setNotebookFilesOffline, type KeepRun } from '../app/offlineFiles';
import { pageStyles } from '../styles/shared';
import { largeWritesSettled, type JobProgress } from '../workers/syncWorkerClient';
import './tl-entry-progress';

interface FilesFacts extends NotebookFilesFacts {
  keepOffline: boolean;
}

/**
 * A notebook's "keep files on this device" switch, with what it costs: how many files and bytes
 * the notebook's photos and files take, how many are here now, and the device's free space. On,
 * every file downloads (now and as teammates add more) and opens without a network; off, files
 * download when opened and clean-up may drop those copies later.
 */
@customElement('tl-notebook-files')
export class TlNotebookFiles extends LitElement {
  @property() notebookId = '';
  @state() private busy = false;
  @state() private progress: JobProgress | undefined;
  @state() private message = '';
  @state() private error = '';
  @state() private free: number | undefined;

  private readonly facts = new LiveQueryController<FilesFacts>(
    this,
    async () => {
      const db = getDb();
      // Cheap reads that change whenever the facts may have (the choice, the notebook's entries
      // as an index count, this device's files), so the query runs again then; the facts
      // themselves are counted in the sync worker, which reads the entries.
      const [choice] = await Promise.all([
        db.notebookFiles.get(this.notebookId),
        db.entries.where('notebookId').equals(this.notebookId).count(),
        db.files.count(),
      ]);
      // Not while a download or import runs: counting reads every entry of the notebook, and this
      // query runs again at every page stored. The last page stored runs it once more.
      await largeWritesSettled();
      const facts = await attachmentJob<NotebookFilesFacts>({
        type: 'files-facts',
        notebookId: this.notebookId,
      }).done;
      return { ...facts, keepOffline: choice?.keepOffline ?? false };
    },
    () => [this.notebookId],
  );

  static override styles = [
    pageStyles,
    css`
      :host {
        padding: 0;
      }
      label.check {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
        font-weight: 600;
      }
      label.check input {
        margin-top: 0.25rem;
      }
      .error {
        color: var(--tl-danger);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void navigator.storage
      ?.estimate?.()
      .then(({ quota, usage }) => {
        if (quota !== undefined) this.free = Math.max(0, quota - (usage ?? 0));
      })
      .catch(() => undefined);
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('notebookId')) {
      const run = keepingNotebookFiles(this.notebookId);
      if (run && !this.busy) void this._follow(run);
    }
  }

  override render() {
    const facts = this.facts.value;
    const on = facts?.keepOffline ?? false;
    const size = facts ? formatBytes(facts.bytes) : '…';
    const count = facts?.files ?? 0;
    return html`<section class="card" aria-labelledby="files-offline-heading">
      <h2 id="files-offline-heading">Files on this device</h2>
      <label class="check">
        <input
          type="checkbox"
          role="switch"
          aria-describedby="files-offline-cost"
          .checked=${on}
          ?disabled=${!facts}
          @change=${this._onToggle}
          data-testid="keep-files-offline"
        />
        Keep this notebook’s photos and files on this device
      </label>
      <p class="muted" id="files-offline-cost">
        On: all ${count === 1 ? '1 file' : `${count} files`} in this notebook (${size}) download
        now, and new ones as teammates add them, so they open without a network. That uses ${size}
        of this device’s
        storage${
          this.free !== undefined
            ? html`, which has ${formatBytes(this.free)} free for Tideline`
            : ''
        }.
        Off: a file downloads when you open it and is kept for a week after; turning this off frees
        the copies kept only for this notebook. Files you attached on this device always stay until
        they are uploaded.
      </p>
      ${
        facts
          ? html`<p role="status" data-testid="files-offline-status">
              ${facts.here} of ${facts.files} ${facts.files === 1 ? 'file' : 'files'} on this device
              (${formatBytes(facts.hereBytes)})
            </p>`
          : nothing
      }
      ${
        this.busy
          ? html`<tl-entry-progress
              label="Downloading this notebook’s files"
              .progress=${this.progress}
            ></tl-entry-progress>`
          : nothing
      }
      ${this.message ? html`<p role="status" data-testid="files-offline-message">${this.message}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert" data-testid="files-offline-error">${this.error}</p>` : nothing}
    </section>`;
  }

  private async _onToggle(event: Event): Promise<void> {
    const on = (event.target as HTMLInputElement).checked;
    this.message = '';
    this.error = '';
    try {
      const run = await setNotebookFilesOffline(this.notebookId, on);
      if (run) await this._follow(run);
      else this.message = 'Downloaded copies this notebook kept are freed.';
    } catch (error) {
      this.error = `Could not change this: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private async _follow({ job, done }: KeepRun): Promise<void> {
    this.busy = true;
    this.progress = job.progress;
    const onProgress = () => (this.progress = job.progress);
    job.addEventListener('progress', onProgress);
    try {
      const { downloaded, failed, inBackground } = await done;
      const parts: string[] = [];
      if (downloaded > 0)
        parts.push(`Downloaded ${downloaded === 1 ? '1 file' : `${downloaded} files`}.`);
      if (inBackground > 0) {
        parts.push(
          `${inBackground === 1 ? '1 large file is' : `${inBackground} large files are`} downloading in the background; your browser shows the progress, and it carries on if you close Tideline.`,
        );
      }
      this.message = parts.join(' ');
      if (failed > 0) {
        this.error = `${failed === 1 ? '1 file' : `${failed} files`} could not be downloaded (offline, or not uploaded yet). Tideline tries again after the next sync.`;
      }
    } catch (error) {
      this.error = `The files could not be downloaded: ${error instanceof Error ? error.message : String(error)}. Tideline tries again after the next sync.`;
    } finally {
      job.removeEventListener('progress', onProgress);
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-notebook-files': TlNotebookFiles;
  }
}
