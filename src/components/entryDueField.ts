// The entry editor's due time: a native date-and-time input, a way to clear it, and what the
// input's value means. Rendered into the editor's own form (not a sub-element), so the label,
// the error under the field and the editor's focus-the-first-invalid-field all stay in one root.
import { html, nothing, type TemplateResult } from 'lit';
import { fromLocalInputValue, toLocalInputValue } from '../format/describeDue';
import { entryFieldsSchema } from '../protocol/entry';

/** What the person put in the due input: a due time (or none), or why it is refused. */
export type DueInput = { due: number | null } | { error: string };

export function dueFromInput(input: HTMLInputElement): DueInput {
  if (input.value === '') {
    // A half-typed date reads as empty too: that is not "no due date".
    if (input.validity.badInput) {
      return { error: 'Enter a whole date and time, or clear the due date.' };
    }
    return { due: null };
  }
  const at = fromLocalInputValue(input.value);
  const checked = entryFieldsSchema.shape.due.safeParse(at ?? Number.NaN);
  if (at === undefined || !checked.success) {
    const message = checked.error?.issues[0]?.message ?? 'due must be a date and time';
    return { error: `${message[0]?.toUpperCase()}${message.slice(1)}.` };
  }
  return { due: at };
}

export interface DueFieldOptions {
  due: number | null;
  disabled: boolean;
  invalid: boolean;
  /** The message under the field (the editor's `#due-error`). */
  error: TemplateResult;
  onChange: (event: Event) => void;
  onClear: () => void;
}

export function renderDueField(options: DueFieldOptions): TemplateResult {
  const { due, disabled } = options;
  return html`<label for="due">Due</label>
    <div class="due">
      <input
        id="due"
        type="datetime-local"
        min="2000-01-01T00:00"
        max="9999-12-31T23:59"
        .value=${toLocalInputValue(due)}
        ?disabled=${disabled}
        aria-invalid=${options.invalid ? 'true' : 'false'}
        aria-describedby="due-error due-hint"
        @change=${options.onChange}
      />
      ${
        due !== null && !disabled
          ? html`<button type="button" class="secondary" @click=${options.onClear}>
              Clear due date
            </button>`
          : nothing
      }
      <span class="muted count" id="due-hint">Teammates with alerts on are reminded then.</span>
    </div>
    ${options.error}`;
}
