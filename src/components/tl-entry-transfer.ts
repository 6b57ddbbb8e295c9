import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getDb } from '../db/db';
import { listEntries } from '../db/queries';
import { buildJsonExport, buildMarkdownExport } from '../io/buildExport';
import { downloadFile, fileNameFor } from '../io/downloadFile';
import { watchLongJob } from '../app/ongoingWork';
import { getSyncEngine } from '../app/sync';
import { partStyles } from '../styles/shared';
import {
  WorkerJobError,
  importEntries,
  type ImportJobResult,
  type JobProgress,
} from '../workers/syncWorkerClient';
import './tl-entry-progress';

/** Issues listed under a refused import; the message says how many more there are. */
const ISSUES_LISTED = 10;

/**
 * Exports a notebook's entries (JSON to import again, Markdown to read) and imports a JSON export
 * into it. The import runs in the sync worker: the file is checked whole first, so a bad file
 * writes nothing; then entries are created in chunks with progress, and synced.
 */
@customElement('tl-entry-transfer')
export class TlEntryTransfer extends LitElement {
  @property() notebookId = '';
  @property() notebookName = '';
  /** The user may add entries (owner or editor). */
  @property({ type: Boolean }) canImport = false;

  @state() private progress: JobProgress | undefined;
  @state() private importing = false;
  @state() private result = '';
  @state() private error: WorkerJobError | undefined;
  @state() private exporting = false;

  static override styles = [
    ...partStyles,
    css`
      :host {
        margin: 0 0 0.75rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      input[type='file'] {
        max-width: 28rem;
      }
      .error {
        color: var(--tl-danger);
      }
      .ok {
        color: var(--tl-ok);
      }
    `,
  ];

  override render() {
    return html`<section class="card" aria-labelledby="transfer-title">
      <h2 id="transfer-title">Export and import</h2>
      <p class="muted">Exports are made from this device, so they work offline too.</p>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          ?disabled=${this.exporting}
          @click=${this._onExportJson}
        >
          Export as JSON
        </button>
        <button
          type="button"
          class="secondary"
          ?disabled=${this.exporting}
          @click=${this._onExportMarkdown}
        >
          Export as Markdown
        </button>
      </div>
      ${this.canImport ? this._renderImport() : nothing}
    </section>`;
  }

  private _renderImport() {
    const { error } = this;
    return html`<label for="import-file">Import entries from a Tideline JSON export</label>
      <input
        id="import-file"
        type="file"
        accept="application/json,.json"
        ?disabled=${this.importing}
        @change=${this._onImport}
      />
      ${
        this.importing
          ? html`<tl-entry-progress
              .progress=${this.progress}
              label="Importing entries"
            ></tl-entry-progress>`
          : nothing
      }
      ${this.result ? html`<p class="ok" role="status" data-testid="import-result">${this.result}</p>` : nothing}
      ${
        error
          ? html`<div class="error" role="alert" data-testid="import-error">
              <p>${error.message}</p>
              ${
                error.issues.length > 0
                  ? html`<ul>
                      ${error.issues
                        .slice(0, ISSUES_LISTED)
                        .map((issue) => html`<li>${issue.path}: ${issue.message}</li>`)}
                    </ul>`
                  : nothing
              }
            </div>`
          : nothing
      }`;
  }

  private async _entries() {
    return listEntries(getDb(), this.notebookId, { order: 'created' });
  }

  private async _onExportJson(): Promise<void> {
    this.exporting = true;
    try {
      const data = buildJsonExport({ name: this.notebookName }, await this._entries());
      downloadFile(
        fileNameFor(this.notebookName, 'tideline.json'),
        JSON.stringify(data, null, 2),
        'application/json',
      );
    } finally {
      this.exporting = false;
    }
  }

  private async _onExportMarkdown(): Promise<void> {
    this.exporting = true;
    try {
      const text = buildMarkdownExport({ name: this.notebookName }, await this._entries());
      downloadFile(fileNameFor(this.notebookName, 'md'), text, 'text/markdown');
    } finally {
      this.exporting = false;
    }
  }

  private async _onImport(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.importing = true;
    this.progress = undefined;
    this.result = '';
    this.error = undefined;
    const job = importEntries(this.notebookId, file);
    job.addEventListener('progress', () => (this.progress = job.progress));
    watchLongJob(job, { label: `Importing into ${this.notebookName}`, keepScreenOn: true });
    try {
      const result = await job.done;
      this.result = this._describe(result);
      // The worker's writes are not announced on this page: when it could not send them, the
      // page's engine takes them over as it would its own.
      if (!result.sync) getSyncEngine().notifyLocalWrite();
    } catch (error) {
      this.error =
        error instanceof WorkerJobError
          ? error
          : new WorkerJobError({ name: 'Error', code: 'unknown', message: String(error) });
    } finally {
      this.importing = false;
      input.value = '';
      // The worker changed the outbox and maybe synced: let the page's engine catch up.
      void getSyncEngine().start();
    }
  }

  private _describe(result: ImportJobResult): string {
    const count = `${result.imported} ${result.imported === 1 ? 'entry' : 'entries'}`;
    if (result.sync) return `Imported ${count} and synced them.`;
    return `Imported ${count}. They are saved on this device and sync when Tideline can reach the server (${result.syncError?.message ?? 'not synced yet'}).`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-transfer': TlEntryTransfer;
  }
}
