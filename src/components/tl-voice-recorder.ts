import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { formatDuration } from '../format/formatDuration';
import { MAX_MINUTES_CHOICES, memoSettings } from '../media/memoSettings';
import { memoOutcome, startMemo, stopMemo, voiceRecorder } from '../media/memos';
import { RecorderError, RecorderErrorCode } from '../media/RecorderError';
import type { RecorderSnapshot } from '../media/VoiceRecorder';
import { pageStyles } from '../styles/shared';

/**
 * Records a voice memo for an entry (or, with no `entryId`, a new entry): asks for the microphone
 * only when Record is pressed, shows the elapsed time and a level meter while recording, and
 * explains a refused microphone with how to allow it. Each second of audio is saved on the device
 * as it is recorded; a memo cut short by a crash is recovered the next time Tideline opens.
 */
@customElement('tl-voice-recorder')
export class TlVoiceRecorder extends LitElement {
  @property() notebookId = '';
  /** The entry the memo is for; empty makes a new entry. */
  @property() entryId = '';
  @property({ type: Boolean }) disabled = false;

  @state() private snapshot: RecorderSnapshot = voiceRecorder().current;
  @state() private error: RecorderError | undefined;
  private readonly outcome = new StoreController(this, memoOutcome);
  private readonly settings = new StoreController(this, memoSettings);
  private unsubscribe: (() => void) | undefined;

  static override styles = [
    pageStyles,
    css`
      :host {
        display: block;
        padding: 0;
        margin: 0;
        max-width: none;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .elapsed {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
        min-width: 3.5rem;
      }
      .dot {
        width: 0.7rem;
        height: 0.7rem;
        border-radius: 50%;
        background: var(--tl-danger, #b3261e);
      }
      .paused .dot {
        background: var(--tl-muted, #777);
      }
      meter {
        width: 8rem;
        max-width: 40vw;
      }
      .problem {
        border-left: 4px solid var(--tl-warn);
        padding: 0.5rem 0.75rem;
        margin: 0.75rem 0 0;
        background: color-mix(in srgb, var(--tl-warn) 8%, transparent);
      }
      details {
        margin-top: 0.5rem;
        font-size: 0.9rem;
      }
      label {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        margin-top: 0.4rem;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = voiceRecorder().subscribe((snapshot) => (this.snapshot = snapshot));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  override render() {
    const { snapshot } = this;
    const mine =
      snapshot.notebookId === this.notebookId && (snapshot.entryId ?? '') === this.entryId;
    const active = snapshot.state !== 'idle';
    // Marked on the element, so a page can give a recording in progress the whole row.
    this.toggleAttribute('recording', active && mine);
    return html`${active && mine ? this._renderActive(snapshot) : this._renderIdle(active)}
    ${this._renderProblem()}
    ${
      this.outcome.value && !active
        ? html`<p role="status" data-testid="memo-outcome">${this.outcome.value.message}</p>`
        : nothing
    }`;
  }

  private _renderIdle(elsewhere: boolean) {
    const { maxMinutes, keepScreenOn } = this.settings.value;
    return html`<div class="row">
        <button
          type="button"
          class="secondary"
          ?disabled=${this.disabled || elsewhere}
          @click=${this._onRecord}
        >
          ${this.entryId ? 'Record a voice memo' : 'New voice memo'}
        </button>
        ${elsewhere ? html`<span class="muted">A memo is being recorded elsewhere.</span>` : nothing}
      </div>
      <details>
        <summary>Recording options</summary>
        <label
          >Longest memo
          <select @change=${this._onMaxMinutes} aria-label="Longest memo">
            ${MAX_MINUTES_CHOICES.map(
              (minutes) =>
                html`<option value=${minutes} ?selected=${minutes === maxMinutes}>
                  ${minutes < 60 ? `${minutes} minutes` : `${minutes / 60} h`}
                </option>`,
            )}
          </select></label
        >
        <label
          ><input type="checkbox" .checked=${keepScreenOn} @change=${this._onScreen} /> Keep the
          screen on while recording (uses more battery)</label
        >
      </details>`;
  }

  private _renderActive(snapshot: RecorderSnapshot) {
    if (snapshot.state === 'starting') {
      return html`<p role="status">Waiting for the microphone…</p>`;
    }
    if (snapshot.state === 'saving') return html`<p role="status">Saving the memo…</p>`;
    const paused = snapshot.state === 'paused';
    return html`<div class="row ${paused ? 'paused' : ''}" data-testid="memo-recording">
      <span class="dot" aria-hidden="true"></span>
      <span class="elapsed" role="timer" aria-label="Recorded" data-testid="memo-elapsed"
        >${formatDuration(snapshot.elapsedMs)}</span
      >
      <meter min="0" max="1" .value=${snapshot.level} aria-label="Microphone level"></meter>
      <span class="muted">${paused ? 'Paused' : 'Recording'}</span>
      <button type="button" class="secondary" @click=${this._onPauseResume}>
        ${paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" @click=${this._onStop}>Stop and save</button>
    </div>`;
  }

  private _renderProblem() {
    const { error } = this;
    if (!error) return nothing;
    return html`<p
      class="problem"
      role="alert"
      data-testid=${error.code === RecorderErrorCode.Denied ? 'memo-denied' : 'memo-error'}
    >
      ${error.message}
    </p>`;
  }

  private async _onRecord(): Promise<void> {
    this.error = undefined;
    try {
      await startMemo(this.notebookId, this.entryId || null);
    } catch (error) {
      if (error instanceof RecorderError) this.error = error;
      else throw error;
    }
  }

  private _onPauseResume(): void {
    const recorder = voiceRecorder();
    if (recorder.current.state === 'paused') recorder.resume();
    else recorder.pause();
  }

  private _onStop(): void {
    void stopMemo();
  }

  private _onMaxMinutes(event: Event): void {
    memoSettings.update({ maxMinutes: Number((event.target as HTMLSelectElement).value) });
  }

  private _onScreen(event: Event): void {
    memoSettings.update({ keepScreenOn: (event.target as HTMLInputElement).checked });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-voice-recorder': TlVoiceRecorder;
  }
}
