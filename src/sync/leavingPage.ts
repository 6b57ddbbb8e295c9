// The moment a page is left, for what must not outlive it. WebKit puts a page it navigates away
// from in its back/forward cache and freezes it there, `pagehide` (persisted) being the last
// JavaScript that runs: an IndexedDB transaction still in flight then never commits or aborts,
// a Web Lock held is never released, and a lock request still waiting is granted to the frozen
// page — the next page of the profile waits on "Syncing…" (the lock) or "Opening Tideline…" (a
// store the transaction covers) until the frozen page is evicted. Holders listen here and let go.
//
// From a `pagehide` into the back/forward cache (persisted) until the page shows again
// (`pageshow`) the page counts as left: nothing new may start then either — code that runs after `pagehide` (a failed run's retry, an error being
// logged) would otherwise open a transaction, start a worker or ask for the lock just before
// the page freezes, and hold it as surely as what was aborted.
//
// In a worker or the service worker (no `pagehide`) nothing is ever left this way: the
// functions do nothing and the signal never aborts.
export type LeavingListener = (event: { persisted: boolean }) => void;

interface PageScope {
  addEventListener(type: string, listener: (event: Event) => void): void;
}

const listeners = new Set<LeavingListener>();
let controller: AbortController | undefined;
let installed = false;
let left = false;

function leftError(): DOMException {
  return new DOMException('The page was left', 'AbortError');
}

function pageScope(): PageScope | undefined {
  const scope = globalThis as { onpagehide?: unknown } & Partial<PageScope>;
  return 'onpagehide' in scope && typeof scope.addEventListener === 'function'
    ? (scope as PageScope)
    : undefined;
}

function install(scope: PageScope): void {
  if (installed) return;
  installed = true;
  scope.addEventListener('pagehide', (event) => {
    const persisted = (event as Event & { persisted?: boolean }).persisted === true;
    if (persisted) left = true;
    controller?.abort(leftError());
    controller = undefined;
    for (const listener of listeners) listener({ persisted });
  });
  scope.addEventListener('pageshow', () => {
    left = false;
  });
}

/** Calls `listener` at every `pagehide` of this page (never, outside a page). */
export function onLeavingPage(listener: LeavingListener): () => void {
  const scope = pageScope();
  if (!scope) return () => undefined;
  install(scope);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A signal that aborts at this page's next `pagehide`; undefined outside a page. */
export function leavingPageSignal(): AbortSignal | undefined {
  const scope = pageScope();
  if (!scope) return undefined;
  install(scope);
  if (left) return AbortSignal.abort(leftError());
  controller ??= new AbortController();
  return controller.signal;
}

/** This page went into the back/forward cache and has not been shown again. */
export function pageIsLeft(): boolean {
  return left;
}

/** Throws an AbortError while the page is left (see pageIsLeft). */
export function throwIfPageLeft(): void {
  if (left) throw leftError();
}
