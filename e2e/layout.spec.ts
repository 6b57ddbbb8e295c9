// Phone layout: at 320 px (the narrowest phones) and 390 px, every screen, dialog and popover
// fits — no box wider than the screen, no content wider than its box, no word broken across
// lines ("Clos" / "e"). One walk per width, in one browser context, checks each screen as the
// person would meet it (e2e/support/layoutProblems.ts says what counts as a problem).
import { randomUUID } from 'node:crypto';
import { request, type APIRequestContext, type Page } from '@playwright/test';
import { expect } from './fixtures';
import { addEntries, createNotebook, signUp, teamTest as test } from './fixtures/team';
import { apiSession } from './support/accounts';
import { layoutProblems } from './support/layoutProblems';

const WIDTHS = [320, 390] as const;

test.describe.configure({ mode: 'parallel' });

/** Soft, so one walk reports every screen's problems. */
async function expectFits(page: Page, screen: string): Promise<void> {
  const problems = await page.evaluate(layoutProblems);
  expect.soft(problems, `layout problems on ${screen}`).toEqual([]);
}

/** A teammate on another device: an API session of their own. */
async function teammate(baseURL: string, name: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const response = await api.post('/api/auth/sign-up', {
    data: {
      email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.org`,
      password: 'correct horse battery',
      name,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return api;
}

for (const width of WIDTHS) {
  test(`every screen, dialog and popover fits a ${width} px phone`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ baseURL, viewport: { width, height: 844 } });
    const page = await context.newPage();
    const at = (screen: string) => `${screen} (${width} px)`;

    // Signed out.
    await page.goto('/');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Welcome to Tideline' }),
    ).toBeVisible();
    await expectFits(page, at('the welcome screen'));
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expectFits(page, at('sign-in'));
    await page.goto('/reset-password');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Reset your password' }),
    ).toBeVisible();
    await expectFits(page, at('forgot password'));
    await page.goto(`/reset-password#${'x'.repeat(43)}`);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Choose a new password' }),
    ).toBeVisible();
    await expectFits(page, at('choose a new password'));

    // Ana shares a notebook with Ben; they both changed "Gate code", so it is in conflict.
    const ana = await signUp(page, baseURL!, 'Ana');
    const ben = await teammate(baseURL!, 'Ben');
    const notebookId = await createNotebook(page, baseURL!, 'Harbour log');
    const invite = await page.request.post(`/api/notebooks/${notebookId}/invites`, {
      data: { role: 'editor' },
      headers: { origin: baseURL! },
    });
    const { token } = (await invite.json()) as { token: string };
    expect(
      (await ben.post(`/api/invites/${encodeURIComponent(token)}/accept`, { data: {} })).ok(),
    ).toBe(true);
    const [gateCode, firstEntry] = await addEntries(page, baseURL!, notebookId, [
      { title: 'Gate code', body: 'Ask the harbourmaster.' },
      {
        title: 'Buoy 4 is leaking',
        body: 'The seal on the north buoy cracked in last night’s swell.',
        tags: ['harbour', 'repair'],
      },
      { title: 'Repaint the slipway markers', tags: ['chores'], done: true },
    ]);
    const benNotebook = randomUUID();
    const benEdit = await ben.post('/api/sync/push', {
      data: {
        clientId: randomUUID(),
        mutations: [
          { id: 1, name: 'notebook.create', args: { id: benNotebook, name: 'Boatyard' } },
          {
            id: 2,
            name: 'entry.put',
            args: { id: gateCode, notebookId, baseVersion: 0, fields: { title: 'Gate code 9876' } },
          },
        ],
      },
    });
    expect(benEdit.ok(), await benEdit.text()).toBe(true);
    const otherInvite = await ben.post(`/api/notebooks/${benNotebook}/invites`, {
      data: { role: 'viewer' },
    });

    await page.goto('/notebooks');
    await expect(page.getByRole('link', { name: 'Harbour log' })).toBeVisible();
    await expectFits(page, at('the notebooks page'));

    // The header's menu, with the install action a browser that can install offers.
    await page.evaluate(() => {
      const event = new Event('beforeinstallprompt', { cancelable: true });
      Object.assign(event, { prompt: async () => undefined });
      window.dispatchEvent(event);
    });
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    await expect(page.getByRole('button', { name: 'Install Tideline' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expectFits(page, at('the header menu'));
    await page.keyboard.press('Escape');
    await expect(menu).toBeFocused();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
    // From the keyboard: the menu opens on its first item and closes when Tab leaves it.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Install Tideline' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();

    await page.getByRole('button', { name: 'Members of Harbour log' }).click();
    const members = page.getByRole('dialog', { name: 'Members of “Harbour log”' });
    await expect(members.getByText('Ben', { exact: true })).toBeVisible();
    await expectFits(page, at('the members dialog'));
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /^Delete Harbour log/ }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectFits(page, at('the delete-notebook confirmation'));
    await page.keyboard.press('Escape');

    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await expectFits(page, at('the keyboard shortcuts dialog'));
    await page.keyboard.press('Escape');

    await page.goto(`/notebooks/${notebookId}`);
    await expect(page.getByTestId('entry-row').first()).toBeVisible();
    await expectFits(page, at('a notebook'));
    await page.getByRole('button', { name: 'Filters' }).click();
    await expect(page.getByLabel('Sort by')).toBeVisible();
    await expectFits(page, at('a notebook with its filters open'));
    await page.getByRole('button', { name: 'Export, import' }).click();
    await expect(page.getByRole('button', { name: 'Export as JSON' })).toBeVisible();
    await expectFits(page, at('a notebook with export and import open'));

    await page.goto(`/notebooks/${notebookId}/entries/${firstEntry}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Buoy 4 is leaking' })).toBeVisible();
    await expectFits(page, at('the entry editor'));
    await page.getByRole('button', { name: 'Delete…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectFits(page, at('the delete-entry confirmation'));
    await page.keyboard.press('Escape');

    await page.goto(`/notebooks/${notebookId}/entries/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
    await expectFits(page, at('a new entry'));

    await page.goto(`/notebooks/${notebookId}/entries/${gateCode}`);
    await expect(page.getByTestId('conflict-current')).toBeVisible();
    await expectFits(page, at('the conflict view'));
    await page.getByText('Earlier versions').click();
    await expect(page.getByTestId('history-version').first()).toBeVisible();
    await expectFits(page, at('earlier versions'));

    // Deleting an entry offers Undo; the notebook keeps it under "Recently deleted".
    await page.goto(`/notebooks/${notebookId}/entries/${firstEntry}`);
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Delete entry' }).click();
    const undo = page.getByTestId('undo-toast');
    await expect(undo.getByRole('button', { name: 'Undo' })).toBeVisible();
    await expectFits(page, at('the undo toast'));
    await undo.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByText('Recently deleted').click();
    await expect(page.getByTestId('trash-item')).toHaveCount(1);
    await expectFits(page, at('recently deleted'));

    await page.goto('/settings');
    await expect(page.getByTestId('devices')).toBeVisible();
    await expect(page.getByTestId('capabilities').locator('tbody tr').first()).toBeVisible();
    await expect(page.getByTestId('activity').locator('tbody tr').first()).toBeVisible();
    await expectFits(page, at('settings, with the capability report and the activity log'));

    const { token: viewerToken } = (await otherInvite.json()) as { token: string };
    await page.goto(`/join/${viewerToken}`);
    await expect(page.getByTestId('join-preview')).toBeVisible();
    await expectFits(page, at('the join page'));

    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expectFits(page, at('the not-found page'));

    // Signing out offline fails, and says why beside the button.
    await page.goto('/notebooks');
    await expect(page.getByRole('link', { name: 'Harbour log' })).toBeVisible();
    await context.setOffline(true);
    await menu.click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    const signOutError = page
      .getByRole('alert')
      .filter({ hasText: 'Signing out needs a connection' });
    await expect(signOutError).toBeVisible();
    await expectFits(page, at('the sign-out error'));
    await signOutError.getByRole('button', { name: 'Dismiss' }).click();
    await page.keyboard.press('Escape');
    await context.setOffline(false);

    // Another device ends this session: the status bar asks to sign in again.
    const other = await apiSession(baseURL!, ana);
    const { sessions } = (await (await other.get('/api/auth/sessions')).json()) as {
      sessions: { id: string; current: boolean }[];
    };
    for (const session of sessions.filter(({ current }) => !current)) {
      await other.delete(`/api/auth/sessions/${session.id}`);
    }
    await other.dispose();
    // The next sync finds the session ended: the "s" shortcut's, or one the app started itself
    // (then "Sync now" is already gone, so the shortcut rather than the button).
    await page.keyboard.press('s');
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-status', 'paused-auth');
    await expectFits(page, at('the status bar asking to sign in again'));

    await ben.dispose();
    await context.close();
  });
}
