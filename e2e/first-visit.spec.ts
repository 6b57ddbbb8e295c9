// A first visit as a new person makes it: cold cache, signed out. The browser is sent compressed
// scripts, only the shell and the page it opens, and the console stays clean — no failed request
// for "who is signed in" and no Content-Security-Policy violation (zod runs without eval).
import { expect, test, waitForController } from './fixtures';

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
  const scripts: { url: string; encoding: string | undefined }[] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push({
      url: response.url(),
      encoding: (await response.allHeaders())['content-encoding'],
    });
  });

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Tideline' })).toBeVisible();
  await waitForController(page);
  await page.getByRole('button', { name: 'I already have an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

  expect(problems).toEqual([]);
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  const appScripts = scripts.filter(({ url }) => url.includes('/assets/'));
  expect(appScripts.length).toBeGreaterThan(0);
  for (const script of appScripts) expect(script, script.url).toMatchObject({ encoding: 'br' });
  // The sign-in page came when asked for; pages nobody opened were not fetched.
  const fetched = appScripts.map(({ url }) => url).join(' ');
  expect(fetched).toMatch(/tl-sign-in-page-/);
  expect(fetched).not.toMatch(/tl-notebook-page-|tl-settings-page-|tl-entry-page-/);
});
