import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fileNameFor, downloadFile } from '../io/downloadFile';
import type { Track } from '../protocol/track';
import type { TrackPoint } from '../protocol/trackCodec';
import { pageStyles } from '../styles/shared';
import { GAP_CAUSE_TEXT, formatDistance, formatDuration } from '../tracks/describeTrack';
import { readTrack, trackDetails, type ReadTrack, type TrackDetails } from '../tracks/readTrack';
import { VIEW_HEIGHT, VIEW_WIDTH, type Marker, type TrackLine } from '../tracks/trackDrawing';
import { buildGpx } from '../tracks/trackGpx';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** Runs `work` in a task after the next paint (a frame, then a task once it is painted). */
function afterPaint(work: () => void): void {
  requestAnimationFrame(() => setTimeout(work, 0));
}

/**
 * A track with no map tiles (works offline): the line scaled to fit, start and end markers,
 * distance ticks, each gap left open and listed with its cause; the figures; "Open in
 * OpenStreetMap" and a GPX download. The drawing is simplified for long tracks; the entry keeps
 * every fix. The line comes first; the figures and distance marks, which measure every leg, follow
 * once it has been painted (a 10,000-fix track is on screen within a frame).
 */
@customElement('tl-track-view')
export class TlTrackView extends LitElement {
  @property({ attribute: false }) track: Track | null = null;
  /** The entry's title: the GPX track's name and file name. */
  @property() name = 'Track';

  private shownFor: Track | null = null;
  private shown: ReadTrack | undefined;
  private problem = '';

  static override styles = [
    pageStyles,
    css`
      :host {
        padding: 0;
        margin: 1rem 0;
      }
      svg {
        display: block;
        width: 100%;
        height: auto;
        background: var(--tl-surface-2, var(--tl-surface));
        border: 1px solid var(--tl-border);
        border-radius: var(--tl-radius);
      }
      .line {
        fill: none;
        stroke: var(--tl-accent);
        stroke-width: 3;
        stroke-linejoin: round;
        stroke-linecap: round;
      }
      .tick {
        fill: var(--tl-surface);
        stroke: var(--tl-text);
        stroke-width: 1.5;
      }
      .tick-label {
        font-size: 11px;
        fill: var(--tl-text);
        paint-order: stroke;
        stroke: var(--tl-surface);
        stroke-width: 3px;
      }
      .gap-end {
        fill: var(--tl-surface);
        stroke: var(--tl-danger);
        stroke-width: 2;
      }
      .start {
        fill: #1a7f37;
      }
      .end {
        fill: #c62828;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0.75rem 0;
      }
      dt {
        color: var(--tl-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .links {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      ul.gaps {
        margin: 0.25rem 0 0.75rem;
        padding-left: 1.2rem;
      }
    `,
  ];

  protected override willUpdate(): void {
    if (this.track === this.shownFor) return;
    this.shownFor = this.track;
    this.shown = undefined;
    this.problem = '';
    if (!this.track) return;
    try {
      const shown = readTrack(this.track);
      this.shown = shown;
      if (!shown.details) {
        afterPaint(() => {
          if (this.shown !== shown) return;
          trackDetails(shown);
          this.requestUpdate();
        });
      }
    } catch (error) {
      this.problem = `This track cannot be shown: ${(error as Error).message}.`;
    }
  }

  override render() {
    if (this.problem) return html`<p class="error" role="alert">${this.problem}</p>`;
    const shown = this.shown;
    if (!shown || !this.track) return nothing;
    const details = shown.details;
    return html`<section aria-label="Track" data-testid="track-view">
      ${this._renderDrawing(shown.line, details?.ticks ?? [])}
      ${
        details
          ? this._renderDetails(details)
          : html`<p class="muted" data-testid="track-measuring">Measuring the track…</p>`
      }
    </section>`;
  }

  private _renderDetails({ stats, mapUrl }: TrackDetails) {
    return html`<dl data-testid="track-stats">
        <dt>Distance</dt>
        <dd data-testid="track-distance">${formatDistance(stats.distanceM)}</dd>
        ${
          stats.durationMs === null
            ? nothing
            : html`<dt>Duration</dt>
                <dd>${formatDuration(stats.durationMs)}</dd>
                <dt>Moving time</dt>
                <dd>${formatDuration(stats.movingMs ?? 0)}</dd>`
        }
        ${
          stats.elevationGainM === null
            ? nothing
            : html`<dt>Elevation gain</dt>
                <dd>${formatDistance(stats.elevationGainM)}</dd>`
        }
        <dt>Start</dt>
        <dd>${this._place(stats.start)}</dd>
        <dt>End</dt>
        <dd>${this._place(stats.end)}</dd>
        <dt>Fixes</dt>
        <dd data-testid="track-fixes">${stats.fixes}</dd>
        <dt>Gaps</dt>
        <dd data-testid="track-gap-count">
          ${
            stats.gaps.count === 0
              ? 'none: positions all the way'
              : `${stats.gaps.count} (${formatDuration(stats.gaps.totalMs)} without positions)`
          }
        </dd>
      </dl>
      ${
        stats.gaps.count > 0
          ? html`<ul class="gaps" data-testid="track-gaps">
              ${this.track!.gaps.map(
                (gap) =>
                  html`<li data-cause=${gap.cause}>
                    ${GAP_CAUSE_TEXT[gap.cause]}${
                      gap.from !== null && gap.to !== null
                        ? ` — ${clock.format(gap.from)} to ${clock.format(gap.to)} (${formatDuration(gap.to - gap.from)})`
                        : ''
                    }
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <p class="links">
        <a href=${mapUrl} target="_blank" rel="noopener" data-testid="track-osm"
          >Open in OpenStreetMap</a
        >
        <button type="button" class="secondary" data-testid="track-gpx" @click=${this._onGpx}>
          Download GPX
        </button>
      </p>`;
  }

  private _renderDrawing(drawing: TrackLine, ticks: readonly Marker[]) {
    const stretches = `${drawing.paths.length} stretch${drawing.paths.length === 1 ? '' : 'es'}`;
    const label = `Track drawing: ${stretches}, ${ticks.length} distance marks`;
    return html`<svg
      viewBox="0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}"
      role="img"
      aria-label=${label}
      data-testid="track-drawing"
      data-drawn-points=${drawing.drawnPoints}
    >
      ${drawing.paths.map((d) => svg`<path class="line" d=${d}></path>`)}
      ${drawing.gapEnds.map(
        (end) =>
          svg`<circle class="gap-end" cx=${end.x} cy=${end.y} r="4"><title>Gap</title></circle>`,
      )}
      ${ticks.map(
        (tick) => svg`<circle class="tick" cx=${tick.x} cy=${tick.y} r="3"></circle>
          <text class="tick-label" x=${tick.x + 5} y=${tick.y - 5}>${tick.label}</text>`,
      )}
      ${
        drawing.start
          ? svg`<circle class="start" cx=${drawing.start.x} cy=${drawing.start.y} r="6"><title>Start</title></circle>`
          : nothing
      }
      ${
        drawing.end
          ? svg`<rect class="end" x=${drawing.end.x - 5} y=${drawing.end.y - 5} width="10" height="10"><title>End</title></rect>`
          : nothing
      }
    </svg>`;
  }

  private _place(point: TrackPoint | null) {
    if (!point) return '—';
    const where = `${point.lat.toFixed(5)}, ${point.lon.toFixed(5)}`;
    return point.t === null ? where : `${timeFormat.format(point.t)} · ${where}`;
  }

  private _onGpx(): void {
    if (!this.track) return;
    downloadFile(
      fileNameFor(this.name, 'gpx'),
      buildGpx([{ title: this.name, track: this.track }]),
      'application/gpx+xml',
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-track-view': TlTrackView;
  }
}
