import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/LiveQueryController';
import { StoreController } from '../controllers/StoreController';
import type { NotebookRow } from '../db/db';
import { getDb } from '../db/db';
import { listNotebooks } from '../db/queries';
import { AlertsStatus, alertsStore, disableAlerts, enableAlerts, loadAlerts } from '../app/alerts';
import { loadNotebookAlerts, notebookAlertsStore, setNotebookAlerts } from '../app/notebookAlerts';
import { partStyles } from '../styles/shared';

/**
 * Settings → Alerts: whether this device gets a notification when a teammate changes a notebook
 * (Web Push), with "Enable alerts" (asks the browser's permission on the click) or "Turn off".
 * When notifications are blocked, says how to allow them again in the browser's site settings.
 * While alerts are on, one checkbox per notebook ("Alert me about Field notes") mutes or unmutes
 * that notebook on this device.
 */
@customElement('tl-alerts-settings')
export class TlAlertsSettings extends LitElement {
  private readonly alerts = new StoreController(this, alertsStore);
  private readonly notebookAlerts = new StoreController(this, notebookAlertsStore);
  /** Notebooks the server knows (a notebook created here and not yet synced cannot be muted). */
  private readonly notebooks = new LiveQueryController(this, async () =>
    (await listNotebooks(getDb())).filter((notebook) => notebook.base !== null),
  );
  /** Whether the muted list was asked for since alerts last turned on. */
  private mutedRequested = false;

  static override styles = [
    ...partStyles,
    css`
      .error {
        color: var(--tl-warn);
      }
      fieldset {
        border: 1px solid var(--tl-border);
        border-radius: 8px;
        margin: 0.75rem 0;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin: 0.4rem 0;
      }
      .check input {
        width: 1.2rem;
        height: 1.2rem;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void loadAlerts();
  }

  override willUpdate(): void {
    const on = this.alerts.value.status === AlertsStatus.On;
    if (on && !this.mutedRequested) void loadNotebookAlerts();
    this.mutedRequested = on;
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
          ${this._renderNotebooks()}
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

  private _renderNotebooks() {
    const { loaded, muted, saving, error } = this.notebookAlerts.value;
    const notebooks = this.notebooks.value ?? [];
    const problem = error ? html`<p class="error" role="alert">${error}</p>` : nothing;
    if (!loaded) return error ? problem : html`<p role="status">Loading your notebooks…</p>`;
    if (notebooks.length === 0) return problem;
    return html`<fieldset data-testid="notebook-alerts">
        <legend>Notebooks that alert this device</legend>
        ${notebooks.map(
          (notebook: NotebookRow) =>
            html`<label class="check">
              <input
                type="checkbox"
                .checked=${!muted.includes(notebook.id)}
                ?disabled=${saving.includes(notebook.id)}
                @change=${(event: Event) =>
                  void setNotebookAlerts(
                    notebook.id,
                    notebook.name,
                    (event.target as HTMLInputElement).checked,
                  )}
              />
              Alert me about ${notebook.name}
            </label>`,
        )}
      </fieldset>
      ${problem}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-alerts-settings': TlAlertsSettings;
  }
}
