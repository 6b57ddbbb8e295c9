// Settings for the account: the devices signed in to it, with "Sign out" for another device (its
// session ends on the server at once), changing the password (every other device is signed out),
// and "Export all data" — every notebook on this device in one JSON file whose notebooks import
// again.
import { readFileSync } from 'node:fs';
import { expect } from './fixtures';
import { addEntries, createNotebook, signUp, teamTest as test } from './fixtures/team';
import { apiSession } from './support/accounts';

test('another device is listed and signed out from here', async ({ page, baseURL }) => {
  const kai = await signUp(page, baseURL!, 'Kai');
  const phone = await apiSession(baseURL!, kai);
  await page.goto('/settings');
  const devices = page.getByTestId('devices');
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  await expect(devices).toContainText('(this device)');

  const other = devices.getByRole('listitem').filter({ hasNotText: '(this device)' });
  await other.getByRole('button', { name: /^Sign out / }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('stops syncing at once');
  await confirm.getByRole('button', { name: 'Sign out device' }).click();
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 2, name: 'Signed-in devices' })).toBeFocused();

  expect((await phone.get('/api/auth/me')).status()).toBe(401);
  // This device is still signed in.
  expect((await page.request.get('/api/auth/me')).status()).toBe(200);
  await phone.dispose();
});

test('changing the password signs every other device out and keeps this one', async ({
  page,
  baseURL,
}) => {
  const kai = await signUp(page, baseURL!, 'Kai');
  const phone = await apiSession(baseURL!, kai);
  await page.goto('/settings');
  const devices = page.getByTestId('devices');
  await expect(devices.getByRole('listitem')).toHaveCount(2);

  const account = page.getByRole('region', { name: 'Account' });
  await account.getByLabel('Current password').fill('not my password');
  await account.getByLabel(/^New password \(/).fill('a brand new passphrase');
  await account.getByLabel('New password again').fill('a brand new passphrase');
  await account.getByRole('button', { name: 'Change password' }).click();
  await expect(account.getByRole('alert')).toHaveText('Your current password is not right.');
  expect((await phone.get('/api/auth/me')).status()).toBe(200);

  await account.getByLabel('Current password').fill(kai.password);
  await account.getByRole('button', { name: 'Change password' }).click();
  await expect(account.getByRole('status')).toHaveText(
    'Password changed. 1 other device was signed out.',
  );
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  expect((await phone.get('/api/auth/me')).status()).toBe(401);
  expect((await page.request.get('/api/auth/me')).status()).toBe(200);
  await phone.dispose();
});

test('export all data: every notebook and its entries in one file', async ({ page, baseURL }) => {
  await signUp(page, baseURL!, 'Lou');
  const harbour = await createNotebook(page, baseURL!, 'Harbour log');
  await createNotebook(page, baseURL!, 'Empty one');
  await addEntries(page, baseURL!, harbour, [
    { title: 'Buoy 4', tags: ['repair'] },
    { title: 'Paint', done: true },
  ]);
  await page.goto('/notebooks');
  await expect(page.getByRole('link', { name: 'Harbour log' })).toBeVisible();
  await page.goto(`/notebooks/${harbour}`);
  await expect(page.getByTestId('entry-row')).toHaveCount(2);

  await page.goto('/settings');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all data' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(
    /^Tideline-\d{4}-\d{2}-\d{2}\.tideline-account\.json$/,
  );
  const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    format: string;
    account: { name: string };
    notebooks: { format: string; notebook: { name: string }; entries: { title: string }[] }[];
  };
  expect(data.format).toBe('tideline-account');
  expect(data.account.name).toBe('Lou');
  const byName = new Map(data.notebooks.map((one) => [one.notebook.name, one]));
  expect([...byName.keys()].sort()).toEqual(['Empty one', 'Harbour log']);
  expect(byName.get('Harbour log')!.format).toBe('tideline-notebook');
  expect(
    byName
      .get('Harbour log')!
      .entries.map((entry) => entry.title)
      .sort(),
  ).toEqual(['Buoy 4', 'Paint']);
  await expect(page.getByRole('status').filter({ hasText: 'Exported 2 notebooks' })).toHaveText(
    'Exported 2 notebooks and 2 entries.',
  );
});
