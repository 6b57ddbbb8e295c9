import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { router } from '../router/router';
import { PageName, type RouteMatch } from '../router/routes';
import '../pages/tl-entry-page';
import '../pages/tl-not-found-page';
import '../pages/tl-notebook-page';
import '../pages/tl-notebooks-page';
import '../pages/tl-settings-page';
import '../pages/tl-sign-in-page';
import './tl-header';
import './tl-status-bar';
import './tl-update-toast';

/**
 * The app shell: header, status area, the routed page and the update prompt. On every
 * client-side navigation it sets the document title and moves focus to the new page's heading.
 */
@customElement('tl-app')
export class TlApp extends LitElement {
  @state() private route: RouteMatch = router.current;
  @query('main') private main!: HTMLElement;
  private unsubscribe: (() => void) | undefined;

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 100vh;
    }
    .skip {
      position: absolute;
      left: -999px;
    }
    .skip:focus {
      left: 1rem;
      top: 1rem;
      z-index: 20;
      background: var(--tl-surface);
      color: var(--tl-text);
      padding: 0.5rem 1rem;
      border-radius: var(--tl-radius);
    }
    main {
      flex: 1;
    }
    main:focus {
      outline: none;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = router.subscribe((route) => {
      this.route = route;
      void this._focusPage();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  protected override willUpdate(): void {
    document.title = `${this.route.title} · Tideline`;
  }

  override render() {
    return html`<a class="skip" href="#main" @click=${this._onSkip}>Skip to content</a>
      <tl-header .page=${this.route.page}></tl-header>
      <tl-status-bar></tl-status-bar>
      <main id="main" tabindex="-1" data-page=${this.route.page}>${this._renderPage()}</main>
      <tl-update-toast></tl-update-toast>`;
  }

  private _renderPage(): TemplateResult {
    const { page, params } = this.route;
    switch (page) {
      case PageName.SignIn:
        return html`<tl-sign-in-page></tl-sign-in-page>`;
      case PageName.Notebooks:
        return html`<tl-notebooks-page></tl-notebooks-page>`;
      case PageName.Notebook:
        return html`<tl-notebook-page .notebookId=${params.notebookId ?? ''}></tl-notebook-page>`;
      case PageName.Entry:
        return html`<tl-entry-page
          .notebookId=${params.notebookId ?? ''}
          .entryId=${params.entryId ?? ''}
        ></tl-entry-page>`;
      case PageName.Settings:
        return html`<tl-settings-page></tl-settings-page>`;
      case PageName.NotFound:
        return html`<tl-not-found-page .path=${this.route.path}></tl-not-found-page>`;
    }
  }

  /** Focuses the new page's heading so screen readers announce the page that opened. */
  private async _focusPage(): Promise<void> {
    await this.updateComplete;
    const page = this.main.firstElementChild as LitElement | null;
    await page?.updateComplete;
    const heading = page?.shadowRoot?.querySelector<HTMLElement>('h1');
    (heading ?? this.main).focus();
  }

  private _onSkip(event: Event): void {
    event.preventDefault();
    this.main.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-app': TlApp;
  }
}
