import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Limits } from '../protocol/limits';
import { partStyles } from '../styles/shared';

/**
 * An entry's tags as removable chips, with a field to add more (Enter or comma adds one).
 * The limits are checked as the user types; saving checks them again.
 *
 * @fires tags-change - `CustomEvent<string[]>` with the whole new list of tags.
 */
@customElement('tl-entry-tags')
export class TlEntryTags extends LitElement {
  @property({ attribute: false }) tags: readonly string[] = [];
  @property({ type: Boolean }) disabled = false;
  /** A message from saving (the entry's validation), shown under the field. */
  @property() error = '';

  @state() private message = '';
  @query('input') private input!: HTMLInputElement;

  static override styles = [
    ...partStyles,
    css`
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        list-style: none;
        padding: 0;
        margin: 0.25rem 0 0.5rem;
      }
      li {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        padding: 0.1rem 0.2rem 0.1rem 0.7rem;
        border-radius: 999px;
        background: color-mix(in srgb, var(--tl-accent) 12%, transparent);
      }
      li button {
        padding: 0.05rem 0.45rem;
        background: transparent;
        color: inherit;
        border-color: transparent;
        line-height: 1.2;
      }
      .add {
        display: flex;
        gap: 0.5rem;
      }
      .add input {
        flex: 1;
      }
      .heading {
        font-weight: 600;
        margin: 0.75rem 0 0.25rem;
      }
      .visually-hidden {
        margin: 0;
      }
      .error {
        color: var(--tl-danger);
        margin: 0.25rem 0 0;
      }
    `,
  ];

  override render() {
    const problem = this.message || this.error;
    return html`<p class="heading" id="tags-heading">Tags</p>
      ${
        this.tags.length > 0
          ? html`<ul aria-labelledby="tags-heading" data-testid="tags">
              ${this.tags.map(
                (tag) =>
                  html`<li>
                    <span>${tag}</span>
                    <button
                      type="button"
                      aria-label="Remove tag ${tag}"
                      ?disabled=${this.disabled}
                      @click=${() => this._onRemove(tag)}
                    >
                      ×
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <label class="visually-hidden" for="tag-input">Add a tag</label>
      <div class="add">
        <input
          id="tag-input"
          autocomplete="off"
          maxlength=${Limits.tagMax}
          placeholder="Add a tag and press Enter"
          ?disabled=${this.disabled}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby="tag-error"
          @keydown=${this._onKeyDown}
          @input=${() => (this.message = '')}
        />
        <button type="button" class="secondary" ?disabled=${this.disabled} @click=${this._onAdd}>
          Add tag
        </button>
      </div>
      <p class="error" id="tag-error" role=${problem ? 'alert' : nothing}>${problem}</p>`;
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ',') {
      // Enter would submit the entry's form; here it adds the tag.
      event.preventDefault();
      this._onAdd();
    }
  }

  private _onAdd(): void {
    const tag = this.input.value.trim().replace(/,+$/, '');
    if (!tag) return;
    if (this.tags.includes(tag)) {
      this.input.value = '';
      return;
    }
    if (tag.length > Limits.tagMax) {
      this.message = `A tag can have at most ${Limits.tagMax} characters.`;
      return;
    }
    if (this.tags.length >= Limits.tagsMax) {
      this.message = `An entry can have at most ${Limits.tagsMax} tags; remove one first.`;
      return;
    }
    this.input.value = '';
    this._emit([...this.tags, tag]);
  }

  private _onRemove(tag: string): void {
    this.message = '';
    this._emit(this.tags.filter((candidate) => candidate !== tag));
    this.input.focus();
  }

  private _emit(tags: string[]): void {
    this.dispatchEvent(
      new CustomEvent<string[]>('tags-change', { detail: tags, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-tags': TlEntryTags;
  }
}
