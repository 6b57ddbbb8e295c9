import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { deepActiveElement } from '../controllers/ModalController';
import { ShortcutsController } from '../controllers/ShortcutsController';
import { StoreController } from '../controllers/StoreController';
import { router } from '../router/router';
import { PageName, PUBLIC_PAGES, type RouteMatch } from '../protocol/routes';
import { hasOnboarded, markOnboarded } from '../app/onboarding';
import { SessionStatus, sessionStore, type AuthMode } from '../app/session';
import { storageStallStore } from '../app/storageStall';
import { isPageLoaded, loadPage } from '../router/loadPage';
import { appStyles } from './tl-app.styles';
import './tl-header';
import type { OnboardingChoiceDetail } from './tl-onboarding';
import './tl-onboarding';
import type { TlShortcutsHelp } from './tl-shortcuts-help';
import './tl-status-bar';
import './tl-update-toast';

type Gate = 'open' | 'welcome' | 'sign-in' | 'wait';

/** A page may name the control focus starts on when it opens (otherwise its heading). */
type FocusingPage = LitElement & { initialFocus?: () => Promise<HTMLElement | null> };

/** How long after a navigation focus follows a page's heading when it re-renders. */
const HEADING_WATCH_MS = 5000;

/**
 * The app shell: header, status area, the routed page, the update prompt and the keyboard
 * shortcuts (n, /, s, ?). On every client-side navigation it sets the document title and moves
 * focus to the new page's heading.
 *
 * Pages outside PUBLIC_PAGES need someone signed in. Signed out, the shell shows the sign-in page
 * in their place, at the same address, so signing in continues to the page that was asked for —
 * or, on a device where nobody has signed in yet, the welcome screen first. While the session is
 * still being looked up (no cached user, waiting for the server) it shows a short placeholder
 * rather than flashing the sign-in form.
 *
 * Pages are loaded on demand (router/loadPage.ts), and so are the shortcuts dialog and, once
 * someone is signed in, the sync part of the status area: the shell itself needs neither the
 * database nor zod nor the sync engine.
 *
 * Pages are loaded on demand (router/loadPage.ts): a navigation waits for the next page's chunk
 * before it switches, so the old page stays until the new one can render; a page that is not
 * loaded yet when the shell first renders (or when sign-in gates it) shows the same placeholder.
 */
@customElement('tl-app')
export class TlApp extends LitElement {
  @state() private route: RouteMatch = router.current;
  /** The way in the visitor picked on the welcome screen. */
  @state() private authMode: AuthMode | undefined;
  /** A page whose chunk could not be fetched, with what to tell the person. */
  @state() private loadFailure: string | undefined;
  @query('main') private main!: HTMLElement;
  @query('tl-shortcuts-help') private shortcutsHelp!: TlShortcutsHelp;
  private readonly session = new StoreController(this, sessionStore);
  private readonly storageStalled = new StoreController(this, storageStallStore);
  private readonly shortcuts = new ShortcutsController(this, {
    route: () => this.route,
    signedIn: () => this.session.value.status === SessionStatus.SignedIn,
    showHelp: () => void this._openShortcuts(),
    pageRendered: async () => {
      await this.updateComplete;
      await (this.main.firstElementChild as LitElement | null)?.updateComplete;
    },
  });
  private unsubscribe: (() => void) | undefined;
  private headingWatch: MutationObserver | undefined;

  static override styles = appStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    // A new entry's first save changes the address, not the screen: focus stays in its field.
    this.unsubscribe = router.subscribe((route) => void this._onNavigate(route, router.keepsFocus));
    this.addEventListener('tl-onboarding-choice', this._onOnboardingChoice);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.removeEventListener('tl-onboarding-choice', this._onOnboardingChoice);
  }

  /** Switches to `route` once its page's chunk is here, unless another navigation came first. */
  private async _onNavigate(route: RouteMatch, keepFocus = false): Promise<void> {
    await this._ensurePage(route.page);
    if (router.current !== route) return;
    this.route = route;
    if (!keepFocus) void this._focusPage();
  }

  /** Loads `page`'s chunk, and re-renders when it arrives; a failure is shown in its place. */
  private async _ensurePage(page: PageName): Promise<void> {
    if (isPageLoaded(page)) return;
    try {
      await loadPage(page);
      this.loadFailure = undefined;
      this.requestUpdate();
    } catch {
      this.loadFailure = navigator.onLine
        ? 'This page could not be loaded. Reload to try again.'
        : 'This page is not on this device yet and you are offline. Reload once you are back online.';
    }
  }

  /** Whether the page asked for is held back because nobody is signed in. */
  private get _gate(): Gate {
    if (PUBLIC_PAGES.has(this.route.page)) return 'open';
    const { status, user } = this.session.value;
    if (status === SessionStatus.SignedIn) return 'open';
    if (status !== SessionStatus.SignedOut) return 'wait';
    const firstVisit = user === undefined && !hasOnboarded() && this.authMode === undefined;
    return firstVisit ? 'welcome' : 'sign-in';
  }

  protected override willUpdate(): void {
    if (this.session.value.status === SessionStatus.SignedIn) {
      // Due-task reminders read the database: their code loads once someone is signed in, so a
      // signed-out first visit downloads neither.
      void import('./tl-due-notice');
      markOnboarded();
      // The choice made on the welcome screen is spent once someone is signed in.
      this.authMode = undefined;
    }
    const gate = this._gate;
    const title =
      gate === 'sign-in' ? 'Sign in' : gate === 'welcome' ? 'Welcome' : this.route.title;
    document.title = `${title} · Tideline`;
  }

  override render() {
    const gate = this._gate;
    const page = gate === 'sign-in' || gate === 'welcome' ? PageName.SignIn : this.route.page;
    return html`<nav class="skip-nav" aria-label="Skip link">
        <a class="skip" href="#main" @click=${this._onSkip}>Skip to content</a>
      </nav>
      <tl-header .page=${page}></tl-header>
      <tl-status-bar></tl-status-bar>
      ${
        this.session.value.status === SessionStatus.SignedIn
          ? html`<tl-due-notice></tl-due-notice>`
          : nothing
      }
      <main id="main" tabindex="-1" data-page=${gate === 'welcome' ? 'welcome' : page}>
        ${this._renderGated(gate)}
      </main>
      <tl-memo-player></tl-memo-player>
      <footer>
        <button type="button" aria-haspopup="dialog" @click=${this._onShowShortcuts}>
          Keyboard shortcuts</button
        >: press <kbd>?</kbd> to list them.
      </footer>
      <tl-shortcuts-help></tl-shortcuts-help>
      <tl-update-toast></tl-update-toast>`;
  }

  private _renderGated(gate: Gate): TemplateResult {
    if (gate === 'wait' && this.storageStalled.value) {
      return html`<div class="opening" role="alert" data-testid="storage-stalled">
        <p>
          This browser’s storage for Tideline is not answering, so Tideline cannot open. Nothing is
          lost: your notes and unsent changes stay on this device. Reload the page; if that does not
          help, close every Tideline tab and window, then open Tideline again.
        </p>
        <button type="button" @click=${() => location.reload()}>Reload</button>
      </div>`;
    }
    if (gate === 'wait') return this._renderOpening();
    if (gate === 'welcome') return html`<tl-onboarding></tl-onboarding>`;
    const page = gate === 'sign-in' ? PageName.SignIn : this.route.page;
    if (!isPageLoaded(page)) {
      void this._ensurePage(page);
      if (this.loadFailure) return html`<p class="opening" role="alert">${this.loadFailure}</p>`;
      return this._renderOpening();
    }
    if (gate === 'sign-in') {
      const { path } = this.route;
      return html`<tl-sign-in-page
        .next=${path + location.search + location.hash}
        .mode=${this.authMode ?? 'sign-in'}
        ?welcome=${this.authMode === 'sign-up'}
      ></tl-sign-in-page>`;
    }
    return this._renderPage();
  }

  private _renderOpening(): TemplateResult {
    return html`<p class="opening" role="status">Opening Tideline…</p>`;
  }

  private _renderPage(): TemplateResult {
    const { page, params } = this.route;
    switch (page) {
      case PageName.SignIn:
        return html`<tl-sign-in-page
          .mode=${this.authMode ?? 'sign-in'}
          ?welcome=${this.authMode === 'sign-up'}
        ></tl-sign-in-page>`;
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
      case PageName.ResetPassword:
        return html`<tl-reset-password-page></tl-reset-password-page>`;
      case PageName.NotFound:
        return html`<tl-not-found-page .path=${this.route.path}></tl-not-found-page>`;
    }
  }

  /**
   * Focuses the new page's heading so screen readers announce the page that opened — or the
   * control the page names as where the person starts (a new entry's title, ready to type).
   */
  private async _focusPage(): Promise<void> {
    await this.updateComplete;
    const page = this.main.firstElementChild as FocusingPage | null;
    await page?.updateComplete;
    const start = await page?.initialFocus?.();
    const heading = page?.shadowRoot?.querySelector<HTMLElement>('h1');
    (start ?? heading ?? this.main).focus();
    if (page?.shadowRoot && heading) this._keepHeadingFocus(page, page.shadowRoot, heading);
  }

  /**
   * A page that loads first ("Opening…") renders its real heading as a new element, and the
   * focused placeholder heading goes with the old render. While focus is still on it — nobody
   * has moved on — it follows to the new heading, for a few seconds after the navigation.
   */
  private _keepHeadingFocus(page: LitElement, root: ShadowRoot, first: HTMLElement): void {
    this.headingWatch?.disconnect();
    let heading = first;
    const watch = new MutationObserver(() => {
      if (heading.isConnected) return;
      const active = deepActiveElement();
      const lost = !active || active === document.body || active === page;
      const next = root.querySelector<HTMLElement>('h1');
      if (!lost || !next) return;
      heading = next;
      next.focus();
      // The page's own starting point, once it has rendered, if nobody moved on meanwhile.
      void (page as FocusingPage).initialFocus?.().then((start) => {
        if (start && deepActiveElement() === next) start.focus();
      });
    });
    watch.observe(root, { childList: true, subtree: true });
    this.headingWatch = watch;
    setTimeout(() => watch.disconnect(), HEADING_WATCH_MS);
  }

  private _onSkip(event: Event): void {
    event.preventDefault();
    this.main.focus();
  }

  private readonly _onOnboardingChoice = (event: Event): void => {
    const { mode } = (event as CustomEvent<OnboardingChoiceDetail>).detail;
    void this._ensurePage(PageName.SignIn).then(() => {
      this.authMode = mode;
      void this._focusPage();
    });
  };

  private _onShowShortcuts(): void {
    void this._openShortcuts();
  }

  /** The shortcuts dialog's code loads when it is first opened. */
  private async _openShortcuts(): Promise<void> {
    await import('./tl-shortcuts-help');
    await this.shortcutsHelp.open();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-app': TlApp;
  }
}
