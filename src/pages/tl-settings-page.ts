import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { getDb, type ActivityRow } from '../db/db';
import { detectCapabilities, type Capability } from '../state/capabilities';
import { controllingWorkerVersion, type WorkerVersion } from '../state/serviceWorker';
import { pageStyles } from '../styles/shared';
import '../components/tl-devices';
import '../components/tl-export-all';
import '../components/tl-theme-switch';

/** The channel on which the service worker announces each background run it records. */
const ACTIVITY_CHANNEL = 'tideline';
const ACTIVITY_SHOWN = 20;

interface StorageInfo {
  usage: number;
  quota: number;
  persisted: boolean;
}

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
  @state() private activity: ActivityRow[] = [];
  @state() private storageMessage = '';
  private channel: BroadcastChannel | undefined;

  static override styles = [
    pageStyles,
    css`
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.925rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid var(--tl-border);
        vertical-align: top;
      }
      .yes {
        color: var(--tl-ok);
      }
      .no {
        color: var(--tl-warn);
      }
      .table-wrap {
        overflow-x: auto;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.channel = new BroadcastChannel(ACTIVITY_CHANNEL);
    this.channel.addEventListener('message', () => void this._loadActivity());
    void this._load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.channel?.close();
  }

  private async _load(): Promise<void> {
    const [capabilities, worker] = await Promise.all([
      detectCapabilities(),
      controllingWorkerVersion().catch(() => undefined),
      this._loadStorage(),
      this._loadActivity(),
    ]);
    this.capabilities = capabilities;
    this.worker = worker;
  }

  private async _loadStorage(): Promise<void> {
    if (!navigator.storage?.estimate) return;
    const estimate = await navigator.storage.estimate();
    this.storage = {
      usage: estimate.usage ?? 0,
      quota: estimate.quota ?? 0,
      persisted: (await navigator.storage.persisted?.()) ?? false,
    };
  }

  private async _loadActivity(): Promise<void> {
    this.activity = await getDb()
      .activity.orderBy('startedAt')
      .reverse()
      .limit(ACTIVITY_SHOWN)
      .toArray();
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
      ${this._renderAbout()} ${this._renderStorage()} ${this._renderCapabilities()}
      ${this._renderActivity()}
      <tl-devices></tl-devices>
      <tl-export-all></tl-export-all>`;
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
        info
          ? html`<dl>
                <dt>Used</dt>
                <dd>${formatBytes(info.usage)} of ${formatBytes(info.quota)}</dd>
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
        <table data-testid="capabilities">
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Available</th>
              <th scope="col">What it means</th>
            </tr>
          </thead>
          <tbody>
            ${this.capabilities.map(
              (capability) =>
                html`<tr>
                  <th scope="row">${capability.name}</th>
                  <td class=${capability.supported ? 'yes' : 'no'}>
                    ${capability.supported ? 'Yes' : 'No'}${
                      capability.permission ? html` (${capability.permission})` : nothing
                    }
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
      ${
        this.activity.length === 0
          ? html`<p class="muted" data-testid="activity-empty">
              No background runs yet. They appear here when the browser wakes Tideline to sync or to
              deliver an alert.
            </p>`
          : html`<div class="table-wrap">
              <table data-testid="activity">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Trigger</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.activity.map(
                    (row) =>
                      html`<tr data-trigger=${row.trigger}>
                        <td>${new Date(row.startedAt).toLocaleString()}</td>
                        <td>
                          ${row.trigger}${row.tag !== row.trigger ? html` (${row.tag})` : nothing}
                        </td>
                        <td>${row.outcome === 'ok' ? 'OK' : 'Failed'} in ${row.durationMs} ms</td>
                        <td>${row.detail}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-settings-page': TlSettingsPage;
  }
}
