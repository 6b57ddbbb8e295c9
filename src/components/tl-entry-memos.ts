import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AttachmentRecord } from '../protocol/attachments';
import { getDb } from '../db/db';
import { formatDuration } from '../format/formatDuration';
import { isMemo, memoPlaylist } from '../media/memoPlaylist';
import { memoPlayer } from '../media/player';
import { pageStyles } from '../styles/shared';
import './tl-memo-player';

/**
 * An entry's voice memos: each with its waveform, length and a Play button that plays it in the
 * app's memo player (and on, through the notebook's other memos).
 */
@customElement('tl-entry-memos')
export class TlEntryMemos extends LitElement {
  @property() notebookId = '';
  @property() entryId = '';
  @property({ attribute: false }) attachments: readonly Pick<
    AttachmentRecord,
    'id' | 'name' | 'type' | 'durationMs' | 'thumbnail'
  >[] = [];

  static override styles = [
    pageStyles,
    css`
      :host {
        display: block;
        padding: 0;
        margin: 0;
        max-width: none;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0.5rem 0;
        display: grid;
        gap: 0.4rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      img {
        width: 8rem;
        max-width: 40vw;
        height: 2.4rem;
      }
      .length {
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  override render() {
    const memos = this.attachments.filter(isMemo);
    if (memos.length === 0) return nothing;
    return html`<ul aria-label="Voice memos" data-testid="entry-memos">
      ${memos.map(
        (memo) =>
          html`<li data-testid="entry-memo">
            <button type="button" class="secondary" @click=${() => void this._onPlay(memo.id)}>
              ▶ Play
            </button>
            ${memo.thumbnail ? html`<img src=${memo.thumbnail} alt="" />` : nothing}
            <span class="length" data-testid="memo-length"
              >${memo.durationMs === null ? '' : formatDuration(memo.durationMs)}</span
            >
            <span class="muted">${memo.name}</span>
          </li>`,
      )}
    </ul>`;
  }

  private async _onPlay(attachmentId: string): Promise<void> {
    const playlist = await memoPlaylist(getDb(), this.notebookId);
    const index = playlist.findIndex((track) => track.attachmentId === attachmentId);
    if (index >= 0) await memoPlayer().play(playlist, index);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-memos': TlEntryMemos;
  }
}
