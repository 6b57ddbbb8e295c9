import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { attachmentObjectUrl, type AttachmentRef } from '../app/attachments';
import { dialogStyles } from '../styles/dialog';

/**
 * The full view of one attachment, in a modal dialog: a photo as an image, audio and video with
 * their controls, anything else as a download. The bytes come from this device, or are
 * downloaded once and kept for offline viewing.
 */
@customElement('tl-attachment-viewer')
export class TlAttachmentViewer extends LitElement {
  @state() private item: AttachmentRef | undefined;
  @state() private url = '';
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;

  static override styles = [
    dialogStyles,
    css`
      dialog {
        max-width: min(96vw, 60rem);
      }
      img,
      video {
        max-width: 100%;
        max-height: 75vh;
        display: block;
        margin: 0 auto;
      }
      audio {
        width: 100%;
      }
    `,
  ];

  async open(notebookId: string, item: AttachmentRef): Promise<void> {
    this.close();
    this.item = item;
    this.error = '';
    await this.updateComplete;
    this.dialog.showModal();
    try {
      const url = await attachmentObjectUrl(notebookId, item);
      if (this.item === item) this.url = url;
      else URL.revokeObjectURL(url);
    } catch (error) {
      if (this.item === item) this.error = error instanceof Error ? error.message : String(error);
    }
  }

  close(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = '';
    if (this.dialog?.open) this.dialog.close();
  }

  override render() {
    const item = this.item;
    return html`<dialog
      aria-labelledby="viewer-title"
      data-testid="attachment-viewer"
      @close=${() => this.close()}
    >
      <h2 id="viewer-title">${item?.name ?? ''}</h2>
      ${this.error ? html`<p class="error" role="alert" data-testid="viewer-error">${this.error}</p>` : nothing}
      ${item && this.url ? this._renderContent(item, this.url) : this.error ? nothing : html`<p role="status">Opening…</p>`}
      <form method="dialog"><button>Close</button></form>
    </dialog>`;
  }

  private _renderContent(item: AttachmentRef, url: string) {
    if (item.type.startsWith('image/') && !item.type.includes('svg')) {
      return html`<img src=${url} alt=${item.name} data-testid="viewer-image" />`;
    }
    if (item.type.startsWith('audio/')) return html`<audio controls src=${url}></audio>`;
    if (item.type.startsWith('video/')) return html`<video controls src=${url}></video>`;
    return html`<p>
      <a href=${url} download=${item.name} data-testid="viewer-download">Save ${item.name}</a>
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-attachment-viewer': TlAttachmentViewer;
  }
}
