import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EntryFilter, TagCount } from '../db/entryIds';
import type { EntryOrder } from '../db/queries';
import { partStyles, visuallyHiddenRule } from '../styles/shared';

/** Typing pauses this long before a search runs, so each keystroke does not scan the notebook. */
export const SEARCH_DEBOUNCE_MS = 250;

/** The "Show" choices: done state, and tasks by due time (those not done). */
const SHOW_OPTIONS = {
  all: { done: undefined, due: undefined },
  open: { done: false, due: undefined },
  done: { done: true, due: undefined },
  soon: { done: false, due: 'soon' },
  overdue: { done: false, due: 'overdue' },
} as const satisfies Record<string, Pick<EntryFilter, 'done' | 'due'>>;
type ShowOption = keyof typeof SHOW_OPTIONS;

function showOption({ done, due }: EntryFilter): ShowOption {
  if (due) return due;
  if (done === undefined) return 'all';
  return done ? 'done' : 'open';
}

/** Below this width tag, done state and order fold behind one "Filters" button. */
const FOLD_BELOW = '40rem';

/**
 * The entry list's controls: text search (debounced), tag, done state and sort order. On a
 * phone the search stays in sight and the rest fold behind one "Filters" button (a disclosure
 * that counts the filters in use), so the list starts near the top of the screen.
 *
 * @fires filters-change - `CustomEvent<EntryFilter>` with the whole new filter.
 */
@customElement('tl-entry-filters')
export class TlEntryFilters extends LitElement {
  @property({ attribute: false }) filter: EntryFilter = { order: 'updated' };
  /** The notebook's tags, offered in the tag filter. */
  @property({ attribute: false }) tags: readonly TagCount[] = [];

  /** The folded filters are shown (phone only; a wide screen always shows them). */
  @state() private unfolded = false;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  static override styles = [
    ...partStyles,
    css`
      :host {
        margin: 0 0 0.75rem;
      }
      form {
        display: grid;
        grid-template-columns: 2fr 3fr;
        gap: 0.5rem 0.75rem;
        align-items: end;
      }
      .more {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.5rem 0.75rem;
        align-items: end;
      }
      .fold {
        display: none;
      }
      @media (max-width: ${unsafeCSS(FOLD_BELOW)}) {
        form {
          grid-template-columns: 1fr auto;
        }
        .fold {
          display: inline-block;
          white-space: nowrap;
        }
        .more {
          grid-column: 1 / -1;
          grid-template-columns: 1fr 1fr;
        }
        .more.folded {
          display: none;
        }
      }
      label {
        margin: 0 0 0.2rem;
        font-size: 0.85rem;
      }
      /* The label says it above the field; on a phone the field says it itself, so the rows
         below get the height. */
      #q::placeholder {
        color: transparent;
      }
      @media (max-width: 30rem) {
        label[for='q'] {
          ${visuallyHiddenRule}
        }
        #q::placeholder {
          color: var(--tl-muted);
        }
      }
    `,
  ];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
  }

  override render() {
    const { filter } = this;
    const tagMissing = filter.tag !== undefined && !this.tags.some(({ tag }) => tag === filter.tag);
    return html`<form role="search" aria-label="Filter entries" @submit=${this._onSubmit}>
      <div class="search">
        <label for="q">Search title and text</label>
        <input
          id="q"
          data-shortcut="search"
          type="search"
          placeholder="Search title and text"
          autocomplete="off"
          .value=${filter.text ?? ''}
          @input=${this._onSearchInput}
        />
      </div>
      <button
        type="button"
        class="secondary fold"
        aria-expanded=${this.unfolded ? 'true' : 'false'}
        aria-controls="more-filters"
        @click=${this._onFold}
      >
        ${this._foldLabel()}
      </button>
      <div id="more-filters" class=${this.unfolded ? 'more' : 'more folded'}>
        <div>
          <label for="tag">Tag</label>
          <select id="tag" @change=${this._onTagChange}>
            <option value="" ?selected=${!filter.tag}>All tags</option>
            ${tagMissing ? html`<option value=${filter.tag!} selected>${filter.tag} (0)</option>` : ''}
            ${this.tags.map(
              ({ tag, count }) =>
                html`<option value=${tag} ?selected=${filter.tag === tag}>
                  ${tag} (${count})
                </option>`,
            )}
          </select>
        </div>
        <div>
          <label for="done">Show</label>
          <select id="done" @change=${this._onDoneChange}>
            <option value="all" ?selected=${showOption(filter) === 'all'}>All entries</option>
            <option value="open" ?selected=${showOption(filter) === 'open'}>Not done</option>
            <option value="done" ?selected=${showOption(filter) === 'done'}>Done</option>
            <option value="soon" ?selected=${showOption(filter) === 'soon'}>Due soon</option>
            <option value="overdue" ?selected=${showOption(filter) === 'overdue'}>Overdue</option>
          </select>
        </div>
        <div>
          <label for="order">Sort by</label>
          <select id="order" @change=${this._onOrderChange}>
            <option value="updated" ?selected=${filter.order === 'updated'}>Last updated</option>
            <option value="created" ?selected=${filter.order === 'created'}>Created</option>
            <option value="due" ?selected=${filter.order === 'due'}>Due date</option>
          </select>
        </div>
      </div>
    </form>`;
  }

  /** "Filters", or "Filters (2)" with two in use, so a folded filter is not forgotten. */
  private _foldLabel(): string {
    const { tag, done, order } = this.filter;
    const used = [tag !== undefined, done !== undefined, order !== 'updated'].filter(
      Boolean,
    ).length;
    return used > 0 ? `Filters (${used})` : 'Filters';
  }

  private _onFold(): void {
    this.unfolded = !this.unfolded;
  }

  private _emit(patch: Partial<EntryFilter>): void {
    this.filter = { ...this.filter, ...patch };
    this.dispatchEvent(
      new CustomEvent<EntryFilter>('filters-change', {
        detail: this.filter,
        bubbles: true,
        composed: true,
      }),
    );
  }

  private _onSearchInput(event: InputEvent): void {
    const text = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(
      () => this._emit({ text: text.trim() || undefined }),
      SEARCH_DEBOUNCE_MS,
    );
  }

  /** Enter in the search box searches at once. */
  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    clearTimeout(this.searchTimer);
    const text = this.renderRoot.querySelector<HTMLInputElement>('#q')?.value ?? '';
    this._emit({ text: text.trim() || undefined });
  }

  private _onTagChange(event: Event): void {
    this._emit({ tag: (event.target as HTMLSelectElement).value || undefined });
  }

  private _onDoneChange(event: Event): void {
    this._emit({ ...SHOW_OPTIONS[(event.target as HTMLSelectElement).value as ShowOption] });
  }

  private _onOrderChange(event: Event): void {
    this._emit({ order: (event.target as HTMLSelectElement).value as EntryOrder });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-filters': TlEntryFilters;
  }
}
