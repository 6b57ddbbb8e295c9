import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Limits } from '../protocol/limits';

/** What the person typed in the fields, read from their form's data. */
export interface NewPassword {
  password: string;
  /** The second field ("New password again"). */
  again: string;
}

export function newPasswordOf(data: FormData): NewPassword {
  return {
    password: String(data.get('newPassword') ?? ''),
    again: String(data.get('repeatPassword') ?? ''),
  };
}

/**
 * "New password" and "New password again", for each form that sets a password (the reset link's
 * page, Settings' change password). It renders into its form's own tree, without a shadow root,
 * so the inputs are the form's (FormData, reset) and take the form's styles; as
 * `display: contents` it adds no box of its own. Read the values with `newPasswordOf`.
 */
@customElement('tl-new-password-fields')
export class TlNewPasswordFields extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.style.display = 'contents';
  }

  override render() {
    return html`<label for="new-password"
        >New password <span class="hint">(at least ${Limits.passwordMin} characters)</span></label
      >
      <input
        id="new-password"
        name="newPassword"
        type="password"
        autocomplete="new-password"
        required
        minlength=${Limits.passwordMin}
        maxlength=${Limits.passwordMax}
      />
      <label for="repeat-password">New password again</label>
      <input
        id="repeat-password"
        name="repeatPassword"
        type="password"
        autocomplete="new-password"
        required
        maxlength=${Limits.passwordMax}
      />`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-new-password-fields': TlNewPasswordFields;
  }
}
