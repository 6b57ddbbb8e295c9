// Client-side navigation: same-origin link clicks and history moves become route changes without
// a page load. The shell subscribes and renders the matched page.
import { matchRoute, type RouteMatch } from '../protocol/routes';

type Listener = (match: RouteMatch) => void;

export class Router {
  private readonly listeners = new Set<Listener>();
  current: RouteMatch = matchRoute(location.pathname);

  start(): void {
    window.addEventListener('popstate', this._onPopState);
    document.addEventListener('click', this._onClick);
  }

  stop(): void {
    window.removeEventListener('popstate', this._onPopState);
    document.removeEventListener('click', this._onClick);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Whether the route change being announced keeps focus where it is: the same screen under a
   * new address (a new entry, once saved, moves to its own path while the person types).
   */
  keepsFocus = false;

  navigate(path: string, { replace = false, keepFocus = false } = {}): void {
    const url = new URL(path, location.href);
    if (url.origin !== location.origin) {
      location.assign(url);
      return;
    }
    const target = url.pathname + url.search + url.hash;
    if (replace) history.replaceState(null, '', target);
    else if (target !== location.pathname + location.search + location.hash) {
      history.pushState(null, '', target);
    }
    this.keepsFocus = keepFocus;
    try {
      this._update();
    } finally {
      this.keepsFocus = false;
    }
  }

  private _update(): void {
    this.current = matchRoute(location.pathname);
    for (const listener of this.listeners) listener(this.current);
  }

  private readonly _onPopState = (): void => this._update();

  /** Intercepts plain left clicks on same-origin links, including links inside shadow roots. */
  private readonly _onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || !anchor.href || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  };
}

export const router = new Router();
