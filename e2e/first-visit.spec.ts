// A first visit as a new person makes it: cold cache, signed out. The browser is sent compressed
// scripts, only the shell and the page it opens — within a budget, and without the database, zod
// or the sync engine, which only a signed-in session needs — and the console stays clean: no
// failed request for "who is signed in" and no Content-Security-Policy violation (zod runs
// without eval).
import { sourcesOf } from './fixtures/builtSources';
import { expect, test, waitForController } from './fixtures';

/**
 * JavaScript a signed-out first visit may download, on the wire (compressed bodies and their
 * headers), welcome screen and sign-in page included. Today about 25 KB; a bare Lit page is
 * about 6 KB. The target for the whole first load is 60 KB.
 */
const FIRST_VISIT_JS_BUDGET_KB = 35;
/** Modules only a signed-in session needs. */
const SIGNED_IN_ONLY =
  /^node_modules\/(dexie|zod)\/|^src\/(sync\/SyncEngine|app\/sync|app\/sessionEngine|db\/db)\.ts$/;

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

test('a signed-out first visit: compressed scripts, one page chunk, no console error', async ({
  page,
}) => {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations?.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const scripts: { url: string; encoding: string | undefined; bytes: number }[] = [];
  const seen: Promise<void>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    seen.push(
      (async () => {
        await response.finished();
        const [headers, sizes] = await Promise.all([
          response.allHeaders(),
          response.request().sizes(),
        ]);
        scripts.push({
          url: response.url(),
          encoding: headers['content-encoding'],
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
        });
      })(),
    );
  });

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Tideline' })).toBeVisible();
  await waitForController(page);
  await page.getByRole('button', { name: 'I already have an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

  await Promise.all(seen);
  expect(problems).toEqual([]);
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  const appScripts = scripts.filter(({ url }) => url.includes('/assets/'));
  expect(appScripts.length).toBeGreaterThan(0);
  for (const script of appScripts) expect(script, script.url).toMatchObject({ encoding: 'br' });
  // The sign-in page came when asked for; pages nobody opened were not fetched.
  const fetched = appScripts.map(({ url }) => url).join(' ');
  expect(fetched).toMatch(/tl-sign-in-page-/);
  expect(fetched).not.toMatch(/tl-notebook-page-|tl-settings-page-|tl-entry-page-/);
  // Nothing only a signed-in session needs: Dexie, zod, the sync engine.
  const modules = appScripts.flatMap(({ url }) => sourcesOf(url));
  expect(modules).toContain('src/components/tl-app.ts');
  expect(modules.filter((source) => SIGNED_IN_ONLY.test(source))).toEqual([]);
  const kilobytes = appScripts.reduce((sum, { bytes }) => sum + bytes, 0) / 1024;
  console.log(`signed-out first visit: ${kilobytes.toFixed(1)} KB of JavaScript on the wire`);
  expect(kilobytes).toBeLessThanOrEqual(FIRST_VISIT_JS_BUDGET_KB);
});
