// "Add my location" on an entry: with permission, the device's position (here a fixed one) is
// shown with its accuracy and a map link, saved with the entry, and can be removed; without
// permission, the entry explains how to allow it. Either way it says the web has no background
// location.
import { expect } from './fixtures';
import { createNotebook, openNotebook, signUp, teamTest as test } from './fixtures/team';

const HARBOUR = { latitude: 59.3293, longitude: 18.0686, accuracy: 12 };

test.describe('with location allowed', () => {
  test.use({ permissions: ['geolocation'], geolocation: HARBOUR });

  test('"Add my location" shows the position with a map link and saves it', async ({
    page,
    baseURL,
  }) => {
    await page.goto('/');
    await signUp(page, baseURL!, 'Ana');
    const notebookId = await createNotebook(page, baseURL!, 'Harbour');
    await openNotebook(page, notebookId, 'Harbour');
    await page.getByRole('link', { name: 'New entry' }).click();
    // The editor is there: until then 'Title' also names the list's "Search title and text".
    await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
    await page.getByLabel('Title').fill('Mooring 7');
    await expect(page.getByTestId('location-none')).toBeVisible();

    await page.getByRole('button', { name: 'Add my location' }).click();
    await expect(page.getByTestId('location-value')).toHaveText('59.32930, 18.06860 (± 12 m)');
    await expect(
      page.getByRole('link', { name: 'Open this place in OpenStreetMap' }),
    ).toHaveAttribute(
      'href',
      'https://www.openstreetmap.org/?mlat=59.32930&mlon=18.06860#map=16/59.32930/18.06860',
    );
    await expect(page.getByText('the web cannot record location in the background')).toBeVisible();
    await page.getByRole('button', { name: 'Create entry' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mooring 7' })).toBeVisible();
    await expect(page.getByTestId('entry-sync-state')).toHaveText(/Synced/);

    // Stored with the entry: still there after a reload, and marked in the list.
    await page.reload();
    await expect(page.getByTestId('location-value')).toHaveText('59.32930, 18.06860 (± 12 m)');
    await page.getByRole('link', { name: '← Harbour' }).click();
    await expect(page.getByTestId('entry-row').filter({ hasText: 'Mooring 7' })).toContainText(
      '📍',
    );

    await page.getByTestId('entry-row').getByRole('link').click();
    await page.getByRole('button', { name: 'Remove location' }).click();
    await expect(page.getByTestId('location-none')).toBeVisible();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('entry-sync-state')).toHaveText(/Synced/);
    await page.reload();
    await expect(page.getByTestId('location-none')).toBeVisible();
  });
});

test('without permission, "Add my location" explains how to allow it', async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ben');
  const notebookId = await createNotebook(page, baseURL!, 'Trail');
  await openNotebook(page, notebookId, 'Trail');
  await page.getByRole('link', { name: 'New entry' }).click();
  await page.getByRole('button', { name: 'Add my location' }).click();
  const denied = page.getByTestId('location-denied');
  await expect(denied).toBeVisible();
  await expect(denied).toHaveAttribute('role', 'alert');
  await expect(denied).toContainText('Tideline is not allowed to see your location.');
  await expect(denied).toContainText('Set Location to Allow');
  await expect(page.getByText('the web cannot record location in the background')).toBeVisible();
  await expect(page.getByTestId('location-none')).toBeVisible();
});
