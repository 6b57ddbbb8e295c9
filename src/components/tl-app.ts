import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { router } from '../router/router';
import { PageName, PUBLIC_PAGES, type RouteMatch } from '../router/routes';
import { SessionStatus, sessionStore } from '../state/session';
import '../pages/tl-entry-page';
import '../pages/tl-join-page';
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
 *
 * Pages outside PUBLIC_PAGES need someone signed in. Signed out, the shell shows the sign-in page
 * in their place, at the same address, so signing in continues to the page that was asked for;
 * while the session is still being looked up (no cached user, waiting for the server) it shows a
 * short placeholder rather than flashing the sign-in form.
 */
@customElement('tl-app')
export class TlApp extends LitElement {
  @state() private route: RouteMatch = router.current;
  @query('main') private main!: HTMLElement;
  private readonly session = new StoreController(this, sessionStore);
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
    .opening {
      max-width: 60rem;
      margin: 0 auto;
      padding: 1.25rem 1rem;
      color: var(--tl-muted);
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

  /** Whether the page asked for is held back because nobody is signed in. */
  private get _gate(): 'open' | 'sign-in' | 'wait' {
    if (PUBLIC_PAGES.has(this.route.page)) return 'open';
    const { status } = this.session.value;
    if (status === SessionStatus.SignedIn) return 'open';
    return status === SessionStatus.SignedOut ? 'sign-in' : 'wait';
  }

  protected override willUpdate(): void {
    const title = this._gate === 'sign-in' ? 'Sign in' : this.route.title;
    document.title = `${title} · Tideline`;
  }

  override render() {
    const gate = this._gate;
    const page = gate === 'sign-in' ? PageName.SignIn : this.route.page;
    return html`<a class="skip" href="#main" @click=${this._onSkip}>Skip to content</a>
      <tl-header .page=${page}></tl-header>
      <tl-status-bar></tl-status-bar>
      <main id="main" tabindex="-1" data-page=${page}>${this._renderGated(gate)}</main>
      <tl-update-toast></tl-update-toast>`;
  }

  private _renderGated(gate: 'open' | 'sign-in' | 'wait'): TemplateResult {
    if (gate === 'wait') return html`<p class="opening" role="status">Opening Tideline…</p>`;
    if (gate === 'sign-in') {
      const { path } = this.route;
      return html`<tl-sign-in-page
        .next=${path + location.search + location.hash}
      ></tl-sign-in-page>`;
    }
    return this._renderPage();
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
      case PageName.Join:
        return html`<tl-join-page .token=${params.token ?? ''}></tl-join-page>`;
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
