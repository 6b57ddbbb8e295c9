import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { onActivityChanged } from '../db/activityChannel';
import { getDb, Trigger, type ActivityRow } from '../db/db';
import { syncStore } from '../app/sync';
import { pageStyles, tableStyles } from '../styles/shared';

/** Rows shown at most; the database keeps ACTIVITY_LIMIT. */
const ROWS_SHOWN = 50;

/** Each trigger in words, for the filter and the table. */
const TRIGGER_LABELS: Record<Trigger, string> = {
  [Trigger.Sync]: 'Background sync',
  [Trigger.PeriodicSync]: 'Periodic sync',
  [Trigger.Push]: 'Push',
  [Trigger.Foreground]: 'Opening a notebook',
  [Trigger.Manual]: 'Sync now',
  [Trigger.Poke]: 'Teammate’s change',
  [Trigger.LocalWrite]: 'Your change',
  [Trigger.Online]: 'Back online',
  [Trigger.Retry]: 'Retry',
  [Trigger.Resume]: 'Signed in again',
  [Trigger.WorkerStart]: 'Sync worker',
};

/**
 * The activity log: every sync run, foreground or background, newest first, with a filter by
 * trigger. It reloads when another context (the service worker, the sync worker) announces a run
 * on the `tideline` channel and when this page's own engine finishes one.
 */
@customElement('tl-activity-log')
export class TlActivityLog extends LitElement {
  @state() private rows: ActivityRow[] = [];
  @state() private loaded = false;
  @state() private trigger: Trigger | '' = '';
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
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 0.5rem;
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
    const table = getDb().activity;
    const trigger = this.trigger;
    const newest = table.orderBy('startedAt').reverse();
    this.rows = await (trigger ? newest.filter((row) => row.trigger === trigger) : newest)
      .limit(ROWS_SHOWN)
      .toArray();
    this.loaded = true;
  }

  private _onFilter(event: Event): void {
    this.trigger = (event.target as HTMLSelectElement).value as Trigger | '';
    void this._load();
  }

  override render() {
    return html`<label
        >Trigger
        <select @change=${this._onFilter} .value=${this.trigger}>
          <option value="">All</option>
          ${Object.entries(TRIGGER_LABELS).map(
            ([value, label]) => html`<option value=${value}>${label}</option>`,
          )}
        </select>
      </label>
      ${this._renderRows()}`;
  }

  private _renderRows() {
    if (!this.loaded) return html`<p class="muted" role="status">Loading…</p>`;
    if (this.rows.length === 0) {
      return html`<p class="muted" data-testid="activity-empty">
        ${
          this.trigger
            ? 'No runs with this trigger yet.'
            : 'No sync runs yet. They appear here when Tideline syncs, in this tab or in the background.'
        }
      </p>`;
    }
    return html`<div class="table-wrap">
      <table data-testid="activity">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Trigger</th>
            <th scope="col">Outcome</th>
            <th scope="col">Sent / received</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          ${this.rows.map(
            (row) =>
              html`<tr data-trigger=${row.trigger} data-started-at=${row.startedAt}>
                <td>${new Date(row.startedAt).toLocaleString()}</td>
                <td>
                  ${TRIGGER_LABELS[row.trigger] ?? row.trigger}${
                    row.tag !== row.trigger
                      ? html` <span class="muted">(${row.tag})</span>`
                      : nothing
                  }
                </td>
                <td class=${row.outcome === 'ok' ? '' : 'failed'}>
                  ${row.outcome === 'ok' ? 'OK' : 'Failed'} in ${row.durationMs} ms
                </td>
                <td>${row.pushed ?? '–'} / ${row.pulled ?? '–'}</td>
                <td>${row.detail}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-activity-log': TlActivityLog;
  }
}
