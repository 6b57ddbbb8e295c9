import Dexie, { liveQuery, type ObservabilitySet, type Subscription } from 'dexie';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  markDueNoticesShown,
  pendingDueNotices,
  pushRemindersOn,
  type DueNotice,
} from '../app/dueNotices';
import { getDb } from '../db/db';
import { entryChanges } from '../db/entryIds';
import { currentUserId } from '../db/meta';
import { describeDue } from '../format/describeDue';
import { pathFor, PageName } from '../protocol/routes';
import { partStyles } from '../styles/shared';

/** A task is "Due now" for this long past its time, and "Overdue" after. */
const DUE_NOW_MS = 60 * 60 * 1000;

/** How often an open app looks again for tasks that have just fallen due (time passing is the
 *  one change a live query does not see). */
const CHECK_MS = 30_000;

/**
 * "Due now: Buy rope — Trail survey": the tasks that fell due, shown in the app on a device that
 * gets no reminder pushes (dueNotices.ts), once per task. Each links to its task; Dismiss hides
 * the notice (the tasks stay announced). It follows the database live, so tasks pulled just after
 * the app opened are announced as they arrive.
 */
@customElement('tl-due-notice')
export class TlDueNotice extends LitElement {
  @state() private notices: DueNotice[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private subscription: Subscription | undefined;
  private rewatch: ReturnType<typeof setTimeout> | undefined;

  static override styles = [
    ...partStyles,
    css`
      /* Lined up with the page below (pageStyles' box). */
      :host {
        display: block;
        max-width: 60rem;
        margin: 0 auto;
        padding: 0 1rem;
      }
      @media (max-width: 30rem) {
        :host {
          padding: 0 0.75rem;
        }
      }
      section {
        border: 1px solid var(--tl-danger);
        border-radius: var(--tl-radius);
        background: var(--tl-surface);
        padding: 0.6rem 0.9rem;
        margin: 0.75rem 0 0;
      }
      h2 {
        font-size: 1rem;
        margin: 0 0 0.3rem;
      }
      ul {
        margin: 0;
        padding-left: 1.1rem;
      }
      a {
        color: inherit;
        font-weight: 600;
      }
      .when {
        color: var(--tl-muted);
        font-size: 0.85rem;
      }
      button {
        margin-top: 0.5rem;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this._watch();
    this.timer = setInterval(() => this._watch(), CHECK_MS);
    Dexie.on('storagemutated', this._onStorage);
  }

  /** Entries changed, here or in another context (the sync worker): look again, as the entry
   *  list does — the live query alone has been seen to miss a write from another context. */
  private readonly _onStorage = (parts: ObservabilitySet): void => {
    if (!entryChanges(parts, getDb().name)) return;
    clearTimeout(this.rewatch);
    this.rewatch = setTimeout(() => this._watch(), 250);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    clearTimeout(this.rewatch);
    Dexie.on.storagemutated.unsubscribe(this._onStorage);
    this.subscription?.unsubscribe();
  }

  /** (Re)starts the live query, measured against the time now. */
  private _watch(): void {
    this.subscription?.unsubscribe();
    const db = getDb();
    this.subscription = liveQuery(async () => {
      if (!(await currentUserId(db).catch(() => ''))) return [];
      if (await pushRemindersOn(db)) return [];
      return pendingDueNotices(db, Date.now());
    }).subscribe({
      next: (fresh) => void this._announce(fresh),
      error: (error: unknown) => {
        if (import.meta.env.DEV) console.warn('Due reminders could not be read', error);
      },
    });
  }

  private async _announce(fresh: DueNotice[]): Promise<void> {
    const known = new Set(this.notices.map((notice) => notice.entryId));
    const added = fresh.filter((notice) => !known.has(notice.entryId));
    if (added.length === 0) return;
    this.notices = [...this.notices, ...added];
    await markDueNoticesShown(getDb(), added).catch(() => undefined);
  }

  override render() {
    if (this.notices.length === 0) return nothing;
    const now = Date.now();
    return html`<section role="alert" aria-labelledby="due-heading" data-testid="due-notice">
      <h2 id="due-heading">${this.notices.length === 1 ? 'A task is due' : 'Tasks are due'}</h2>
      <ul>
        ${this.notices.map(
          (notice) =>
            html`<li>
              <a
                href=${pathFor(PageName.Entry, {
                  notebookId: notice.notebookId,
                  entryId: notice.entryId,
                })}
                @click=${() => this._dismiss(notice.entryId)}
                >${now - notice.due < DUE_NOW_MS ? 'Due now' : 'Overdue'}:
                ${notice.title || 'Untitled task'} — ${notice.notebookName}</a
              >
              <span class="when">(${describeDue(notice.due, now, false).text})</span>
            </li>`,
        )}
      </ul>
      <button type="button" class="secondary" @click=${() => (this.notices = [])}>Dismiss</button>
    </section>`;
  }

  private _dismiss(entryId: string): void {
    this.notices = this.notices.filter((notice) => notice.entryId !== entryId);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-due-notice': TlDueNotice;
  }
}
