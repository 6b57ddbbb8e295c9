// `npm run screenshots`: drives the built app with Playwright against the real server (started as
// the e2e suite starts it: compiled server, temporary data directory, free port), seeds an
// account with notebooks and entries through the API, and writes PNGs of the main screens —
// phone and desktop, light and dark — to docs/screenshots/. Run after `npm run build`.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser.ts';
import { ROOT, startServer } from '../e2e/fixtures/server.ts';

const OUT = join(ROOT, 'docs/screenshots');
const SIZES = {
  phone: { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false },
};
const THEMES = ['light', 'dark'];

const ENTRIES = [
  {
    title: 'Buoy 4 is leaking',
    body: 'The seal on the north buoy cracked in last night’s swell.\nNeeds a new gasket before Friday.',
    tags: ['harbour', 'repair'],
  },
  {
    title: 'Order two spare gaskets',
    body: 'From the chandlery on Quay Street.',
    tags: ['supplies'],
  },
  {
    title: 'Tide table for the week',
    body: 'High water 06:12 and 18:40 on Monday, about 50 minutes later each day.',
    tags: ['planning'],
  },
  { title: 'Repaint the slipway markers', tags: ['chores'], done: true },
  {
    title: 'Check the mooring chains',
    body: 'Moorings 3 to 7; photograph any wear.',
    tags: ['harbour'],
  },
  { title: 'Radio check with the coastguard', tags: ['safety'], done: true },
];

/** Pushes mutations as a device of the signed-in user (a client id of its own). */
async function push(api, baseURL, mutations) {
  const response = await api.post('/api/sync/push', {
    data: {
      clientId: randomUUID(),
      mutations: mutations.map((mutation, index) => ({ id: index + 1, ...mutation })),
    },
    headers: { origin: baseURL },
  });
  if (!response.ok()) throw new Error(`push failed: ${response.status()} ${await response.text()}`);
}

/** A signed-in context whose account has three notebooks, one of them full of entries. */
async function seed(context, baseURL) {
  const api = context.request;
  const signUp = await api.post('/api/auth/sign-up', {
    data: {
      email: `mara-${randomUUID().slice(0, 8)}@example.org`,
      password: 'correct horse battery',
      name: 'Mara',
    },
    headers: { origin: baseURL },
  });
  if (signUp.status() !== 201) throw new Error(`sign-up failed: ${await signUp.text()}`);
  const harbour = randomUUID();
  const entryIds = ENTRIES.map(() => randomUUID());
  await push(api, baseURL, [
    { name: 'notebook.create', args: { id: harbour, name: 'Harbour log' } },
    { name: 'notebook.create', args: { id: randomUUID(), name: 'Field notes' } },
    { name: 'notebook.create', args: { id: randomUUID(), name: 'Boatyard tasks' } },
    ...ENTRIES.map((fields, index) => ({
      name: 'entry.put',
      args: { id: entryIds[index], notebookId: harbour, baseVersion: 0, fields },
    })),
  ]);
  return { harbour, firstEntry: entryIds[0] };
}

async function settle(page) {
  // The service worker in control, fonts and any transition at rest.
  // (The status bar no longer says "Ready to work offline" on every open, so ask the browser.)
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(400);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const written = [];
  try {
    for (const [size, options] of Object.entries(SIZES)) {
      for (const theme of THEMES) {
        const shoot = async (page, name) => {
          await settle(page);
          const file = join(OUT, `${name}-${size}-${theme}.png`);
          await page.screenshot({ path: file });
          written.push(file);
        };
        const base = {
          ...options,
          baseURL: server.baseURL,
          colorScheme: theme,
          reducedMotion: 'reduce',
        };

        // A first visit.
        const visitor = await browser.newContext(base);
        const welcome = await visitor.newPage();
        await welcome.goto('/');
        await welcome.getByRole('heading', { level: 1, name: 'Welcome to Tideline' }).waitFor();
        await shoot(welcome, 'onboarding');
        await visitor.close();

        // Someone at work.
        const context = await browser.newContext(base);
        const { harbour, firstEntry } = await seed(context, server.baseURL);
        const page = await context.newPage();
        await page.goto('/notebooks');
        await page.getByRole('link', { name: 'Harbour log' }).waitFor();
        await shoot(page, 'notebooks');
        await page.goto(`/notebooks/${harbour}`);
        await page.getByTestId('entry-row').first().waitFor();
        await shoot(page, 'notebook');
        await page.goto(`/notebooks/${harbour}/entries/${firstEntry}`);
        await page.getByRole('heading', { level: 1, name: ENTRIES[0].title }).waitFor();
        await shoot(page, 'entry');
        await page.goto('/settings');
        await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
        await page.getByTestId('devices').waitFor();
        await page
          .getByTestId('worker-build')
          .filter({ hasText: /^\s*\d/ })
          .waitFor();
        await shoot(page, 'settings');
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  for (const file of written) console.log(`wrote ${file.slice(ROOT.length + 1)}`);
}

await main();
