import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/LiveQueryController';
import { StoreController } from '../controllers/StoreController';
import { getDb, type EntryRow, type LocalFileRow, type UploadRow } from '../db/db';
import type { AttachmentRecord } from '../protocol/attachments';
import { attachFile, removeAttachment } from '../app/attachments';
import { formatBytes } from '../attachments/AttachmentError';
import { UploadState } from '../attachments/entities';
import { uploadKey } from '../attachments/storeAndAttach';
import { uploadProgress } from '../app/uploadScheduler';
import { pageStyles } from '../styles/shared';
import './tl-attachment-viewer';
import type { TlAttachmentViewer } from './tl-attachment-viewer';

interface FileFacts {
  uploads: Map<string, UploadRow>;
  here: Set<string>;
}

/**
 * An entry's photos and files: attach (the camera through the file input's `capture`, or any
 * file), thumbnails with each file's state (on this device, uploading n %, uploaded, refused),
 * open one in the viewer, remove. Hidden buttons for readers.
 */
@customElement('tl-entry-attachments')
export class TlEntryAttachments extends LitElement {
  @property() notebookId = '';
  @property({ attribute: false }) entry: EntryRow | undefined;
  @property({ type: Boolean }) readOnly = false;
  @state() private error = '';
  @state() private busy = 0;

  private readonly progress = new StoreController(this, uploadProgress);

  private readonly facts = new LiveQueryController<FileFacts>(
    this,
    async () => {
      const db = getDb();
      const shas = (this.entry?.attachments ?? []).map((item) => item.sha256);
      const [uploads, files] = await Promise.all([
        db.uploads.where('notebookId').equals(this.notebookId).toArray(),
        db.files.bulkGet(shas),
      ]);
      return {
        uploads: new Map(uploads.map((row) => [row.sha256, row])),
        here: new Set(files.filter((row): row is LocalFileRow => !!row).map((row) => row.sha256)),
      };
    },
    () => [this.notebookId, this.entry?.attachments],
  );

  static override styles = [
    pageStyles,
    css`
      :host {
        display: block;
        padding: 0;
        margin: 1rem 0 0;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0.5rem 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
        gap: 0.6rem;
      }
      li {
        border: 1px solid var(--border, #ccc);
        border-radius: 0.5rem;
        padding: 0.4rem;
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        font-size: 0.85rem;
        min-width: 0;
      }
      .open {
        all: unset;
        cursor: pointer;
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        min-width: 0;
      }
      .open:focus-visible {
        outline: 2px solid var(--focus, #36c);
        outline-offset: 2px;
      }
      .thumb {
        width: 100%;
        aspect-ratio: 4 / 3;
        object-fit: cover;
        border-radius: 0.35rem;
        background: var(--surface-2, #eee);
        display: grid;
        place-items: center;
        font-size: 1.8rem;
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .state {
        color: var(--muted, #666);
      }
      .refused {
        color: var(--danger, #b00020);
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .buttons label {
        cursor: pointer;
      }
      input[type='file'] {
        position: absolute;
        width: 1px;
        height: 1px;
        opacity: 0;
      }
      progress {
        width: 100%;
      }
    `,
  ];

  override render() {
    const items = this.entry?.attachments ?? [];
    if (items.length === 0 && this.readOnly) return nothing;
    return html`<section class="card" aria-labelledby="files-title">
      <h2 id="files-title">Photos and files</h2>
      ${this.error ? html`<p class="error" role="alert" data-testid="attach-error">${this.error}</p>` : nothing}
      ${
        items.length > 0
          ? html`<ul data-testid="attachments">
              ${items.map((item) => this._renderItem(item))}
            </ul>`
          : html`<p class="muted">No files yet.</p>`
      }
      ${this.readOnly ? nothing : this._renderButtons()}
      <tl-attachment-viewer></tl-attachment-viewer>
    </section>`;
  }

  private _renderButtons() {
    return html`<div class="buttons">
      <label class="button">
        <input
          type="file"
          accept="image/*"
          capture="environment"
          data-testid="attach-photo"
          @change=${this._onPick}
        />
        📷 Take photo
      </label>
      <label class="button">
        <input type="file" multiple data-testid="attach-file" @change=${this._onPick} />
        📎 Attach files
      </label>
      ${this.busy > 0 ? html`<span class="muted" role="status">Saving on this device…</span>` : nothing}
    </div>`;
  }

  private _state(item: AttachmentRecord) {
    const facts = this.facts.value;
    const upload = facts?.uploads.get(item.sha256);
    const live = this.progress.value.get(uploadKey(this.notebookId, item.sha256));
    if (upload?.state === UploadState.Refused) {
      return html`<span class="refused" role="alert" data-testid="attachment-refused">
        Not uploaded: ${upload.error?.message ?? 'the server refused it.'}
      </span>`;
    }
    if (item.stored || upload?.state === UploadState.Done) {
      const here = facts?.here.has(item.sha256);
      return html`<span class="state" data-testid="attachment-state">
        ${here ? 'Uploaded · on this device' : 'Uploaded · tap to download'}
      </span>`;
    }
    if (upload) {
      const offset = live?.offset ?? upload.offset;
      return html`<span class="state" data-testid="attachment-state">
          ${offset > 0 ? `Uploading ${Math.floor((offset / item.size) * 100)} %` : 'On this device · waiting to upload'}
        </span>
        ${offset > 0 ? html`<progress max=${item.size} value=${offset}></progress>` : nothing}`;
    }
    return html`<span class="state" data-testid="attachment-state"
      >Being uploaded by its author</span
    >`;
  }

  private _renderItem(item: AttachmentRecord) {
    return html`<li data-testid="attachment" data-sha256=${item.sha256}>
      <button
        class="open"
        type="button"
        @click=${() => this._onOpen(item)}
        aria-label="Open ${item.name}"
      >
        ${
          item.thumbnail
            ? html`<img
                class="thumb"
                src=${item.thumbnail}
                alt=""
                data-testid="attachment-thumb"
              />`
            : html`<span class="thumb" aria-hidden="true"
                >${item.type.startsWith('audio/') ? '🎙' : '📄'}</span
              >`
        }
        <span class="name">${item.name}</span>
      </button>
      <span class="state">${formatBytes(item.size)}</span>
      ${this._state(item)}
      ${
        this.readOnly
          ? nothing
          : html`<button type="button" class="link danger" @click=${() => this._onRemove(item)}>
              Remove
            </button>`
      }
    </li>`;
  }

  private async _onPick(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    const entry = this.entry;
    if (!entry || files.length === 0) return;
    this.error = '';
    this.busy += 1;
    try {
      for (const file of files) {
        try {
          await attachFile({ notebookId: this.notebookId, entryId: entry.id, blob: file });
        } catch (error) {
          this.error = error instanceof Error ? error.message : String(error);
          break;
        }
      }
    } finally {
      this.busy -= 1;
      input.value = '';
    }
  }

  private _onOpen(item: AttachmentRecord): void {
    this.renderRoot
      .querySelector<TlAttachmentViewer>('tl-attachment-viewer')
      ?.open(this.notebookId, item);
  }

  private async _onRemove(item: AttachmentRecord): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    try {
      await removeAttachment(this.notebookId, entry.id, item.id);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-attachments': TlEntryAttachments;
  }
}
