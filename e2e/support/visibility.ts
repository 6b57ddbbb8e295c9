// Page visibility for specs: in Playwright-driven headless Chromium no real action makes a page
// hidden (a new page in front, bringToFront, a minimized window, Page.setWebLifecycleState and
// Target.activateTarget all leave `document.visibilityState` 'visible': Playwright keeps every
// page active on purpose). So the page's visibility is emulated in the page: its
// `visibilityState`/`hidden` answer as asked and a `visibilitychange` event fires, which is
// what the app listens to.
import type { Page } from '@playwright/test';

export async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((next) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => next });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => next === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}
