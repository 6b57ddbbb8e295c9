import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getDb, type EntryRow } from '../db/db';
import { getMeta } from '../db/meta';
import { ApiRequestError, describeApiError, isOfflineError } from '../api/api';
import { fetchCurrentUserId, fetchEntryHistory } from '../api/entriesApi';
import { ENTRY_FIELDS, type HistoryItem } from '../protocol/entry';
import { LocalWriteError } from '../sync/errors';
import { resolveConflict } from '../sync/mutate';
import { partStyles } from '../styles/shared';
import { FIELD_LABELS, showFieldValue } from './fieldValue';

type LoadState = 'loading' | 'ready' | 'offline' | 'signed-out' | 'error';

/** Whose version the entry shows now, from the signed-in user's point of view. */
type Perspective = 'mine-is-current' | 'theirs-is-current' | 'neither';

export interface ConflictResolvedDetail {
  /** What the entry ends up with: the version on screen, or the overwritten one restored. */
  kept: 'current' | 'other';
}

/** The conflicts behind the entry's current values: per field, the history item whose value the
 *  current one overwrote concurrently. Older conflicts, already settled, are left out. */
export function currentConflicts(entry: EntryRow, items: readonly HistoryItem[]): HistoryItem[] {
  const conflicts = items.filter((item) => item.conflict);
  const exact = ENTRY_FIELDS.map((field) =>
    conflicts.find(
      (item) => item.field === field && item.overwrittenAt === entry.fieldVersions[field],
    ),
  ).filter((item): item is HistoryItem => item !== undefined);
  if (exact.length > 0) return exact;
  // Versions this device has not caught up with: the latest conflicting write's items.
  const latest = conflicts[0]?.overwrittenAt;
  return conflicts.filter(
    (item, index) =>
      item.overwrittenAt === latest &&
      conflicts.findIndex((other) => other.field === item.field) === index,
  );
}

/**
 * Shown on a conflicted entry: someone else's edit of the same field was overwritten (nothing is
 * lost — the server kept it in the entry's history). Lists the other version of each field next
 * to the current one, and settles the conflict: "Keep mine" or "Use theirs". Needs the network
 * to read the history; the choice itself is a local write that syncs like any other.
 *
 * @fires conflict-resolved - `CustomEvent<ConflictResolvedDetail>` once the choice is saved.
 */
@customElement('tl-entry-conflict')
export class TlEntryConflict extends LitElement {
  @property() notebookId = '';
  @property({ attribute: false }) entry!: EntryRow;
  @property({ type: Boolean }) readOnly = false;

  @state() private load: LoadState = 'loading';
  @state() private items: HistoryItem[] = [];
  @state() private me = '';
  @state() private error = '';
  private loadedFor = '';

  static override styles = [
    ...partStyles,
    css`
      :host {
        margin: 0 0 1rem;
      }
      section {
        border: 2px solid var(--tl-danger);
      }
      h2 {
        margin-top: 0;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid var(--tl-border);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin-top: 1rem;
      }
      .error {
        color: var(--tl-danger);
      }
    `,
  ];

  protected override willUpdate(): void {
    const key = `${this.entry.id}@${this.entry.version}`;
    if (key !== this.loadedFor) {
      this.loadedFor = key;
      void this._load();
    }
  }

  private async _load(): Promise<void> {
    this.load = 'loading';
    try {
      const [items, me] = await Promise.all([
        fetchEntryHistory(this.notebookId, this.entry.id),
        this._currentUserId(),
      ]);
      this.items = items;
      this.me = me;
      this.load = 'ready';
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) {
        this.load = 'signed-out';
      } else if (isOfflineError(error)) {
        this.load = 'offline';
      } else {
        this.load = 'error';
        this.error = describeApiError(error);
      }
    }
  }

  /** The signed-in user: as this device recorded it, else as the server says ('' if it won't). */
  private async _currentUserId(): Promise<string> {
    const cached = await getMeta(getDb(), 'auth');
    if (cached?.userId) return cached.userId;
    try {
      return await fetchCurrentUserId();
    } catch (error) {
      if (isOfflineError(error)) throw error;
      return '';
    }
  }

  private _perspective(conflicts: readonly HistoryItem[]): Perspective {
    const first = conflicts[0];
    if (!first || !this.me) return 'neither';
    if (first.author.id === this.me) return 'theirs-is-current';
    if (first.overwrittenBy.id === this.me) return 'mine-is-current';
    return 'neither';
  }

  override render() {
    return html`<section class="card" aria-labelledby="conflict-title" data-testid="conflict">
      ${this._renderBody()}
    </section>`;
  }

  private _renderBody() {
    const intro = html`<p>
      Two people changed this entry at the same time. Both versions are kept; choose which one
      stays.
    </p>`;
    switch (this.load) {
      case 'loading':
        return html`<h2 id="conflict-title">Also edited by someone else</h2>
          ${intro}
          <p role="status">Fetching the other version…</p>`;
      case 'offline':
        return html`<h2 id="conflict-title">Also edited by someone else</h2>
          ${intro}
          <p role="status">
            Connect to the internet to see the other version; it is kept safely on the server.
          </p>
          <button type="button" class="secondary" @click=${this._load}>Try again</button>`;
      case 'signed-out':
        return html`<h2 id="conflict-title">Also edited by someone else</h2>
          ${intro}
          <p role="status">Sign in again to see the other version.</p>`;
      case 'error':
        return html`<h2 id="conflict-title">Also edited by someone else</h2>
          ${intro}
          <p class="error" role="alert">The other version could not be loaded. ${this.error}</p>
          <button type="button" class="secondary" @click=${this._load}>Try again</button>`;
      case 'ready':
        return this._renderConflicts();
    }
  }

  private _renderConflicts() {
    const conflicts = currentConflicts(this.entry, this.items);
    const perspective = this._perspective(conflicts);
    const others = new Set(
      conflicts.map((item) =>
        perspective === 'theirs-is-current' ? item.overwrittenBy.name : item.author.name,
      ),
    );
    const names = [...others].join(' and ') || 'someone else';
    const [currentLabel, otherLabel] = {
      'mine-is-current': ['Yours (shown now)', `${names}’s`],
      'theirs-is-current': [`${names}’s (shown now)`, 'Yours (overwritten)'],
      neither: ['Shown now', `Overwritten (by ${names})`],
    }[perspective];
    return html`<h2 id="conflict-title">Also edited by ${names}</h2>
      <p>
        ${names} changed ${conflicts.length === 1 ? 'this field' : 'these fields'} at the same time.
        Both versions are kept; choose which one stays.
      </p>
      <table data-testid="conflict-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">${currentLabel}</th>
            <th scope="col">${otherLabel}</th>
          </tr>
        </thead>
        <tbody>
          ${conflicts.map(
            (item) =>
              html`<tr data-field=${item.field}>
                <th scope="row">${FIELD_LABELS[item.field]}</th>
                <td data-testid="conflict-current">
                  ${showFieldValue(item.field, this.entry[item.field])}
                </td>
                <td data-testid="conflict-other">${showFieldValue(item.field, item.value)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.readOnly ? nothing : this._renderChoices(perspective, conflicts)}`;
  }

  private _renderChoices(perspective: Perspective, conflicts: readonly HistoryItem[]) {
    const ids = conflicts.map((item) => item.id);
    // "Mine" is whichever version the signed-in user wrote; the protocol's keep:'mine' means the
    // version on screen, so the buttons map onto it from the user's point of view.
    const keepCurrent = () => this._onResolve('mine', []);
    const restoreOther = () => this._onResolve('theirs', ids);
    if (perspective === 'neither') {
      return html`<div class="actions">
        <button type="button" @click=${keepCurrent}>Keep the version shown</button>
        <button type="button" class="secondary" @click=${restoreOther}>
          Restore the other version
        </button>
      </div>`;
    }
    const mineIsCurrent = perspective === 'mine-is-current';
    return html`<div class="actions">
      <button type="button" @click=${mineIsCurrent ? keepCurrent : restoreOther}>Keep mine</button>
      <button type="button" class="secondary" @click=${mineIsCurrent ? restoreOther : keepCurrent}>
        Use theirs
      </button>
    </div>`;
  }

  private async _onResolve(keep: 'mine' | 'theirs', historyIds: number[]): Promise<void> {
    this.error = '';
    try {
      await resolveConflict(getDb(), this.notebookId, this.entry.id, keep, {
        ...(keep === 'theirs' && historyIds.length > 0 && { historyIds }),
      });
      this.dispatchEvent(
        new CustomEvent<ConflictResolvedDetail>('conflict-resolved', {
          detail: { kept: keep === 'mine' ? 'current' : 'other' },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      this.error = error instanceof LocalWriteError ? error.message : String(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-conflict': TlEntryConflict;
  }
}
