import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../components/tl-alerts-settings';
import '../components/tl-background-refresh';
import '../components/tl-activity-log';
import { StoreController } from '../controllers/StoreController';
import { detectCapabilities, type Capability } from '../app/capabilities';
import { controllingWorkerVersion, type WorkerVersion } from '../app/serviceWorker';
import { storageInfo, type StorageInfo } from '../app/storage';
import { syncStore } from '../app/sync';
import { QUOTA_EXCEEDED } from '../sync/errors';
import { pageStyles, tableStyles } from '../styles/shared';
import '../components/tl-change-password';
import '../components/tl-devices';
import '../components/tl-export-all';
import '../components/tl-theme-switch';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * Settings: this build, storage, the browser's background capabilities and the log of
 * background activity (sync, periodic sync and push runs of the service worker).
 */
@customElement('tl-settings-page')
export class TlSettingsPage extends LitElement {
  @state() private capabilities: Capability[] = [];
  @state() private storage: StorageInfo | undefined;
  @state() private worker: WorkerVersion | undefined;
  @state() private storageMessage = '';
  private readonly sync = new StoreController(this, syncStore);

  static override styles = [
    pageStyles,
    tableStyles,
    css`
      .yes {
        color: var(--tl-ok);
      }
      .no {
        color: var(--tl-warn);
      }
      .yes.not-yet {
        color: var(--tl-muted);
      }
      /* On a phone each capability is a small block: what, and whether it is here, on one line;
         what it means below, the full width, so no word is broken to fit a column. */
      @media (max-width: 40rem) {
        .capabilities thead {
          display: none;
        }
        .capabilities tr {
          display: grid;
          grid-template-columns: 1fr auto;
          column-gap: 0.75rem;
          padding: 0.4rem 0;
          border-bottom: 1px solid var(--tl-border);
        }
        .capabilities :is(th, td) {
          border: 0;
          padding: 0.1rem 0.5rem;
        }
        .capabilities td:last-child {
          grid-column: 1 / -1;
        }
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  /** `/settings#background-refresh` and the like: the hash names a section inside this page. */
  protected override firstUpdated(): void {
    const id = decodeURIComponent(location.hash.slice(1));
    if (id) this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.scrollIntoView();
  }

  private async _load(): Promise<void> {
    const [capabilities, worker] = await Promise.all([
      detectCapabilities(),
      controllingWorkerVersion().catch(() => undefined),
      this._loadStorage(),
    ]);
    this.capabilities = capabilities;
    this.worker = worker;
  }

  private async _loadStorage(): Promise<void> {
    this.storage = await storageInfo();
  }

  private async _onPersist(): Promise<void> {
    const granted = await navigator.storage.persist();
    this.storageMessage = granted
      ? 'This browser will keep Tideline’s data.'
      : 'The browser declined. Installing Tideline usually lets it keep data.';
    await this._loadStorage();
  }

  override render() {
    return html`<h1 tabindex="-1">Settings</h1>
      <section class="card" aria-labelledby="appearance">
        <h2 id="appearance">Appearance</h2>
        <tl-theme-switch></tl-theme-switch>
      </section>
      <tl-alerts-settings></tl-alerts-settings>
      <tl-background-refresh id="background-refresh"></tl-background-refresh>
      ${this._renderStorage()}
      <tl-change-password></tl-change-password>
      <tl-devices></tl-devices>
      <tl-export-all></tl-export-all>
      ${this._renderCapabilities()} ${this._renderActivity()} ${this._renderAbout()}`;
  }

  private _renderAbout() {
    return html`<section class="card" aria-labelledby="about">
      <h2 id="about">About this app</h2>
      <dl>
        <dt>Version</dt>
        <dd>${__APP_VERSION__}</dd>
        <dt>Page build</dt>
        <dd data-testid="page-build">${__BUILD_ID__}</dd>
        <dt>Offline build</dt>
        <dd data-testid="worker-build">
          ${this.worker?.buildId ?? 'Not installed yet: reload once to work offline'}
        </dd>
      </dl>
    </section>`;
  }

  private _renderStorage() {
    const info = this.storage;
    return html`<section class="card" aria-labelledby="storage">
      <h2 id="storage">Storage on this device</h2>
      ${
        this.sync.value.errorCode === QUOTA_EXCEEDED
          ? html`<p class="error" role="alert" data-testid="quota-error">
              ${this.sync.value.error}
            </p>`
          : nothing
      }
      ${
        info
          ? html`<dl>
                <dt>Used</dt>
                <dd data-testid="storage-used">
                  ${formatBytes(info.usage)} of ${formatBytes(info.quota)}
                </dd>
                <dt>Persistent</dt>
                <dd data-testid="persisted">
                  ${info.persisted ? 'Yes' : 'No: the browser may clear it when space runs low'}
                </dd>
              </dl>
              ${
                info.persisted
                  ? nothing
                  : html`<p>
                      <button class="secondary" @click=${this._onPersist}>
                        Keep data on this device
                      </button>
                    </p>`
              }
              ${this.storageMessage ? html`<p role="status">${this.storageMessage}</p>` : nothing}`
          : html`<p class="muted">This browser does not report storage use.</p>`
      }
    </section>`;
  }

  private _renderCapabilities() {
    return html`<section class="card" aria-labelledby="capabilities">
      <h2 id="capabilities">What this browser can do in the background</h2>
      <div class="table-wrap">
        <table class="capabilities" data-testid="capabilities">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Here</th>
              <th scope="col">What it means for you</th>
            </tr>
          </thead>
          <tbody>
            ${this.capabilities.map(
              (capability) =>
                html`<tr data-api=${capability.api}>
                  <th scope="row">${capability.name}</th>
                  <td
                    class="${capability.supported ? 'yes' : 'no'} ${capability.state === 'Yes' ? '' : 'not-yet'}"
                  >
                    ${capability.state}
                  </td>
                  <td>${capability.note}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private _renderActivity() {
    return html`<section class="card" aria-labelledby="activity">
      <h2 id="activity">Background activity</h2>
      <tl-activity-log></tl-activity-log>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-settings-page': TlSettingsPage;
  }
}
