import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import {
  REFRESH_CHOICES,
  RefreshSupport,
  applyBackgroundRefresh,
  backgroundRefreshStore,
  setRefreshMinutes,
} from '../app/backgroundRefresh';
import { partStyles } from '../styles/shared';

const FALLBACK =
  'Tideline refreshes your notebooks when you open it, when you reconnect and when an alert arrives.';

/**
 * Settings → Background refresh: how often, at most, the browser may wake Tideline to refresh
 * notebooks while it is closed (Periodic Background Sync); where the browser does not offer or
 * permit it, says so and what Tideline does instead.
 */
@customElement('tl-background-refresh')
export class TlBackgroundRefresh extends LitElement {
  private readonly refresh = new StoreController(this, backgroundRefreshStore);

  static override styles = [
    ...partStyles,
    css`
      select {
        max-width: 20rem;
      }
      .error {
        color: var(--tl-warn);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void applyBackgroundRefresh();
  }

  private _onChange(event: Event): void {
    void setRefreshMinutes(Number((event.target as HTMLSelectElement).value));
  }

  override render() {
    return html`<section class="card" aria-labelledby="refresh" data-testid="background-refresh">
      <h2 id="refresh">Background refresh</h2>
      ${this._renderBody()}
    </section>`;
  }

  private _renderBody() {
    const { support, minutes, registered, error } = this.refresh.value;
    if (support === RefreshSupport.Unsupported) {
      return html`<p data-state="unsupported">
        This browser cannot refresh Tideline on a schedule while it is closed. ${FALLBACK}
      </p>`;
    }
    if (support === RefreshSupport.NotPermitted) {
      return html`<p data-state="not-permitted">
        This browser has not allowed Tideline to refresh on a schedule; it usually allows it once
        Tideline is installed as an app. ${FALLBACK}
      </p>`;
    }
    const chosen = REFRESH_CHOICES.find((choice) => choice.minutes === minutes);
    return html`<label for="refresh-interval">Refresh notebooks while Tideline is closed</label>
      <select id="refresh-interval" @change=${this._onChange}>
        ${REFRESH_CHOICES.map(
          (choice) =>
            html`<option value=${choice.minutes} ?selected=${choice.minutes === minutes}>
              ${choice.label}
            </option>`,
        )}
      </select>
      <p data-state=${registered ? 'registered' : 'off'} role="status">
        ${
          registered && minutes > 0
            ? `On: ${chosen?.label.toLowerCase() ?? `every ${minutes} minutes`} at most; the browser picks the exact times.`
            : `Off. ${FALLBACK}`
        }
      </p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-background-refresh': TlBackgroundRefresh;
  }
}
