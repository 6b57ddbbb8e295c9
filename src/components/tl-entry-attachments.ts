import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/LiveQueryController';
import { StoreController } from '../controllers/StoreController';
import { getDb, type EntryRow, type LocalFileRow, type UploadRow } from '../db/db';
import type { AttachmentRecord } from '../protocol/attachments';
import { attachFile, removeAttachment } from '../app/attachments';
import { formatBytes } from '../attachments/AttachmentError';
import { uploadKey } from '../attachments/storeAndAttach';
import { uploadProgress } from '../app/uploadScheduler';
import { formatDuration } from '../format/formatDuration';
import { isMemo, memoPlaylist } from '../media/memoPlaylist';
import { memoPlayer } from '../media/player';
import { describeAttachmentState } from './attachmentState';
import { entryAttachmentsStyles } from './tl-entry-attachments.styles';
import './tl-attachment-viewer';
// The shell's docked player: defined with the first page that can play a memo.
import './tl-memo-player';
import './tl-voice-recorder';
import type { TlAttachmentViewer } from './tl-attachment-viewer';

interface FileFacts {
  uploads: Map<string, UploadRow>;
  here: Set<string>;
}

/**
 * An entry's attachments in one list: its voice memos first, each a row with Play (in the app's
 * memo player, which plays on through the notebook's other memos), its waveform and length; then
 * its photos and files as thumbnails that open in the viewer. Every item says where its bytes
 * are (on this device, uploading n %, uploaded, refused) and can be removed. Below: take a
 * photo, attach files, record a voice memo. Hidden buttons for readers.
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

  static override styles = entryAttachmentsStyles;

  override render() {
    const items = this.entry?.attachments ?? [];
    if (items.length === 0 && this.readOnly) return nothing;
    const memos = items.filter(isMemo);
    const files = items.filter((item) => !isMemo(item));
    return html`<section class="card" aria-labelledby="files-title">
      <h2 id="files-title">Attachments</h2>
      ${this.error ? html`<p class="error" role="alert" data-testid="attach-error">${this.error}</p>` : nothing}
      ${
        items.length > 0
          ? html`<ul data-testid="attachments">
              ${memos.map((item) => this._renderMemo(item))}
              ${files.map((item) => this._renderItem(item))}
            </ul>`
          : html`<p class="muted">No photos, files or voice memos yet.</p>`
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
      </div>
      <tl-voice-recorder
        .notebookId=${this.notebookId}
        .entryId=${this.entry?.id ?? ''}
      ></tl-voice-recorder>`;
  }

  private _state(item: AttachmentRecord) {
    const facts = this.facts.value;
    const upload = facts?.uploads.get(item.sha256);
    const view = describeAttachmentState(item, {
      upload,
      liveOffset: this.progress.value.get(uploadKey(this.notebookId, item.sha256))?.offset,
      here: facts?.here.has(item.sha256) ?? false,
      memo: isMemo(item),
    });
    if (view.kind === 'refused') {
      return html`<span class="refused" role="alert" data-testid="attachment-refused"
        >${view.text}</span
      >`;
    }
    return html`<span class="state" data-testid="attachment-state">${view.text}</span>
      ${view.offset === undefined ? nothing : html`<progress max=${item.size} value=${view.offset}></progress>`}`;
  }

  private _renderRemove(item: AttachmentRecord) {
    return this.readOnly
      ? nothing
      : html`<button
          type="button"
          class="link danger"
          aria-label="Remove ${item.name}"
          @click=${() => this._onRemove(item)}
        >
          Remove
        </button>`;
  }

  /** A voice memo: Play, its waveform and length, where its bytes are, Remove. */
  private _renderMemo(item: AttachmentRecord) {
    return html`<li class="memo" data-testid="entry-memo" data-sha256=${item.sha256}>
      <button
        type="button"
        class="secondary"
        aria-label="Play ${item.name}"
        @click=${() => void this._onPlay(item.id)}
      >
        ▶ Play
      </button>
      ${item.thumbnail ? html`<img class="wave" src=${item.thumbnail} alt="" />` : nothing}
      <span class="length" data-testid="memo-length"
        >${item.durationMs === null ? '' : formatDuration(item.durationMs)}</span
      >
      <span class="name muted">${item.name.replace(/\.\w+$/, '')}</span>
      ${this._state(item)} ${this._renderRemove(item)}
    </li>`;
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
      ${this._state(item)} ${this._renderRemove(item)}
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

  private async _onPlay(attachmentId: string): Promise<void> {
    const playlist = await memoPlaylist(getDb(), this.notebookId);
    const index = playlist.findIndex((track) => track.attachmentId === attachmentId);
    if (index >= 0) await memoPlayer().play(playlist, index);
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
