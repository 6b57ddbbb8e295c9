import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getDb, type EntryRow } from '../db/db';
import { getMeta } from '../db/meta';
import { ApiRequestError, describeApiError, isOfflineError } from '../api/api';
import { fetchCurrentUserId, fetchEntryHistory } from '../api/entriesApi';
import type { HistoryItem } from '../protocol/entry';
import { LocalWriteError } from '../sync/errors';
import { resolveConflict } from '../sync/mutate';
import { partStyles } from '../styles/shared';
import { currentConflicts } from './currentConflicts';
import { FIELD_LABELS, showFieldValue } from './fieldValue';

type LoadState = 'loading' | 'ready' | 'offline' | 'signed-out' | 'error';

/** Whose version the entry shows now, from the signed-in user's point of view. */
type Perspective = 'mine-is-current' | 'theirs-is-current' | 'neither';

export interface ConflictResolvedDetail {
  /** What the entry ends up with: the version on screen, or the overwritten one restored. */
  kept: 'current' | 'other';
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
  /** The last failure had no answer though the browser was online: the server, not the network. */
  private unreachable = false;
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
        width: 50%;
        text-align: left;
        vertical-align: top;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid var(--tl-border);
      }
      /* The field's name heads its pair of versions, across both columns. */
      th[scope='rowgroup'] {
        padding-top: 0.75rem;
        border-bottom: 0;
        color: var(--tl-muted);
        font-size: 0.9rem;
      }
      /* Only what people wrote may break inside a word (a long link); headings never do. The
         value keeps its line breaks; the template's own whitespace around it does not show. */
      .value {
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
        // No answer while the browser is online: the server is down, not the network.
        this.unreachable = navigator.onLine;
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
            ${
              this.unreachable
                ? 'Can’t reach the Tideline server to fetch the other version; it is kept safely there. Try again in a moment.'
                : 'Connect to the internet to see the other version; it is kept safely on the server.'
            }
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
            <th scope="col">${currentLabel}</th>
            <th scope="col">${otherLabel}</th>
          </tr>
        </thead>
        ${conflicts.map(
          (item) =>
            html`<tbody data-field=${item.field}>
              <tr>
                <th scope="rowgroup" colspan="2">${FIELD_LABELS[item.field]}</th>
              </tr>
              <tr>
                <td>
                  <span class="value" data-testid="conflict-current"
                    >${showFieldValue(item.field, this.entry[item.field])}</span
                  >
                </td>
                <td>
                  <span class="value" data-testid="conflict-other"
                    >${showFieldValue(item.field, item.value)}</span
                  >
                </td>
              </tr>
            </tbody>`,
        )}
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
