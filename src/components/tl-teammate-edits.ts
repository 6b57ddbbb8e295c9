import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { partStyles } from '../styles/shared';
import type { TeammateEdit } from './EntryDraft';
import { FIELD_LABELS, showFieldValue } from './fieldValue';

export interface TeammateEditAnswer {
  edit: TeammateEdit;
  keep: 'mine' | 'theirs';
}

/**
 * In the open editor, as it happens: a teammate changed a field the person is editing. Shows
 * the teammate's value and the person's side by side (stacked on a phone) and asks which stays.
 *
 * @fires teammate-edit-answer - `CustomEvent<TeammateEditAnswer>` when the person chooses.
 */
@customElement('tl-teammate-edits')
export class TlTeammateEdits extends LitElement {
  @property({ attribute: false }) edits: TeammateEdit[] = [];
  /** user id → name, as far as known. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  static override styles = [
    ...partStyles,
    css`
      :host {
        display: block;
        margin: 0 0 1rem;
      }
      section {
        border: 2px solid var(--tl-warn);
      }
      h2 {
        margin-top: 0;
        font-size: 1.1rem;
      }
      .sides {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: 0.75rem;
      }
      figure {
        margin: 0;
        min-width: 0;
      }
      figcaption {
        font-weight: 600;
        margin-bottom: 0.25rem;
      }
      blockquote {
        margin: 0;
        padding: 0.5rem;
        border: 1px solid var(--tl-border);
        border-radius: var(--tl-radius);
        white-space: pre-wrap;
        overflow-wrap: break-word;
        max-height: 12rem;
        overflow: auto;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin-top: 0.75rem;
      }
    `,
  ];

  private _name(userId: string): string {
    return this.names.get(userId) ?? 'A teammate';
  }

  override render() {
    const people = [...new Set(this.edits.map((edit) => this._name(edit.by)))];
    return html`<section class="card" role="alert" data-testid="teammate-edits">
      <h2>${people.join(' and ')} changed this while you were editing</h2>
      ${this.edits.map((edit) => this._renderEdit(edit))}
    </section>`;
  }

  private _renderEdit(edit: TeammateEdit) {
    const name = this._name(edit.by);
    const label = FIELD_LABELS[edit.field];
    return html`<div class="edit" data-field=${edit.field}>
      <h3>${label}</h3>
      <div class="sides">
        <figure>
          <figcaption>
            ${name === 'A teammate' ? 'Their' : `${name}’s`} ${label.toLowerCase()}
          </figcaption>
          <blockquote data-testid="teammate-theirs">
            ${showFieldValue(edit.field, edit.theirs)}
          </blockquote>
        </figure>
        <figure>
          <figcaption>Your ${label.toLowerCase()}</figcaption>
          <blockquote data-testid="teammate-mine">
            ${showFieldValue(edit.field, edit.mine)}
          </blockquote>
        </figure>
      </div>
      <div class="actions">
        <button type="button" @click=${() => this._answer(edit, 'mine')}>Keep mine</button>
        <button type="button" class="secondary" @click=${() => this._answer(edit, 'theirs')}>
          Use ${name === 'A teammate' ? 'theirs' : `${name}’s`}
        </button>
      </div>
    </div>`;
  }

  private _answer(edit: TeammateEdit, keep: 'mine' | 'theirs'): void {
    this.dispatchEvent(
      new CustomEvent<TeammateEditAnswer>('teammate-edit-answer', {
        detail: { edit, keep },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-teammate-edits': TlTeammateEdits;
  }
}
