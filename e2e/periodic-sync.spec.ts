// Periodic background sync: with no Tideline page open, a teammate's changes and a
// `periodicsync` dispatched through CDP (`ServiceWorker.dispatchPeriodicSyncEvent`) leave the
// entries in IndexedDB, one notification for the notebook, the badge at the unread count and a
// row in the activity log. Settings registers `tideline-refresh` with the interval the user picks
// (read back with periodicSync.getTags()), unregisters it on "Off", and says plainly when the
// browser does not permit it.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addEntries, updateEntry } from './fixtures/team';
import {
  badgeLog,
  joinAnasNotebook,
  recordBadge,
  shownNotifications,
  storedEntries,
} from './support/alerts';

async function registeredTags(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const manager = (registration as unknown as { periodicSync: { getTags(): Promise<string[]> } })
      .periodicSync;
    return manager.getTags();
  });
}

/** Notes every periodicSync.register() the page makes (the API cannot read minInterval back). */
async function recordRegistrations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const scope = globalThis as unknown as {
      PeriodicSyncManager?: { prototype: { register: (...args: unknown[]) => Promise<void> } };
      periodicRegistrations: { tag: unknown; minInterval: unknown }[];
    };
    scope.periodicRegistrations = [];
    const proto = scope.PeriodicSyncManager?.prototype;
    if (!proto) return;
    const register = proto.register;
    proto.register = function (this: unknown, ...args: unknown[]) {
      const options = args[1] as { minInterval?: number } | undefined;
      scope.periodicRegistrations.push({ tag: args[0], minInterval: options?.minInterval });
      return register.apply(this, args);
    };
  });
}

async function registrations(page: Page): Promise<{ tag: unknown; minInterval: unknown }[]> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { periodicRegistrations: { tag: unknown; minInterval: unknown }[] })
        .periodicRegistrations,
  );
}

test.describe('with periodic background sync granted', () => {
  test.beforeEach(async ({ grantBackground }) => {
    await grantBackground();
  });

  test('with no page open, periodicsync pulls teammates’ changes, notifies, sets the badge, logs', async ({
    browser,
    context,
    page,
    serviceWorker,
    server,
  }) => {
    const { ana, notebookId, firstEntryId } = await joinAnasNotebook(browser, page, server.baseURL);
    await addEntries(ana, server.baseURL, notebookId, [{ title: 'Gauge 1' }, { title: 'Gauge 2' }]);
    await updateEntry(ana, server.baseURL, notebookId, firstEntryId, { title: 'Water levels' });
    await recordBadge(context);

    await serviceWorker.dispatchPeriodicSync('tideline-refresh');

    await expect
      .poll(() => shownNotifications(context))
      .toEqual([
        {
          title: 'Trail survey',
          body: 'Ana added 2 entries and changed 1 in Trail survey',
          tag: `notebook-${notebookId}`,
          silent: false,
          actions: ['open', 'mark-read'],
          data: expect.objectContaining({ url: `/notebooks/${notebookId}`, notebookId }),
        },
      ]);
    const stored = await storedEntries(context, notebookId);
    expect(stored.map((entry) => [entry.title, entry.unread]).sort()).toEqual([
      ['Gauge 1', true],
      ['Gauge 2', true],
      ['Water levels', true],
    ]);
    await expect.poll(() => badgeLog(context)).toEqual([3]);

    // A second refresh with nothing new stays silent and leaves the notification as it was.
    await serviceWorker.dispatchPeriodicSync('tideline-refresh');
    await expect.poll(() => badgeLog(context)).toEqual([3, 3]);
    expect(await shownNotifications(context)).toHaveLength(1);

    await page.goto('/settings');
    const rows = page.getByTestId('activity').locator('tr[data-trigger="periodicsync"]');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('tideline-refresh');
    await expect(rows.nth(1)).toContainText('received 3');
    await expect(rows.nth(0)).toContainText('received 0');
  });

  test('Settings registers tideline-refresh with the chosen interval; Off unregisters', async ({
    context,
    page,
    serviceWorker: _,
  }) => {
    await recordRegistrations(context);
    await page.goto('/settings');
    const section = page.getByTestId('background-refresh');
    const interval = section.getByLabel('Refresh notebooks while Tideline is closed');
    await expect(interval).toHaveValue('15');
    await expect(section.locator('[data-state="registered"]')).toContainText(
      'every 15 minutes at most',
    );
    expect(await registeredTags(page)).toEqual(['tideline-refresh']);
    expect(await registrations(page)).toContainEqual({
      tag: 'tideline-refresh',
      minInterval: 15 * 60_000,
    });

    await interval.selectOption({ label: 'Every 6 hours' });
    await expect(section.locator('[data-state="registered"]')).toContainText('every 6 hours');
    expect((await registrations(page)).at(-1)).toEqual({
      tag: 'tideline-refresh',
      minInterval: 6 * 60 * 60_000,
    });

    // The choice is kept, and applied again when the app starts.
    await page.reload();
    await expect(interval).toHaveValue('360');
    expect((await registrations(page)).at(-1)).toEqual({
      tag: 'tideline-refresh',
      minInterval: 6 * 60 * 60_000,
    });

    await interval.selectOption({ label: 'Off' });
    await expect(section.locator('[data-state="off"]')).toContainText(
      'Tideline refreshes your notebooks when you open it, when you reconnect and when an alert arrives.',
    );
    expect(await registeredTags(page)).toEqual([]);
  });
});

test('without the permission, Settings says background refresh is not allowed and what happens instead', async ({
  page,
  serviceWorker: _,
}) => {
  await page.goto('/settings');
  const section = page.getByTestId('background-refresh');
  await expect(section.locator('[data-state="not-permitted"]')).toContainText(
    'This browser has not allowed Tideline to refresh on a schedule',
  );
  await expect(section).toContainText(
    'when you open it, when you reconnect and when an alert arrives',
  );
  await expect(section.getByRole('combobox')).toHaveCount(0);
  expect(await registeredTags(page)).toEqual([]);
});
