import { liveQuery, type Subscription } from 'dexie';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { ModalController } from '../controllers/ModalController';
import { getDb, type DeadLetterRow, type TidelineDB } from '../db/db';
import { listDeadLetters } from '../db/queries';
import { describeChange, describeRejection } from '../sync/describeDeadLetter';
import { localWriteMessage } from '../sync/localWriteMessage';
import { discardDeadLetter, retryDeadLetter } from '../sync/mutate';
import { dialogStyles } from '../styles/dialog';
import { pageStyles } from '../styles/shared';

interface Letter {
  row: DeadLetterRow & { id: number };
  change: string;
  reason: string;
  /** What the user wrote in this change (an entry's title, text and tags), to copy elsewhere. */
  written: string;
}

/** The words a change carried, so a refused edit is never lost: title, text and tags, as typed. */
function writtenText(row: DeadLetterRow): string {
  const args = (row.args ?? {}) as Record<string, unknown>;
  const fields = (args.fields ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  for (const value of [fields.title, fields.body]) {
    if (typeof value === 'string' && value.trim() !== '') parts.push(value);
  }
  if (Array.isArray(fields.tags) && fields.tags.length > 0) {
    parts.push(`Tags: ${fields.tags.join(', ')}`);
  }
  return parts.join('\n\n');
}

async function loadLetters(db: TidelineDB): Promise<Letter[]> {
  const rows = await listDeadLetters(db);
  const notebooks = await db.notebooks.bulkGet([...new Set(rows.map((row) => row.notebookId))]);
  const names = new Map(
    notebooks.flatMap((notebook) => (notebook ? [[notebook.id, notebook.name]] : [])),
  );
  return rows.flatMap((row) =>
    row.id === undefined
      ? []
      : [
          {
            row: { ...row, id: row.id },
            change: describeChange(row, names.get(row.notebookId)),
            reason: describeRejection(row),
            written: writtenText(row),
          },
        ],
  );
}

/**
 * The changes the server refused for good (dead letters), in a modal dialog: what each change
 * was, why it was refused, and "Retry" (send it again as a new change) or "Discard" (forget it).
 * The list follows the database, so a retry or a discard in another tab shows here too.
 */
@customElement('tl-dead-letters')
export class TlDeadLetters extends LitElement {
  @state() private letters: Letter[] | undefined;
  /** Per dead letter: why "Retry" could not make the change again. */
  @state() private errors = new Map<number, string>();
  /** Per dead letter: whether "Copy text" worked. */
  @state() private copied = new Map<number, string>();
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('h2') private heading!: HTMLElement;
  private readonly modal = new ModalController(this, () => this.dialog);
  private subscription: Subscription | undefined;

  static override styles = [
    pageStyles,
    dialogStyles,
    css`
      :host {
        display: contents;
      }
      h2:focus {
        outline: none;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding: 0.75rem 0;
        border-bottom: 1px solid var(--tl-border);
      }
      li p {
        margin: 0.25rem 0;
      }
      .written {
        margin: 0.5rem 0;
        resize: vertical;
      }
      .when {
        color: var(--tl-muted);
        font-size: 0.875rem;
      }
      .item-actions {
        display: flex;
        gap: 0.5rem;
        margin-top: 0.5rem;
      }
      .item-actions button {
        padding: 0.25rem 0.8rem;
      }
    `,
  ];

  /**
   * Opens the list. Focus returns to whatever opened it or, when that has gone (the last refused
   * change was dealt with, so its indicator left), to `fallback`.
   */
  open(fallback?: () => HTMLElement | null | undefined): Promise<void> {
    this.errors = new Map();
    this.copied = new Map();
    return this.modal.open({ focus: () => this.heading, ...(fallback && { fallback }) });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscription = liveQuery(() => loadLetters(getDb())).subscribe({
      next: (letters) => (this.letters = letters),
      error: () => (this.letters = []),
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  override render() {
    const letters = this.letters ?? [];
    return html`<dialog aria-labelledby="dead-letters-title" aria-describedby="dead-letters-intro">
      <div class="dialog-header">
        <h2 id="dead-letters-title" tabindex="-1">Changes the server refused</h2>
        <button type="button" class="secondary" @click=${this._onClose}>Close</button>
      </div>
      <p id="dead-letters-intro">
        These changes were made on this device but the server will not accept them. Retry sends a
        change again; Discard forgets it.
      </p>
      ${
        letters.length === 0
          ? html`<p role="status">Nothing here: every change reached the server.</p>`
          : html`<ul data-testid="dead-letters">
              ${letters.map((letter) => this._renderLetter(letter))}
            </ul>`
      }
    </dialog>`;
  }

  private _renderLetter({ row, change, reason, written }: Letter) {
    const error = this.errors.get(row.id);
    const copied = this.copied.get(row.id);
    return html`<li data-code=${row.code}>
      <p><strong>${change}</strong></p>
      <p data-testid="reason">${reason}</p>
      ${
        written
          ? html`<textarea
              class="written"
              readonly
              rows="4"
              aria-label=${`What you wrote: ${change}`}
              .value=${written}
            ></textarea>`
          : nothing
      }
      <p class="when">Refused ${new Date(row.at).toLocaleString()}</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      <div class="item-actions">
        <button
          type="button"
          aria-label=${`Retry: ${change}`}
          @click=${() => this._onRetry(row.id)}
        >
          Retry
        </button>
        ${
          written
            ? html`<button
                type="button"
                class="secondary"
                aria-label=${`Copy text: ${change}`}
                @click=${(event: Event) =>
                  this._onCopy(
                    row.id,
                    written,
                    (event.target as HTMLElement).closest('li')?.querySelector('textarea') ?? null,
                  )}
              >
                Copy text
              </button>`
            : nothing
        }
        <button
          type="button"
          class="secondary"
          aria-label=${`Discard: ${change}`}
          @click=${() => this._onDiscard(row.id)}
        >
          Discard
        </button>
      </div>
      ${copied ? html`<p role="status">${copied}</p>` : nothing}
    </li>`;
  }

  private _setError(id: number, message: string | undefined): void {
    const errors = new Map(this.errors);
    if (message) errors.set(id, message);
    else errors.delete(id);
    this.errors = errors;
  }

  private async _onRetry(id: number): Promise<void> {
    try {
      await retryDeadLetter(getDb(), id);
      this._setError(id, undefined);
      this.heading.focus();
    } catch (error) {
      this._setError(id, localWriteMessage(error));
    }
  }

  private async _onCopy(
    id: number,
    written: string,
    field: HTMLTextAreaElement | null,
  ): Promise<void> {
    const copied = new Map(this.copied);
    try {
      await navigator.clipboard.writeText(written);
      copied.set(id, 'Copied your text to the clipboard.');
    } catch {
      field?.select();
      copied.set(
        id,
        'This browser did not allow copying: the text is selected above, press Ctrl+C (⌘C on a Mac).',
      );
    }
    this.copied = copied;
  }

  private async _onDiscard(id: number): Promise<void> {
    await discardDeadLetter(getDb(), id);
    this._setError(id, undefined);
    // The item and its buttons are gone: keep focus inside the dialog.
    this.heading.focus();
  }

  private _onClose(): void {
    this.modal.close();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-dead-letters': TlDeadLetters;
  }
}
