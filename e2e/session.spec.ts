// The session on a real server: signing up and in through the app, notebooks that are created
// locally, synced and still there after a reload, sign-out that warns before deleting unsent
// changes, and a session that ends while the app is open — sync pauses, writes keep queueing, and
// signing in again sends them with nothing lost.
import { expect, test } from './fixtures';
import {
  apiSession,
  newUser,
  serverNotebookNames,
  signInWithForm,
  signUpThroughUi,
  signUpViaApi,
} from './support/accounts';

test('sign up, create a notebook: it syncs and survives a reload', async ({ page, server }) => {
  const ana = newUser('Ana');
  await page.goto('/');
  // Signed out on a device nobody has signed in on, a protected page shows the welcome screen
  // in its place; from there, the sign-in form.
  await page.getByRole('button', { name: 'I already have an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveTitle('Sign in · Tideline');

  await signUpThroughUi(page, ana);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByTestId('notebooks-empty')).toContainText('No notebooks yet');

  // Validation is inline, next to the field.
  await page.getByRole('button', { name: 'Create notebook' }).click();
  await expect(page.getByRole('alert')).toHaveText('A notebook needs a name.');
  await expect(page.getByLabel('New notebook')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('New notebook').fill('Field notes');
  await page.getByRole('button', { name: 'Create notebook' }).click();
  const item = page.getByRole('listitem').filter({ hasText: 'Field notes' });
  await expect(item.getByRole('link', { name: 'Field notes' })).toBeVisible();
  await expect(item.getByTestId('role')).toHaveText('Owner');
  await expect(item.getByTestId('pending')).toHaveCount(0);
  await expect(page.getByTestId('last-synced')).toHaveText('Synced just now');
  expect(await serverNotebookNames(server.baseURL, ana)).toEqual(['Field notes']);

  await page.reload();
  await expect(page.getByRole('link', { name: 'Field notes' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('a wrong password is refused in plain words; signing in continues to the page asked for', async ({
  page,
  context,
}) => {
  const ben = newUser('Ben');
  await signUpViaApi(context.request, ben);
  await context.clearCookies();

  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.goto('/notebooks');
  await page.getByRole('button', { name: 'I already have an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveURL(/\/notebooks$/);

  await signInWithForm(page, { ...ben, password: 'not the password' });
  await expect(page.getByRole('alert')).toHaveText('The email or password is incorrect.');

  await signInWithForm(page, ben);
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
  await expect(page).toHaveURL(/\/notebooks$/);
});

test('signing out with unsent changes warns first; cancel keeps them', async ({
  page,
  context,
}) => {
  const cleo = newUser('Cleo');
  await signUpThroughUi(page, cleo);
  await expect(page.getByTestId('last-synced')).toBeVisible();

  await context.setOffline(true);
  await expect(page.getByTestId('connectivity')).toHaveText('Offline');
  await expect(page.getByTestId('offline-note')).toBeVisible();
  await page.getByLabel('New notebook').fill('Offline plans');
  await page.getByRole('button', { name: 'Create notebook' }).click();
  const item = page.getByRole('listitem').filter({ hasText: 'Offline plans' });
  await expect(item.getByTestId('pending')).toHaveText('Not synced yet');
  await expect(page.getByTestId('pending-count')).toHaveText('1 change waiting');

  const signOut = page.getByRole('button', { name: 'Sign out' });
  await signOut.click();
  const warning = page.getByRole('alertdialog', { name: 'Sign out and delete unsent changes?' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(
    "1 change hasn't reached the server yet; signing out deletes it from this device.",
  );
  await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
  await warning.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(warning).toBeHidden();
  await expect(signOut).toBeFocused();
  await expect(item).toBeVisible();

  // Confirming while offline deletes nothing: the server has to end the session.
  await signOut.click();
  await warning.getByRole('button', { name: 'Sign out and delete' }).click();
  await expect(page.getByRole('alert')).toContainText('Signing out needs a connection');
  await expect(item).toBeVisible();

  // Back online the change goes out, and signing out needs no warning.
  await context.setOffline(false);
  await expect(page.getByTestId('pending-count')).toHaveCount(0);
  await expect(item.getByTestId('pending')).toHaveCount(0);
  await signOut.click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  const notebooksLeft = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('tideline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('notebooks').objectStore('notebooks').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
  expect(notebooksLeft).toBe(0);
  await page.goto('/notebooks');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});

test('an ended session pauses sync; changes keep queueing and go out after signing in again', async ({
  page,
  server,
}) => {
  const dara = newUser('Dara');
  await signUpThroughUi(page, dara);
  await page.getByLabel('New notebook').fill('Before');
  await page.getByRole('button', { name: 'Create notebook' }).click();
  // Wait for the notebook to be on screen before checking it went out: right after the click the
  // status bar still shows the sign-up's sync ("Synced just now", nothing waiting), and the
  // session could end before "Before" was pushed, leaving two changes waiting below.
  const before = page.getByRole('listitem').filter({ hasText: 'Before' });
  await expect(before.getByRole('link', { name: 'Before' })).toBeVisible();
  await expect(before.getByTestId('pending')).toHaveCount(0);
  await expect(page.getByTestId('pending-count')).toHaveCount(0);
  await expect(page.getByTestId('last-synced')).toHaveText('Synced just now');

  // Another device signs in as Dara and ends this browser's session.
  const other = await apiSession(server.baseURL, dara);
  const { sessions } = (await (await other.get('/api/auth/sessions')).json()) as {
    sessions: { id: string; current: boolean }[];
  };
  const browserSession = sessions.find((session) => !session.current);
  expect(browserSession).toBeDefined();
  expect((await other.delete(`/api/auth/sessions/${browserSession!.id}`)).status()).toBe(204);
  await other.dispose();

  await page.getByLabel('New notebook').fill('While away');
  await page.getByRole('button', { name: 'Create notebook' }).click();
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-status', 'paused-auth');
  await expect(status).toContainText(
    'Signed out — sign in again to continue syncing; your changes are kept.',
  );
  const pendingCount = page.getByTestId('pending-count');
  await expect(pendingCount).toHaveText('1 change waiting');

  // Writes keep queueing while paused.
  await page.getByRole('button', { name: 'Rename Before' }).click();
  await page.getByLabel('New name for “Before”').fill('Before, renamed');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('link', { name: 'Before, renamed' })).toBeVisible();
  await expect(pendingCount).toHaveText('2 changes waiting');

  await status.getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fnotebooks$/);
  await expect(page.getByTestId('session-ended')).toContainText(dara.email);
  await expect(page.getByLabel('Email')).toHaveValue(dara.email);
  await page.getByLabel('Password').fill(dara.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(page).toHaveURL(/\/notebooks$/);
  await expect(page.getByTestId('pending-count')).toHaveCount(0);
  await expect(page.getByTestId('last-synced')).toHaveText('Synced just now');
  await expect(page.getByRole('link', { name: 'While away' })).toBeVisible();
  expect(await serverNotebookNames(server.baseURL, dara)).toEqual([
    'Before, renamed',
    'While away',
  ]);
});
