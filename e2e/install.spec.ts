// Installing: "Install Tideline" appears when the browser offers to install (beforeinstallprompt)
// and shows the browser's prompt; once installed it is gone and background refresh is offered.
// Browsers without the prompt get "Add to Home Screen" instructions; the installed app (standalone
// display) shows no button at all.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Fires a BeforeInstallPromptEvent look-alike whose prompt() is counted and answers `outcome`. */
async function offerInstall(page: Page, outcome: 'accepted' | 'dismissed'): Promise<void> {
  await page.evaluate((answer) => {
    const spy = window as unknown as { promptCalls: number };
    spy.promptCalls = 0;
    const event = new Event('beforeinstallprompt', { cancelable: true });
    Object.assign(event, {
      prompt: async () => {
        spy.promptCalls += 1;
      },
      userChoice: Promise.resolve({ outcome: answer, platform: 'web' }),
    });
    window.dispatchEvent(event);
  }, outcome);
}

function promptCalls(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { promptCalls: number }).promptCalls);
}

test('the button appears with beforeinstallprompt, prompts, then offers background refresh', async ({
  page,
}) => {
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const install = page.getByRole('button', { name: 'Install Tideline' });
  await expect(install).toHaveCount(0);

  await offerInstall(page, 'accepted');
  await expect(install).toBeVisible();
  await install.click();
  expect(await promptCalls(page)).toBe(1);

  const installed = page.getByRole('dialog', { name: 'Tideline is installed' });
  await expect(installed).toBeVisible();
  await expect(install).toHaveCount(0);
  await installed.getByRole('link', { name: 'Set up background refresh' }).click();
  await expect(installed).toBeHidden();
  await expect(page).toHaveURL(/\/settings#background-refresh$/);
});

test('a dismissed prompt hides the button until the browser offers again', async ({ page }) => {
  await page.goto('/settings');
  const install = page.getByRole('button', { name: 'Install Tideline' });
  await offerInstall(page, 'dismissed');
  await install.click();
  expect(await promptCalls(page)).toBe(1);
  await expect(install).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: 'Tideline is installed' })).toHaveCount(0);

  await offerInstall(page, 'accepted');
  await expect(install).toBeVisible();
});

test('installed by the browser menu (appinstalled): the button goes away', async ({ page }) => {
  await page.goto('/settings');
  await offerInstall(page, 'accepted');
  await expect(page.getByRole('button', { name: 'Install Tideline' })).toBeVisible();
  await page.evaluate(() => window.dispatchEvent(new Event('appinstalled')));
  await expect(page.getByRole('button', { name: 'Install Tideline' })).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: 'Tideline is installed' })).toBeVisible();
});

test('opened as the installed app (standalone), there is no install button', async ({ page }) => {
  await page.addInitScript(() => {
    const original = window.matchMedia.bind(window);
    window.matchMedia = (query: string) =>
      query.includes('display-mode: standalone')
        ? ({ ...original(query), matches: true, media: query } as MediaQueryList)
        : original(query);
  });
  await page.goto('/settings');
  await offerInstall(page, 'accepted');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Install Tideline' })).toHaveCount(0);
});

test.describe('a browser without the install prompt (Safari on iPhone)', () => {
  test.use({
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
    viewport: { width: 375, height: 740 },
  });

  test('shows how to add Tideline to the home screen', async ({ page }) => {
    await page.addInitScript(() => {
      delete (Window.prototype as unknown as Record<string, unknown>).onbeforeinstallprompt;
      delete (window as unknown as Record<string, unknown>).onbeforeinstallprompt;
    });
    await page.goto('/settings');
    // On a phone, "Install Tideline" is in the header's menu.
    const install = page.getByRole('button', { name: 'Install Tideline' });
    await expect(install).toBeHidden();
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(install).toBeVisible();
    await install.click();
    const howTo = page.getByRole('dialog', { name: 'Install Tideline' });
    await expect(howTo).toContainText('Add to Home Screen');
    await expect(howTo).toContainText('Share');
    await howTo.getByRole('button', { name: 'Got it' }).click();
    await expect(howTo).toBeHidden();
    await expect(install).toBeFocused();
  });
});
