import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { formatDuration } from '../format/formatDuration';
import { RATES, SEEK_STEP_S, type PlayerState } from '../media/MemoPlayer';
import { memoPlayer } from '../media/player';
import { pageStyles } from '../styles/shared';

/**
 * The shell renders this tag from the start; the element is defined (and its code loaded) with
 * the first page that can play a memo.
 *
 * The memo player's controls, docked at the bottom of the app while a memo is loaded: title and
 * notebook, play/pause, 10 s back and forward, a position slider, previous/next memo of the
 * notebook, playback speed and close. The same actions are on the lock screen and headset
 * through the Media Session (MemoPlayer.ts).
 */
@customElement('tl-memo-player')
export class TlMemoPlayer extends LitElement {
  @state() private player: PlayerState | undefined;
  private unsubscribe: (() => void) | undefined;

  static override styles = [
    pageStyles,
    css`
      :host {
        display: block;
        position: sticky;
        bottom: 0;
        z-index: 5;
        padding: 0;
        margin: 0;
        max-width: none;
      }
      section {
        border-top: 1px solid var(--tl-border);
        background: var(--tl-surface, Canvas);
        padding: 0.5rem 0.75rem;
        display: grid;
        gap: 0.35rem;
      }
      .title {
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        align-items: center;
      }
      input[type='range'] {
        flex: 1 1 8rem;
        min-width: 6rem;
      }
      .time {
        font-variant-numeric: tabular-nums;
        font-size: 0.85rem;
      }
      button {
        min-width: 2.75rem;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = memoPlayer().state.subscribe((next) => (this.player = next));
    this.player = memoPlayer().state.value;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  override render() {
    const state = this.player;
    const track = state?.playlist[state.index];
    if (!state || !track) return nothing;
    const player = memoPlayer();
    return html`<section aria-label="Voice memo player" data-testid="memo-player">
      <div class="title">${track.title} <span class="muted">· ${track.notebookName}</span></div>
      <div class="row">
        <button
          type="button"
          class="secondary"
          aria-label="Previous memo"
          ?disabled=${state.index <= 0 && state.positionS < 3}
          @click=${() => void player.previous()}
        >
          ⏮
        </button>
        <button
          type="button"
          class="secondary"
          aria-label="Back ${SEEK_STEP_S} seconds"
          @click=${() => player.seekBy(-SEEK_STEP_S)}
        >
          −${SEEK_STEP_S}
        </button>
        <button
          type="button"
          aria-label=${state.playing ? 'Pause' : 'Play'}
          @click=${() => player.toggle()}
        >
          ${state.playing ? '⏸' : '▶'}
        </button>
        <button
          type="button"
          class="secondary"
          aria-label="Forward ${SEEK_STEP_S} seconds"
          @click=${() => player.seekBy(SEEK_STEP_S)}
        >
          +${SEEK_STEP_S}
        </button>
        <button
          type="button"
          class="secondary"
          aria-label="Next memo"
          ?disabled=${state.index + 1 >= state.playlist.length}
          @click=${() => void player.next()}
        >
          ⏭
        </button>
      </div>
      <div class="row">
        <span class="time" data-testid="memo-position"
          >${formatDuration(state.positionS * 1000)}</span
        >
        <input
          type="range"
          min="0"
          max=${Math.max(state.durationS, 0.1)}
          step="0.1"
          .value=${String(state.positionS)}
          aria-label="Position"
          @input=${(event: Event) => player.seekTo(Number((event.target as HTMLInputElement).value))}
        />
        <span class="time" data-testid="memo-duration"
          >${formatDuration(state.durationS * 1000)}</span
        >
        <select
          aria-label="Speed"
          @change=${(event: Event) => player.setRate(Number((event.target as HTMLSelectElement).value))}
        >
          ${RATES.map((rate) => html`<option value=${rate} ?selected=${rate === state.rate}>${rate}×</option>`)}
        </select>
        <button
          type="button"
          class="secondary"
          aria-label="Close the player"
          @click=${() => player.stop()}
        >
          ✕
        </button>
      </div>
      ${state.error ? html`<p role="alert">${state.error}</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-memo-player': TlMemoPlayer;
  }
}
