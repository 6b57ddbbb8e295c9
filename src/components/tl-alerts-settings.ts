import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import {
  AlertsStatus,
  alertsStore,
  disableAlerts,
  enableAlerts,
  loadAlerts,
} from '../state/alerts';
import { pageStyles } from '../styles/shared';

/**
 * Settings → Alerts: whether this device gets a notification when a teammate changes a notebook
 * (Web Push), with "Enable alerts" (asks the browser's permission on the click) or "Turn off".
 * When notifications are blocked, says how to allow them again in the browser's site settings.
 */
@customElement('tl-alerts-settings')
export class TlAlertsSettings extends LitElement {
  private readonly alerts = new StoreController(this, alertsStore);

  static override styles = [
    pageStyles,
    css`
      :host {
        display: block;
        max-width: none;
        margin: 0;
        padding: 0;
      }
      .error {
        color: var(--tl-warn);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void loadAlerts();
  }

  private _onEnable(): void {
    void enableAlerts();
  }

  private _onDisable(): void {
    void disableAlerts();
  }

  override render() {
    const { status, error } = this.alerts.value;
    return html`<section class="card" aria-labelledby="alerts" data-testid="alerts">
      <h2 id="alerts">Alerts</h2>
      ${this._renderStatus(status)}
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
    </section>`;
  }

  private _renderStatus(status: AlertsStatus) {
    switch (status) {
      case AlertsStatus.Unsupported:
        return html`<p data-state="unsupported">
          This browser cannot show alerts from Tideline. Teammates’ changes arrive whenever Tideline
          is open.
        </p>`;
      case AlertsStatus.Blocked:
        return html`<p data-state="blocked">
            Notifications are blocked for Tideline in this browser, so it cannot alert you.
          </p>
          <p>
            To allow them: open the site settings (the icon at the left of the address bar), set
            <strong>Notifications</strong> to <strong>Allow</strong>, then reload this page and
            press “Enable alerts”.
          </p>`;
      case AlertsStatus.On:
        return html`<p data-state="on">
            Alerts are on for this device: when a teammate adds or changes entries, Tideline shows a
            notification, even while it is closed.
          </p>
          <p><button class="secondary" @click=${this._onDisable}>Turn off alerts</button></p>`;
      case AlertsStatus.Working:
        return html`<p data-state="working" role="status">Setting up alerts…</p>
          <p><button disabled>Enable alerts</button></p>`;
      default:
        return html`<p data-state="off">
            Alerts are off. Turn them on to get a notification when a teammate adds or changes
            entries, even while Tideline is closed.
          </p>
          <p><button @click=${this._onEnable}>Enable alerts</button></p>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-alerts-settings': TlAlertsSettings;
  }
}
