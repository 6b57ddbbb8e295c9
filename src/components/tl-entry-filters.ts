import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { EntryFilter, TagCount } from '../db/entryIds';
import type { EntryOrder } from '../db/queries';
import { partStyles } from '../styles/shared';

/** Typing pauses this long before a search runs, so each keystroke does not scan the notebook. */
export const SEARCH_DEBOUNCE_MS = 250;

const DONE_OPTIONS = { all: undefined, open: false, done: true } as const;
type DoneOption = keyof typeof DONE_OPTIONS;

function doneOption(done: boolean | undefined): DoneOption {
  if (done === undefined) return 'all';
  return done ? 'done' : 'open';
}

/**
 * The entry list's controls: text search (debounced), tag, done state and sort order.
 *
 * @fires filters-change - `CustomEvent<EntryFilter>` with the whole new filter.
 */
@customElement('tl-entry-filters')
export class TlEntryFilters extends LitElement {
  @property({ attribute: false }) filter: EntryFilter = { order: 'updated' };
  /** The notebook's tags, offered in the tag filter. */
  @property({ attribute: false }) tags: readonly TagCount[] = [];

  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  static override styles = [
    ...partStyles,
    css`
      :host {
        margin: 0 0 0.75rem;
      }
      form {
        display: grid;
        grid-template-columns: 2fr repeat(3, 1fr);
        gap: 0.5rem 0.75rem;
        align-items: end;
      }
      @media (max-width: 40rem) {
        form {
          grid-template-columns: 1fr 1fr;
        }
        .search {
          grid-column: 1 / -1;
        }
      }
      label {
        margin: 0 0 0.2rem;
        font-size: 0.85rem;
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
          autocomplete="off"
          .value=${filter.text ?? ''}
          @input=${this._onSearchInput}
        />
      </div>
      <div>
        <label for="tag">Tag</label>
        <select id="tag" @change=${this._onTagChange}>
          <option value="" ?selected=${!filter.tag}>All tags</option>
          ${tagMissing ? html`<option value=${filter.tag!} selected>${filter.tag} (0)</option>` : ''}
          ${this.tags.map(
            ({ tag, count }) =>
              html`<option value=${tag} ?selected=${filter.tag === tag}>${tag} (${count})</option>`,
          )}
        </select>
      </div>
      <div>
        <label for="done">Show</label>
        <select id="done" @change=${this._onDoneChange}>
          <option value="all" ?selected=${doneOption(filter.done) === 'all'}>All entries</option>
          <option value="open" ?selected=${doneOption(filter.done) === 'open'}>Not done</option>
          <option value="done" ?selected=${doneOption(filter.done) === 'done'}>Done</option>
        </select>
      </div>
      <div>
        <label for="order">Sort by</label>
        <select id="order" @change=${this._onOrderChange}>
          <option value="updated" ?selected=${filter.order === 'updated'}>Last updated</option>
          <option value="created" ?selected=${filter.order === 'created'}>Created</option>
        </select>
      </div>
    </form>`;
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
    this._emit({ done: DONE_OPTIONS[(event.target as HTMLSelectElement).value as DoneOption] });
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
