import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { getDb } from '../db/db';
import { listEntries, listNotebooks } from '../db/queries';
import { buildAccountExport } from '../io/buildAccountExport';
import { downloadFile, fileNameFor } from '../io/downloadFile';
import { sessionStore } from '../app/session';
import { partStyles } from '../styles/shared';

/**
 * "Export all data": every notebook on this device with its entries, in one JSON file. Made from
 * the local database, so it works offline and includes changes not yet sent.
 */
@customElement('tl-export-all')
export class TlExportAll extends LitElement {
  @state() private busy = false;
  @state() private message = '';
  @state() private failed = false;
  private readonly session = new StoreController(this, sessionStore);

  static override styles = [
    ...partStyles,
    css`
      .error {
        color: var(--tl-danger);
      }
    `,
  ];

  override render() {
    const user = this.session.value.user;
    return html`<section class="card" aria-labelledby="export-all-title">
      <h2 id="export-all-title">Export all data</h2>
      <p class="muted">
        Download every notebook on this device and its entries as one JSON file. Each notebook in it
        can be imported again. It works offline and includes changes not sent yet.
      </p>
      <button
        type="button"
        class="secondary"
        ?disabled=${this.busy || !user}
        @click=${this._onExport}
      >
        ${this.busy ? 'Preparing…' : 'Export all data'}
      </button>
      ${
        this.message
          ? html`<p role=${this.failed ? 'alert' : 'status'} class=${this.failed ? 'error' : ''}>
              ${this.message}
            </p>`
          : nothing
      }
    </section>`;
  }

  private async _onExport(): Promise<void> {
    const user = this.session.value.user;
    if (!user) return;
    this.busy = true;
    this.message = '';
    this.failed = false;
    try {
      const db = getDb();
      const notebooks = await listNotebooks(db);
      const contents = await Promise.all(
        notebooks.map(async (notebook) => ({
          notebook,
          entries: await listEntries(db, notebook.id, { order: 'created' }),
        })),
      );
      const data = buildAccountExport({ name: user.name ?? '', email: user.email ?? '' }, contents);
      const day = new Date().toISOString().slice(0, 10);
      downloadFile(
        fileNameFor(`Tideline ${day}`, 'tideline-account.json'),
        JSON.stringify(data, null, 2),
        'application/json',
      );
      const entryCount = contents.reduce((sum, one) => sum + one.entries.length, 0);
      this.message = `Exported ${notebooks.length} notebook${notebooks.length === 1 ? '' : 's'} and ${entryCount} entr${entryCount === 1 ? 'y' : 'ies'}.`;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.failed = true;
      this.message = `The export failed (${detail}). Nothing was downloaded; try again.`;
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-export-all': TlExportAll;
  }
}
