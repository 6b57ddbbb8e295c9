import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { getDb } from '../db/db';
import { pathFor, PageName } from '../protocol/routes';
import { router } from '../router/router';
import { getSyncEngine } from '../app/sync';
import { pageStyles } from '../styles/shared';
import { GAP_CAUSE_TEXT, describeProgress } from '../tracks/describeTrack';
import { MAX_ACCURACY_M, getTrackRecorder } from '../tracks/TrackRecorder';
import './tl-confirm-dialog';
import type { TlConfirmDialog } from './tl-confirm-dialog';

const KEEP_SCREEN_KEY = 'tideline.track.keepScreenOn';

/**
 * Records a GPS track into this notebook: start, pause and resume, stop (the track becomes a new
 * entry, opened at once) or discard. Shows the distance and time so far, fixes kept and dropped
 * for poor accuracy, and every gap as it happens. Says plainly what the web cannot do: positions
 * stop while the app is hidden, and keeping the screen on costs battery.
 */
@customElement('tl-track-recorder')
export class TlTrackRecorder extends LitElement {
  @property() notebookId = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private now = Date.now();
  @query('tl-confirm-dialog') private confirmDialog!: TlConfirmDialog;
  @query('[data-testid="track-start"]') private startButton!: HTMLButtonElement | null;
  private clock: number | undefined;
  private readonly recorder = getTrackRecorder(getDb());
  private readonly recorderState = new StoreController(this, this.recorder.state);

  static override styles = [
    pageStyles,
    css`
      :host {
        padding: 0;
        margin: 0 0 1rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      details {
        margin-top: 0.5rem;
        font-size: 0.9rem;
      }
      details p {
        margin: 0.4rem 0 0;
      }
      .figures {
        font-size: 1.4rem;
        font-variant-numeric: tabular-nums;
        margin: 0.25rem 0 0.5rem;
      }
      .error {
        color: var(--tl-danger);
      }
      label.check {
        display: flex;
        gap: 0.6rem;
        align-items: flex-start;
        margin: 0.75rem 0 0.25rem;
        font-weight: normal;
      }
      label.check input {
        flex: none;
        width: auto;
        margin: 0.2rem 0 0;
      }
      label.check small {
        font-weight: normal;
      }
      small {
        display: block;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.recorder.restore().catch((error: unknown) => (this.error = String(error)));
    this.clock = window.setInterval(() => (this.now = Date.now()), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.clock);
  }

  override render() {
    // Outside the card, so it stays put while the card changes under it.
    return html`${this._renderCard()}<tl-confirm-dialog></tl-confirm-dialog>`;
  }

  private _renderCard() {
    const { recording, savedFixes, screenOn, problem } = this.recorderState.value;
    // Marked on the element, so a page can give a recording in progress the whole row.
    this.toggleAttribute('recording', recording !== undefined && recording !== null);
    if (!recording) {
      // Idle, it is one button; how it records and its option fold under it, so a phone's
      // screen goes to the notebook's entries.
      return html`<div data-testid="track-recorder">
        <button
          type="button"
          class="secondary"
          ?disabled=${this.busy}
          @click=${this._onStart}
          data-testid="track-start"
        >
          Record a track
        </button>
        <details>
          <summary>Track options</summary>
          <p class="muted">GPS, while Tideline is open.</p>
          ${this._renderScreenToggle(this._keepScreenOn(), false)}
        </details>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </div>`;
    }
    if (recording.notebookId !== this.notebookId) {
      return html`<div class="card" data-testid="track-recorder">
        <p>
          A track is being recorded in
          <a href=${pathFor(PageName.Notebook, { notebookId: recording.notebookId })}
            >another notebook</a
          >.
        </p>
      </div>`;
    }
    const paused = recording.state === 'paused';
    const open = recording.gaps.at(-1)?.to === null ? recording.gaps.at(-1) : undefined;
    return html`<div class="card" data-testid="track-recorder">
      <h2>${paused ? 'Recording paused' : 'Recording a track'}</h2>
      <p class="figures" data-testid="track-progress" aria-live="off">
        ${describeProgress(recording.distanceM, this.now - recording.startedAt)}
      </p>
      <p class="muted" data-testid="track-fix-count" aria-live="polite">
        ${savedFixes} ${savedFixes === 1 ? 'fix' : 'fixes'} saved on this
        device${
          recording.poorFixes > 0
            ? ` · ${recording.poorFixes} too imprecise (over ${MAX_ACCURACY_M} m) left out`
            : ''
        }${
          recording.gaps.length > 0
            ? ` · ${recording.gaps.length} ${recording.gaps.length === 1 ? 'gap' : 'gaps'}`
            : ''
        }
      </p>
      ${
        open && !paused
          ? html`<p class="muted" data-testid="track-open-gap">
              No positions now: ${GAP_CAUSE_TEXT[open.cause]}.
            </p>`
          : nothing
      }
      <div class="row">
        ${
          paused
            ? html`<button
                type="button"
                ?disabled=${this.busy}
                @click=${this._onResume}
                data-testid="track-resume"
              >
                Resume
              </button>`
            : html`<button
                type="button"
                class="secondary"
                ?disabled=${this.busy}
                @click=${this._onPause}
                data-testid="track-pause"
              >
                Pause
              </button>`
        }
        <button
          type="button"
          ?disabled=${this.busy}
          @click=${this._onStop}
          data-testid="track-stop"
        >
          Stop and save
        </button>
        <button
          type="button"
          class="secondary"
          ?disabled=${this.busy}
          @click=${this._onDiscard}
          data-testid="track-discard"
        >
          Discard
        </button>
      </div>
      ${this._renderScreenToggle(recording.keepScreenOn, screenOn)}
      <p class="muted">
        <small>
          The web gives no positions while Tideline is in the background or the screen is off: the
          track shows each such gap and its cause. Keep Tideline open and in front.
        </small>
      </p>
      ${
        problem || this.error
          ? html`<p class="error" role="alert">${problem || this.error}</p>`
          : nothing
      }
    </div>`;
  }

  private _renderScreenToggle(checked: boolean, held: boolean) {
    const supported = 'wakeLock' in navigator;
    return html`<label class="check">
      <input
        type="checkbox"
        .checked=${checked && supported}
        ?disabled=${!supported}
        @change=${this._onScreenToggle}
        data-testid="track-keep-screen"
      />
      <span>
        Keep the screen on while recording${held ? ' (on now)' : ''}
        <small class="muted">
          ${
            supported
              ? 'Uses more battery, but the track has no holes while the phone stays in your hand.'
              : 'This browser cannot keep the screen on: the track stops when the screen turns off.'
          }
        </small>
      </span>
    </label>`;
  }

  private _keepScreenOn(): boolean {
    return localStorage.getItem(KEEP_SCREEN_KEY) !== 'off';
  }

  private async _run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await action();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  private _onStart(): void {
    void this._run(() => this.recorder.start(this.notebookId, this._keepScreenOn()));
  }

  private _onPause(): void {
    void this._run(() => this.recorder.pause());
  }

  private _onResume(): void {
    void this._run(() => this.recorder.resume());
  }

  private async _onDiscard(): Promise<void> {
    const fixes = this.recorderState.value.recording?.fixes ?? 0;
    const confirmed = await this.confirmDialog.ask({
      heading: 'Discard this recording?',
      message: `Its ${fixes} ${fixes === 1 ? 'position is' : 'positions are'} deleted from this device, and no entry is made. To keep the track, choose Cancel, then Stop and save.`,
      confirmLabel: 'Discard recording',
      danger: true,
    });
    if (!confirmed) return;
    await this._run(() => this.recorder.discard());
    // The Discard button has gone with the recording: focus goes to what comes next.
    await this.updateComplete;
    this.startButton?.focus();
  }

  private _onStop(): void {
    void this._run(async () => {
      const entryId = await this.recorder.stop();
      // Written inside a transaction of its own, so not announced: ask for the push here.
      getSyncEngine().notifyLocalWrite();
      router.navigate(pathFor(PageName.Entry, { notebookId: this.notebookId, entryId }));
    });
  }

  private _onScreenToggle(event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    localStorage.setItem(KEEP_SCREEN_KEY, on ? 'on' : 'off');
    void this._run(() => this.recorder.setKeepScreenOn(on));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-track-recorder': TlTrackRecorder;
  }
}
