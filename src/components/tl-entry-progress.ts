import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { JobPhase, JobProgress } from '../workers/protocol';

const PHASES: Record<JobPhase, string> = {
  import: 'Saving imported entries',
  push: 'Sending changes',
  pull: 'Receiving entries',
  upload: 'Uploading files',
  download: 'Downloading files',
};

const count = new Intl.NumberFormat();

/** The progress of a sync-worker job (a large download, an import) as a labelled bar. */
@customElement('tl-entry-progress')
export class TlEntryProgress extends LitElement {
  /** What the job is, for people: "Downloading this notebook". */
  @property() label = 'Working';
  /** The latest report; undefined until the first arrives (the bar is then indeterminate). */
  @property({ attribute: false }) progress: JobProgress | undefined;

  static override styles = css`
    :host {
      display: block;
      margin: 0.75rem 0;
    }
    progress {
      width: 100%;
      height: 0.75rem;
    }
    p {
      margin: 0 0 0.25rem;
      font-size: 0.9rem;
    }
  `;

  override render() {
    const { progress } = this;
    // Nothing counted yet (a push with nothing to send starts every sync): still starting.
    const detail =
      progress && progress.total > 0
        ? `${PHASES[progress.phase]}: ${count.format(progress.done)} of ${count.format(progress.total)}`
        : 'Starting…';
    return html`<div data-testid="job-progress">
      <p id="label" role="status">${this.label} · ${detail}</p>
      ${
        progress && progress.total > 0
          ? html`<progress
              aria-labelledby="label"
              max=${progress.total}
              .value=${progress.done}
            ></progress>`
          : html`<progress aria-labelledby="label"></progress>`
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-progress': TlEntryProgress;
  }
}
