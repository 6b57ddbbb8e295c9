import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { onActivityChanged } from '../db/activityChannel';
import { getDb, type ActivityRow, type Trigger } from '../db/db';
import { syncStore } from '../app/sync';
import {
  DAYS_SHOWN,
  TRIGGER_NAMES,
  backgroundPerDay,
  dayName,
  describeCounts,
  describeFolded,
  describeRun,
  logItems,
  shownSince,
  type FoldedRuns,
  type LogItem,
} from '../app/activitySummary';
import { pageStyles, tableStyles } from '../styles/shared';
import { renderActivityChart } from './activityChart';

/** Lines shown at first, and added by each "Show more". */
const LINES_STEP = 20;

function time(at: number, now: number): string {
  const clock = new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const day = dayName(at, now);
  return day === 'Today' ? clock : `${day}, ${clock}`;
}

/** The run as an engineer reads it: trigger, event tag, outcome and time taken, error code. */
function technicalFacts(row: ActivityRow): string {
  const outcome = `${row.outcome === 'ok' ? 'OK' : 'failed'} in ${row.durationMs} ms`;
  return `Trigger ${row.trigger}, event ${row.tag}; ${outcome}${row.error ? `; code ${row.error}` : ''}.`;
}

/**
 * The activity log, as people read it (src/app/activitySummary.ts): a small chart of the runs made
 * in the background each day of the last week, then what happened, newest first — background runs,
 * runs asked for and failures on lines of their own, routine runs while the app was open folded into
 * one line per day — each in plain words, with the technical facts (event tag, trigger, duration,
 * error code) behind a disclosure. A filter shows one kind of run, unfolded. Bounded: the last
 * DAYS_SHOWN days, LINES_STEP lines at a time. It reloads when another context (the service worker,
 * the sync worker) announces a run on the `tideline` channel and when this page's own engine
 * finishes one.
 */
@customElement('tl-activity-log')
export class TlActivityLog extends LitElement {
  @state() private rows: ActivityRow[] = [];
  @state() private loaded = false;
  @state() private trigger: Trigger | '' = '';
  @state() private shown = LINES_STEP;
  private now = Date.now();
  private stopListening: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;

  static override styles = [
    pageStyles,
    tableStyles,
    css`
      .failed {
        color: var(--tl-warn);
      }
      label {
        display: inline-flex;
        flex-wrap: wrap;
        max-width: 100%;
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 0.5rem;
      }
      figure {
        margin: 0 0 1rem;
      }
      figcaption {
        font-size: 0.875rem;
      }
      svg {
        display: block;
        max-width: 100%;
        height: auto;
      }
      .bar-ok {
        fill: var(--tl-accent);
      }
      .bar-failed {
        fill: var(--tl-warn);
      }
      .bar-label {
        fill: currentColor;
        font-size: 9px;
      }
      .baseline {
        stroke: var(--tl-border);
      }
      td {
        width: 50%;
      }
      .when {
        display: block;
        font-size: 0.8125rem;
        color: var(--tl-muted);
      }
      details {
        font-size: 0.8125rem;
      }
      summary {
        cursor: pointer;
        color: var(--tl-muted);
      }
      details p {
        margin: 0.25rem 0 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopListening = onActivityChanged(() => void this._load());
    let wasSyncing = false;
    this.unsubscribe = syncStore.subscribe((state) => {
      const syncing = state.status === 'syncing';
      if (wasSyncing && !syncing) void this._load();
      wasSyncing = syncing;
    });
    void this._load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
    this.unsubscribe?.();
  }

  private async _load(): Promise<void> {
    this.now = Date.now();
    // Bounded twice: the database keeps a few hundred rows (recordActivity) and this reads a week.
    this.rows = await getDb()
      .activity.where('startedAt')
      .aboveOrEqual(shownSince(this.now))
      .reverse()
      .toArray();
    this.loaded = true;
  }

  private _onFilter(event: Event): void {
    this.trigger = (event.target as HTMLSelectElement).value as Trigger | '';
    this.shown = LINES_STEP;
  }

  private _onShowMore(): void {
    this.shown += LINES_STEP;
  }

  override render() {
    if (!this.loaded) return html`<p class="muted" role="status">Loading…</p>`;
    return html`${renderActivityChart(backgroundPerDay(this.rows, this.now))}
      <label
        >Show
        <select @change=${this._onFilter} .value=${this.trigger}>
          <option value="">Everything</option>
          ${Object.entries(TRIGGER_NAMES).map(
            ([value, name]) => html`<option value=${value}>${name}</option>`,
          )}
        </select>
      </label>
      ${this._renderLines()}`;
  }

  private _renderLines() {
    const trigger = this.trigger;
    const rows = trigger ? this.rows.filter((row) => row.trigger === trigger) : this.rows;
    const items = logItems(rows, this.now, trigger === '');
    if (items.length === 0) {
      return html`<p class="muted" data-testid="activity-empty">
        ${
          trigger
            ? `Nothing of this kind in the last ${DAYS_SHOWN} days.`
            : 'Nothing yet. Each time Tideline syncs, in this tab or in the background, it shows here.'
        }
      </p>`;
    }
    const visible = items.slice(0, this.shown);
    return html`<div class="table-wrap">
        <table data-testid="activity">
          <thead>
            <tr>
              <th scope="col">What happened</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            ${visible.map((item) => this._renderItem(item))}
          </tbody>
        </table>
      </div>
      ${
        items.length > visible.length
          ? html`<button type="button" class="secondary" @click=${this._onShowMore}>
              Show more (${items.length - visible.length} left)
            </button>`
          : nothing
      }`;
  }

  private _renderItem(item: LogItem) {
    return item.kind === 'folded' ? this._renderFolded(item) : this._renderRun(item.row);
  }

  private _renderRun(row: ActivityRow) {
    const ok = row.outcome === 'ok';
    return html`<tr data-trigger=${row.trigger} data-started-at=${row.startedAt}>
      <td>
        ${describeRun(row)}
        <span class="when">${time(row.startedAt, this.now)}</span>
      </td>
      <td class=${ok ? '' : 'failed'}>
        ${ok ? row.detail : `Failed: ${row.detail}`}
        <details>
          <summary>Details</summary>
          <p>${technicalFacts(row)}</p>
        </details>
      </td>
    </tr>`;
  }

  private _renderFolded(folded: FoldedRuns) {
    return html`<tr data-trigger="folded" data-started-at=${folded.startedAt}>
      <td>
        ${describeFolded(folded)}
        <span class="when">${dayName(folded.startedAt, this.now)}</span>
      </td>
      <td>
        ${describeCounts(folded.pushed, folded.pulled)}
        <details>
          <summary>Details</summary>
          <p>
            ${folded.byTrigger
              .map(({ trigger, count }) => `${TRIGGER_NAMES[trigger] ?? trigger}: ${count}`)
              .join('; ')}.
          </p>
        </details>
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-activity-log': TlActivityLog;
  }
}
