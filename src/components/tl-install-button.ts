import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { ModalController } from '../controllers/ModalController';
import { StoreController } from '../controllers/StoreController';
import {
  InstallState,
  ManualPlatform,
  installStore,
  promptInstall,
  type InstallStatus,
} from '../app/install';
import { dialogStyles } from '../styles/dialog';
import { pageStyles } from '../styles/shared';

const HOW_TO: Record<ManualPlatform, TemplateResult> = {
  [ManualPlatform.IosSafari]: html`<ol>
    <li>Tap the <strong>Share</strong> button (the square with an arrow) in Safari’s toolbar.</li>
    <li>Scroll down and tap <strong>Add to Home Screen</strong>.</li>
    <li>Tap <strong>Add</strong>. Tideline opens from its icon like any other app.</li>
  </ol>`,
  [ManualPlatform.MacSafari]: html`<ol>
    <li>In Safari’s menu bar choose <strong>File</strong>, then <strong>Add to Dock…</strong></li>
    <li>Click <strong>Add</strong>. Tideline opens from the Dock in its own window.</li>
  </ol>`,
  [ManualPlatform.FirefoxAndroid]: html`<ol>
    <li>Tap Firefox’s menu button <strong>⋮</strong>.</li>
    <li>Tap <strong>Add to Home screen</strong> (or <strong>Install</strong>).</li>
    <li>Confirm with <strong>Add</strong>.</li>
  </ol>`,
  [ManualPlatform.Other]: html`<p>
    This browser has no way to install web apps. Tideline still works offline in this tab. To
    install it, open this address in Chrome or Edge (computer or Android) or Safari (iPhone, iPad,
    Mac) and choose <strong>Install</strong> or <strong>Add to Home Screen</strong>.
  </p>`,
};

/**
 * "Install Tideline" in the header. Where the browser offers its own install prompt the button
 * shows it; elsewhere it opens short "Add to Home Screen" instructions for this browser. It is
 * gone once Tideline is installed or runs as the installed app; right after installing, a
 * dialog offers background refresh (in Settings).
 */
@customElement('tl-install-button')
export class TlInstallButton extends LitElement {
  @query('dialog.how-to') private howToDialog!: HTMLDialogElement;
  @query('dialog.installed') private installedDialog!: HTMLDialogElement;
  private readonly install = new StoreController(this, installStore);
  private readonly howTo = new ModalController(this, () => this.howToDialog);
  private readonly installed = new ModalController(this, () => this.installedDialog);
  private unsubscribe: (() => void) | undefined;

  static override styles = [
    pageStyles,
    dialogStyles,
    css`
      :host {
        display: contents;
      }
      button.install {
        border: 1px solid currentColor;
        background: transparent;
        color: inherit;
        padding: 0.3rem 0.85rem;
        white-space: nowrap;
      }
      button.install:focus-visible {
        outline-color: currentColor;
      }
      dialog {
        font-size: 1rem;
        /* Shown even while the header's menu that holds the button is closed (hidden). */
        visibility: visible;
      }
      ol {
        margin: 0;
        padding-left: 1.25rem;
      }
      li + li {
        margin-top: 0.4rem;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = installStore.subscribe((status) => this._onStatus(status));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  override render() {
    const { state, platform } = this.install.value;
    const visible = state === InstallState.Promptable || state === InstallState.Manual;
    return html`${
        visible
          ? html`<button
              type="button"
              class="install"
              part="button"
              data-testid="install-button"
              aria-haspopup=${state === InstallState.Manual ? 'dialog' : nothing}
              @click=${this._onInstall}
            >
              Install Tideline
            </button>`
          : nothing
      }
      <dialog class="how-to" aria-labelledby="how-to-title">
        <div class="dialog-header"><h2 id="how-to-title">Install Tideline</h2></div>
        <p>
          Installed, Tideline opens from your home screen or dock, works offline and can refresh
          your notebooks in the background.
        </p>
        ${platform ? HOW_TO[platform] : nothing}
        <div class="dialog-actions">
          <button type="button" @click=${() => this.howTo.close()}>Got it</button>
        </div>
      </dialog>
      <dialog class="installed" aria-labelledby="installed-title">
        <div class="dialog-header"><h2 id="installed-title">Tideline is installed</h2></div>
        <p>
          Let Tideline refresh your notebooks in the background, so they are up to date when you
          open it, even after a while offline.
        </p>
        <div class="dialog-actions">
          <button type="button" class="secondary" @click=${() => this.installed.close()}>
            Not now
          </button>
          <a class="button" href="/settings#background-refresh" @click=${this._onSetUp}
            >Set up background refresh</a
          >
        </div>
      </dialog>`;
  }

  private _onStatus(status: InstallStatus): void {
    if (status.state === InstallState.Installed && status.justInstalled) {
      void this.installed.open();
    }
  }

  private async _onInstall(): Promise<void> {
    if (this.install.value.state === InstallState.Manual) {
      await this.howTo.open();
      return;
    }
    await promptInstall();
  }

  private _onSetUp(): void {
    this.installed.close();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-install-button': TlInstallButton;
  }
}
