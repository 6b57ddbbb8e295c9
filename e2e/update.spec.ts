// A new build is detected while the app is open; "Update available — Reload" activates it.
// The test publishes a "new build" by serving a copy of dist/ whose service worker carries a
// different build id — the same byte change a real deploy makes to sw.js.
import { rmSync } from 'node:fs';
import {
  copyBuiltApp,
  expect,
  publishWorkerBuild,
  startServer,
  test,
  waitForController,
  type RunningServer,
} from './fixtures';

let server: RunningServer;
let staticDir: string;

test.beforeAll(async () => {
  staticDir = copyBuiltApp();
  server = await startServer({ staticDir });
});

test.afterAll(async () => {
  await server.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

test('a waiting build is offered and activated on click', async ({ page }) => {
  await page.goto(`${server.baseURL}/settings`);
  await waitForController(page);
  await page.reload();
  // The page asks the controlling worker for its build as it opens: read the answer.
  await expect(page.getByTestId('worker-build')).not.toContainText('Not installed yet');
  const oldBuild = (await page.getByTestId('worker-build').textContent())!.trim();
  await expect(page.getByTestId('worker-status')).toHaveCount(0);
  expect(oldBuild).not.toBe('');
  await expect(page.getByRole('alert').filter({ hasText: 'Update available' })).toHaveCount(0);

  const newBuild = `${oldBuild}-next`;
  publishWorkerBuild(staticDir, oldBuild, newBuild);

  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
  const prompt = page.getByRole('alert').filter({ hasText: 'Update available' });
  await expect(prompt).toBeVisible();

  await Promise.all([
    page.waitForEvent('load'),
    prompt.getByRole('button', { name: 'Reload' }).click(),
  ]);
  await expect(page.getByTestId('worker-build')).toHaveText(newBuild);
  await expect(prompt).toHaveCount(0);
  // Said once after the update (and not on the plain reload before it).
  await expect(page.getByTestId('worker-status')).toHaveText('Ready to work offline');
});
