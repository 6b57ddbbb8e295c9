import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getDb } from '../db/db';
import { downloadFile, fileNameFor } from '../io/downloadFile';
import { getSyncEngine } from '../app/sync';
import { pageStyles } from '../styles/shared';
import { putEntry } from '../sync/mutate';
import { TrackImportError, parseTrackFile } from '../tracks/parseTrackFile';
import { buildGpx } from '../tracks/trackGpx';

/** Files larger than this are not read (a 10,000-point GPX is ~1 MB). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * A notebook's tracks in and out: "Export tracks (GPX)" writes every track entry of the notebook
 * into one GPX file; "Import GPX, KML or GeoJSON" makes one track entry per track in the file —
 * all of them in one local transaction, or none when the file is refused.
 */
@customElement('tl-track-transfer')
export class TlTrackTransfer extends LitElement {
  @property() notebookId = '';
  @property() notebookName = '';
  @property({ type: Boolean }) canImport = false;
  @state() private message = '';
  @state() private error = '';
  @state() private busy = false;

  static override styles = [
    pageStyles,
    css`
      :host {
        padding: 0;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .error {
        color: var(--tl-danger);
      }
      input[type='file'] {
        max-width: 100%;
      }
    `,
  ];

  override render() {
    return html`<section class="card" aria-labelledby="tracks-heading">
      <h2 id="tracks-heading">GPS tracks</h2>
      <div class="row">
        <button
          type="button"
          class="secondary"
          ?disabled=${this.busy}
          @click=${this._onExport}
          data-testid="tracks-export"
        >
          Export tracks (GPX)
        </button>
        ${
          this.canImport
            ? html`<label class="button secondary">
                Import GPX, KML or GeoJSON
                <input
                  type="file"
                  hidden
                  accept=".gpx,.kml,.geojson,.json,application/gpx+xml,application/vnd.google-earth.kml+xml,application/geo+json"
                  ?disabled=${this.busy}
                  @change=${this._onImport}
                  data-testid="tracks-import"
                />
              </label>`
            : nothing
        }
      </div>
      ${this.message ? html`<p role="status" data-testid="tracks-message">${this.message}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert" data-testid="tracks-error">${this.error}</p>` : nothing}
    </section>`;
  }

  private async _onExport(): Promise<void> {
    this.message = '';
    this.error = '';
    const entries = await getDb()
      .entries.where('notebookId')
      .equals(this.notebookId)
      .filter((entry) => !entry.deleted && !!entry.track)
      .toArray();
    if (entries.length === 0) {
      this.error = 'This notebook has no tracks yet.';
      return;
    }
    entries.sort((a, b) => a.createdAt - b.createdAt);
    const gpx = buildGpx(
      entries.map((entry) => ({ title: entry.title || 'Track', track: entry.track! })),
    );
    downloadFile(fileNameFor(`${this.notebookName} tracks`, 'gpx'), gpx, 'application/gpx+xml');
    this.message = `Exported ${entries.length} ${entries.length === 1 ? 'track' : 'tracks'}.`;
  }

  private async _onImport(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.message = '';
    this.error = '';
    if (file.size > MAX_FILE_BYTES) {
      this.error = `“${file.name}” is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; nothing was imported.`;
      return;
    }
    this.busy = true;
    try {
      const tracks = parseTrackFile(await file.text(), file.name, new DOMParser());
      const db = getDb();
      await db.transaction(
        'rw',
        [db.outbox, db.meta, db.notebooks, db.entries, db.cursors],
        async () => {
          for (const { title, track } of tracks) {
            await putEntry(db, this.notebookId, undefined, { title, track });
          }
        },
      );
      // Written inside a transaction of its own, so not announced: ask for the push here.
      getSyncEngine().notifyLocalWrite();
      this.message = `Imported ${tracks.length} ${tracks.length === 1 ? 'track' : 'tracks'} from “${file.name}”.`;
    } catch (error) {
      const reason =
        error instanceof TrackImportError
          ? error.message
          : String(error instanceof Error ? error.message : error);
      this.error = `“${file.name}” was not imported: ${reason}`;
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-track-transfer': TlTrackTransfer;
  }
}
