// Accessibility: axe-core finds no violations on any page or dialog, in the light and the dark
// theme, at phone and desktop sizes. Two walks of every screen, each a size and a theme — the
// phone in the dark theme, the desktop in the light one — so both themes and both layouts are
// checked at half the time of all four pairs.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { addEntries, createNotebook, signUp, teamTest as test } from './fixtures/team';

const VIEWPORTS = {
  phone: { width: 375, height: 740 },
  desktop: { width: 1280, height: 860 },
} as const;
const WALKS = [
  ['phone', 'dark'],
  ['desktop', 'light'],
] as const;

// The walks are independent (each signs up its own people): let both workers share them.
test.describe.configure({ mode: 'parallel' });

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  // Let transitions settle so colours are measured at rest.
  await page.waitForTimeout(250);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes
        .map((node) => `    ${node.target.join(' ')} — ${node.failureSummary}`)
        .join('\n'),
  );
  // Soft, so one run reports every screen's problems.
  expect.soft(summary, `axe violations on ${screen}`).toEqual([]);
}

for (const [size, theme] of WALKS) {
  const viewport = VIEWPORTS[size];
  test(`no axe violations on any screen: ${size}, ${theme}`, async ({ browser, baseURL }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({ baseURL, viewport, colorScheme: theme });
    const page = await context.newPage();

    // Signed out, first visit.
    await page.goto('/');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Welcome to Tideline' }),
    ).toBeVisible();
    await expectNoViolations(page, 'the welcome screen');
    await page.getByRole('button', { name: 'Get started' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Create your account' }),
    ).toBeVisible();
    await expectNoViolations(page, 'the sign-up form');
    await page.getByRole('button', { name: 'I already have an account' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoViolations(page, 'the sign-in form with an error');

    // Someone else's invite, for the join page.
    const owner = await browser.newContext({ baseURL });
    const ownerPage = await owner.newPage();
    await signUp(ownerPage, baseURL!, 'Owner');
    const sharedId = await createNotebook(ownerPage, baseURL!, 'Shared log');
    const invite = await ownerPage.request.post(`/api/notebooks/${sharedId}/invites`, {
      data: { role: 'viewer' },
      headers: { origin: baseURL! },
    });
    const { token } = (await invite.json()) as { token: string };
    await owner.close();

    // Signed in, with a notebook of entries.
    await signUp(page, baseURL!, 'Axel');
    const notebookId = await createNotebook(page, baseURL!, 'Field notes');
    const [entryId] = await addEntries(page, baseURL!, notebookId, [
      { title: 'Buoy 4 leaking', body: 'Seal cracked', tags: ['harbour'] },
      { title: 'Paint the shed', tags: ['chores'], done: true },
    ]);

    await page.goto('/notebooks');
    await expect(page.getByRole('link', { name: 'Field notes' })).toBeVisible();
    await expectNoViolations(page, 'the notebooks page');

    await page.getByRole('button', { name: 'Members of Field notes' }).click();
    await expect(page.getByRole('dialog', { name: 'Members of “Field notes”' })).toBeVisible();
    await expectNoViolations(page, 'the members dialog');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /^Delete Field notes/ }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectNoViolations(page, 'the delete confirmation');
    await page.keyboard.press('Escape');

    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await expectNoViolations(page, 'the keyboard shortcuts dialog');
    await page.keyboard.press('Escape');

    await page.goto(`/notebooks/${notebookId}`);
    await expect(page.getByTestId('entry-row').first()).toBeVisible();
    await expectNoViolations(page, 'a notebook with entries');
    // On a phone the filters fold behind one button; export and import are behind another.
    if (size === 'phone') await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByRole('button', { name: 'Export, import' }).click();
    await expect(page.getByRole('button', { name: 'Export as JSON' })).toBeVisible();
    await expectNoViolations(page, 'a notebook with its filters and export/import open');
    if (size === 'phone') {
      await page.getByRole('button', { name: 'Menu' }).click();
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await expectNoViolations(page, 'the header menu');
      await page.keyboard.press('Escape');
    }

    await page.goto(`/notebooks/${notebookId}/entries/${entryId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Buoy 4 leaking' })).toBeVisible();
    await expectNoViolations(page, 'the entry editor');
    await page.getByRole('button', { name: 'Delete…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoViolations(page, 'the delete-entry confirmation');
    await page.keyboard.press('Escape');

    await page.goto(`/notebooks/${notebookId}/entries/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
    await expectNoViolations(page, 'a new entry');

    await page.goto('/settings');
    await expect(page.getByTestId('devices')).toBeVisible();
    await expectNoViolations(page, 'settings');

    await page.goto(`/join/${token}`);
    await expect(page.getByTestId('join-preview')).toBeVisible();
    await expectNoViolations(page, 'the join page');

    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expectNoViolations(page, 'the not-found page');

    // The install button and the dialog after installing.
    await page.goto('/notebooks');
    await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
    await page.evaluate(() => {
      const event = new Event('beforeinstallprompt', { cancelable: true });
      Object.assign(event, { prompt: async () => undefined });
      window.dispatchEvent(event);
    });
    // On a phone, the install action is in the header's menu.
    if (size === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
    await expect(page.getByRole('button', { name: 'Install Tideline' })).toBeVisible();
    await expectNoViolations(page, 'the header with the install button');
    await page.evaluate(() => window.dispatchEvent(new Event('appinstalled')));
    await expect(page.getByRole('dialog', { name: 'Tideline is installed' })).toBeVisible();
    await expectNoViolations(page, 'the installed dialog');

    await context.close();
  });
}
