// Each page is its own chunk, fetched when it is first shown, so a first visit downloads the
// shell and the page it opens, not the whole app. The service worker precaches every chunk, so
// a page opens offline all the same. Loading is idempotent: a page's module is imported once.
import { PageName } from '../protocol/routes';

const loaders: Record<PageName, () => Promise<unknown>> = {
  [PageName.SignIn]: () => import('../pages/tl-sign-in-page'),
  [PageName.Notebooks]: () => import('../pages/tl-notebooks-page'),
  [PageName.Notebook]: () => import('../pages/tl-notebook-page'),
  [PageName.Entry]: () => import('../pages/tl-entry-page'),
  [PageName.Settings]: () => import('../pages/tl-settings-page'),
  [PageName.Join]: () => import('../pages/tl-join-page'),
  [PageName.ResetPassword]: () => import('../pages/tl-reset-password-page'),
  [PageName.NotFound]: () => import('../pages/tl-not-found-page'),
};

const loading = new Map<PageName, Promise<void>>();
const loaded = new Set<PageName>();

/** Whether `page`'s element is defined, so it can render now. */
export function isPageLoaded(page: PageName): boolean {
  return loaded.has(page);
}

/**
 * Imports `page`'s module (once). A failed import — a chunk missing after an update, say — is
 * forgotten so the next call tries again, and rethrown for the caller to report.
 */
export function loadPage(page: PageName): Promise<void> {
  let pending = loading.get(page);
  if (!pending) {
    pending = loaders[page]().then(
      () => void loaded.add(page),
      (error: unknown) => {
        loading.delete(page);
        throw error;
      },
    );
    loading.set(page, pending);
  }
  return pending;
}
