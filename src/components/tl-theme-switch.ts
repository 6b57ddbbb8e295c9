import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { ThemeChoice, setThemeChoice, themeStore } from '../app/theme';
import { partStyles } from '../styles/shared';

const OPTIONS: readonly { value: ThemeChoice; label: string }[] = [
  { value: ThemeChoice.System, label: 'Same as this device' },
  { value: ThemeChoice.Light, label: 'Light' },
  { value: ThemeChoice.Dark, label: 'Dark' },
];

/**
 * The theme choice — follow the system, light or dark — as a group of radio buttons. The choice
 * applies at once and is kept on this device.
 */
@customElement('tl-theme-switch')
export class TlThemeSwitch extends LitElement {
  private readonly theme = new StoreController(this, themeStore);

  static override styles = [
    ...partStyles,
    css`
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin-bottom: 0.35rem;
      }
      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      label {
        display: inline-flex;
        align-items: center;
        gap: 0.45rem;
        margin: 0;
        font-weight: 400;
        padding: 0.35rem 0.85rem 0.35rem 0.6rem;
        border: 1px solid var(--tl-border);
        border-radius: 999px;
        cursor: pointer;
        background: var(--tl-bg);
      }
      label:has(input:checked) {
        border-color: var(--tl-accent);
        background: var(--tl-accent-soft);
        font-weight: 600;
      }
      input {
        width: auto;
        margin: 0;
        accent-color: var(--tl-accent);
      }
    `,
  ];

  override render() {
    return html`<fieldset>
      <legend>Theme</legend>
      <div class="options">
        ${OPTIONS.map(
          (option) =>
            html`<label>
              <input
                type="radio"
                name="theme"
                .value=${option.value}
                .checked=${this.theme.value === option.value}
                @change=${this._onChange}
              />${option.label}
            </label>`,
        )}
      </div>
    </fieldset>`;
  }

  private _onChange(event: Event): void {
    setThemeChoice((event.target as HTMLInputElement).value as ThemeChoice);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-theme-switch': TlThemeSwitch;
  }
}
