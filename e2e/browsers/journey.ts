// The cross-browser journey: what a new user does in Firefox or in Safari's engine, against the
// built app served by the real server (the Playwright suite's fixture). One server and one
// browser per engine; the steps run in order, as one person's visits, and each checks one thing.
// Registered by firefox.test.ts and webkit.test.ts with node's test runner.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { startServer, type RunningServer } from '../fixtures/server';
import type { Engine, Profile, Tab } from './Engine';
import { waitFor } from './waitFor';

interface Person {
  name: string;
  email: string;
  password: string;
}

function person(name: string): Person {
  return {
    name,
    email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`,
    password: 'correct horse battery staple',
  };
}

/** The titles of every entry the server has for the notebook, asked through the page's session. */
async function serverTitles(tab: Tab, notebookId: string): Promise<string[]> {
  return tab.run<string[]>(
    `const response = await fetch('/api/sync/pull', {
       method: 'POST',
       headers: { 'content-type': 'application/json' },
       body: JSON.stringify({ clientId: crypto.randomUUID(), cursors: {} }),
     });
     const body = await response.json();
     return body.changes.filter((c) => c.notebookId === args[0])
       .flatMap((c) => c.entries.filter((e) => !e.deleted).map((e) => e.fields.title)).sort();`,
    notebookId,
  );
}

async function signUp(tab: Tab, who: Person): Promise<void> {
  await tab.goto('/');
  await waitFor(tab, `return h.control('Get started') || h.control('Create an account')`, {
    what: 'the welcome screen',
  });
  await tab.click(`return h.control('Get started') || h.control('Create an account')`);
  await waitFor(tab, `return h.field('Your name')`, { what: 'the sign-up form' });
  await tab.run(
    `h.fill('Your name', args[0]); h.fill('Email', args[1]); h.fill('Password', args[2]);`,
    who.name,
    who.email,
    who.password,
  );
  await tab.click(`return h.control('Create account')`);
  // Signed up: the notebooks, or straight into the welcome notebook.
  await waitFor(
    tab,
    `return h.heading(1) === 'Notebooks' || h.heading(1) === args[0] + '’s notebook'`,
    { args: [who.name], what: 'the app after sign-up' },
  );
}

/**
 * Creates a notebook as another device of the page's user would (a push from a client id of its
 * own), so the app must sync it down; returns its id.
 */
async function createNotebook(tab: Tab, name: string): Promise<string> {
  return tab.run<string>(
    `const id = crypto.randomUUID();
     const response = await fetch('/api/sync/push', {
       method: 'POST',
       headers: { 'content-type': 'application/json' },
       body: JSON.stringify({ clientId: crypto.randomUUID(),
         mutations: [{ id: 1, name: 'notebook.create', args: { id, name: args[0] } }] }),
     });
     if (!response.ok) throw new Error('push ' + response.status);
     return id;`,
    name,
  );
}

async function openNotebook(tab: Tab, id: string, name: string): Promise<void> {
  await tab.goto(`/notebooks/${id}`);
  await waitFor(tab, `return h.heading(1) === args[0]`, { args: [name], what: `notebook ${name}` });
}

/** The notebook page shows an entry with this title (live, without a reload). */
function listed(title: string): string {
  return `return h.all('[data-testid="entry-row"]').some((row) => h.text(row).includes(${JSON.stringify(title)}))`;
}

async function writeEntry(tab: Tab, title: string): Promise<void> {
  await tab.click(`return h.control('New entry')`);
  await waitFor(tab, `return h.field('Title')`, { what: 'the entry form' });
  await tab.run(`h.fill('Title', args[0])`, title);
  await tab.click(`return h.control('Create entry')`);
  await waitFor(tab, `return h.heading(1) === args[0]`, { args: [title], what: 'the new entry' });
}

const pendingText = `const p = h.testid('pending-count'); return p ? h.text(p) : ''`;

/**
 * Script for waitFor: the page shows nothing pending and the server has an entry titled
 * args[1] in notebook args[0]. (A page just opened shows no pending count until its engine has
 * read the outbox, so the page alone does not say the write was delivered.)
 */
const deliveredScript = `if (h.heading(1) !== 'Field notes' || h.testid('pending-count')) return false;
  const response = await fetch('/api/sync/pull', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: crypto.randomUUID(), cursors: {} }),
  });
  const body = await response.json();
  return body.changes.some((c) => c.notebookId === args[0] &&
    c.entries.some((e) => !e.deleted && e.fields.title === args[1]));`;

/** How many of the notebook's entries on the server have this title. */
async function countOnServer(tab: Tab, notebookId: string, title: string): Promise<number> {
  return (await serverTitles(tab, notebookId)).filter((t) => t === title).length;
}

export function journey(launch: (baseURL: string) => Promise<Engine>): void {
  let server: RunningServer;
  let engine: Engine;
  let profile: Profile;
  let tab: Tab;
  const ana = person('Ana');
  let notebookId = '';

  before(async () => {
    server = await startServer();
    engine = await launch(server.baseURL);
    profile = await engine.newProfile();
    tab = await profile.newTab();
  });

  after(async () => {
    await engine?.close();
    await server?.stop();
  });

  /**
   * Takes the page offline: the browser itself where the driver can (Firefox: WebDriver BiDi's
   * offline emulation). WebKitWebDriver has no network emulation, so there the server is stopped
   * (every request fails as offline) and the page is told what the browser would say:
   * `navigator.onLine` false and an `offline` event. The returned function goes back online the
   * same way (an `online` event dispatched in the page for WebKit).
   */
  async function goOffline(): Promise<() => Promise<void>> {
    const offlineTab = tab;
    if (offlineTab.setOffline) {
      await offlineTab.setOffline(true);
      return () => offlineTab.setOffline!(false);
    }
    await server.halt();
    await offlineTab.run(
      `Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
       window.dispatchEvent(new Event('offline'));`,
    );
    return async () => {
      await server.resume();
      await offlineTab.run(`delete navigator.onLine; window.dispatchEvent(new Event('online'));`);
    };
  }

  /** Runs `step` with the server killed, and starts it again however the step ends. */
  async function withServerDown(step: () => Promise<void>): Promise<void> {
    await server.halt();
    try {
      await step();
    } finally {
      await server.resume();
    }
  }

  it('the service worker controls the first visit', async () => {
    await tab.goto('/');
    await waitFor(tab, `return navigator.serviceWorker.controller !== null`, {
      what: 'a controlling service worker',
      timeoutMs: 30_000,
    });
  });

  it('signs up through the form and opens a notebook', async () => {
    await signUp(tab, ana);
    notebookId = await createNotebook(tab, 'Field notes');
    await openNotebook(tab, notebookId, 'Field notes');
  });

  it('reloads and opens a deep link with the server unreachable', async () => {
    await withServerDown(async () => {
      await tab.reload();
      await waitFor(tab, `return h.heading(1) === 'Field notes'`, { what: 'the notebook offline' });
      await tab.goto('/');
      await tab.goto(`/notebooks/${notebookId}`);
      await waitFor(tab, `return h.heading(1) === 'Field notes'`, {
        what: 'the deep link offline',
      });
    });
  });

  it('delivers a write made while the server was down by its own retry, once, with no online event', async () => {
    await tab.goto(`/notebooks/${notebookId}`);
    await waitFor(tab, `return h.heading(1) === 'Field notes'`, { what: 'the notebook' });
    await tab.run(
      `window.onlineEvents = 0; window.addEventListener('online', () => { window.onlineEvents += 1; });`,
    );
    let dueAt = 0;
    await withServerDown(async () => {
      await writeEntry(tab, 'Written while the server restarts');
      await waitFor(tab, pendingText, { what: 'the write shown pending' });
      const nextTry = await waitFor<string>(
        tab,
        `const n = h.testid('next-try'); return n && /Next try in \\d+ s/.test(h.text(n)) && n.dataset.at;`,
        { what: '"Next try in N s"' },
      );
      dueAt = Number(nextTry);
      assert.ok(await tab.run(`return Boolean(h.control('Sync now'))`), '"Sync now" stays');
    });
    // The retry in effect when the server came back delivers it.
    dueAt = Number(
      (await tab.run<string | null>(`const n = h.testid('next-try'); return n && n.dataset.at`)) ??
        dueAt,
    );
    await waitFor(tab, `return !h.testid('pending-count')`, {
      what: 'the write delivered',
      timeoutMs: Math.max(0, dueAt - Date.now()) + 5000,
    });
    assert.equal(await tab.run(`return window.onlineEvents`), 0);
    assert.deepEqual(await serverTitles(tab, notebookId), ['Written while the server restarts']);
  });

  it('delivers a write left pending by a closed page once it is opened again', async () => {
    await openNotebook(tab, notebookId, 'Field notes');
    await withServerDown(async () => {
      await writeEntry(tab, 'Left behind on close');
      await waitFor(tab, pendingText, { what: 'the write shown pending' });
      const next = await profile.newTab();
      await tab.close();
      tab = next;
    });
    await tab.goto(`/notebooks/${notebookId}`);
    await waitFor(tab, deliveredScript, {
      args: [notebookId, 'Left behind on close'],
      what: 'the write delivered after reopening',
      timeoutMs: 20_000,
    });
    assert.deepEqual(await serverTitles(tab, notebookId), [
      'Left behind on close',
      'Written while the server restarts',
    ]);
  });

  it('two profiles see each other’s changes live', async () => {
    const ben = person('Ben');
    const benProfile = await engine.newProfile();
    try {
      const benTab = await benProfile.newTab();
      await signUp(benTab, ben);
      const token = await tab.run<string>(
        `const r = await fetch('/api/notebooks/' + args[0] + '/invites', {
           method: 'POST', headers: { 'content-type': 'application/json' },
           body: JSON.stringify({ role: 'editor' }) });
         return (await r.json()).token;`,
        notebookId,
      );
      const accepted = await benTab.run<number>(
        `const r = await fetch('/api/invites/' + encodeURIComponent(args[0]) + '/accept', {
           method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
         return r.status;`,
        token,
      );
      assert.equal(accepted, 200);
      await openNotebook(benTab, notebookId, 'Field notes');
      await openNotebook(tab, notebookId, 'Field notes');
      await waitFor(tab, `return h.testid('sync-status')?.dataset.status === 'idle'`, {
        what: 'Ana settled',
      });
      await waitFor(benTab, listed('Left behind on close'), { what: 'Ben has the notebook' });

      await writeEntry(tab, 'From Ana, live');
      let started = Date.now();
      await waitFor(benTab, listed('From Ana, live'), { what: 'Ana’s entry at Ben’s' });
      const toBen = Date.now() - started;
      await benTab.goto(`/notebooks/${notebookId}`);
      await writeEntry(benTab, 'From Ben, live');
      await tab.goto(`/notebooks/${notebookId}`);
      await waitFor(tab, `return h.heading(1) === 'Field notes'`, {
        what: 'Ana back on the notebook',
      });
      started = Date.now();
      await waitFor(tab, listed('From Ben, live'), { what: 'Ben’s entry at Ana’s' });
      const toAna = Date.now() - started;
      console.log(`# ${engine.name}: live to Ben ${toBen} ms, to Ana ${toAna} ms`);
    } finally {
      await benProfile.close();
    }
  });

  it('the capability report matches what this browser has, without overstating', async () => {
    await tab.goto('/settings');
    const rows = await waitFor<{ name: string; supported: boolean; note: string }[]>(
      tab,
      `const table = h.testid('capabilities');
       const rows = table ? [...table.querySelectorAll('tbody tr')] : [];
       return rows.length > 0 && rows.map((row) => ({
         name: row.dataset.api,
         supported: row.querySelector('td').classList.contains('yes'),
         note: h.text(row.querySelectorAll('td')[1]),
       }));`,
      { what: 'the capability report' },
    );
    const has = await tab.run<Record<string, boolean | string>>(
      `const proto = ServiceWorkerRegistration.prototype;
       return {
         'background-sync': 'sync' in proto,
         'periodic-background-sync': 'periodicSync' in proto,
         push: 'PushManager' in window,
         notifications: 'Notification' in window,
         badging: 'setAppBadge' in navigator,
         permission: 'Notification' in window ? Notification.permission : 'none',
       };`,
    );
    const row = (name: string) => {
      const found = rows.find((r) => r.name === name);
      assert.ok(found, `a ${name} row`);
      return found;
    };
    // Rows are named for people ("Refreshes on a schedule"); `data-api` says which API each is.
    for (const name of [
      'background-sync',
      'periodic-background-sync',
      'push',
      'notifications',
      'badging',
    ]) {
      assert.equal(row(name).supported, has[name], `${name} supported`);
    }
    // Neither Firefox nor Safari's engine has the sync APIs; Tideline says what it does instead.
    assert.equal(row('background-sync').supported, false);
    assert.equal(row('periodic-background-sync').supported, false);
    assert.doesNotMatch(row('periodic-background-sync').note, /needs the installed app/);
    assert.match(row('periodic-background-sync').note, /cannot refresh on a schedule/);
    if (has.notifications && has.permission !== 'denied') {
      assert.doesNotMatch(row('notifications').note, /^No alerts/);
    }
    console.log(
      `# ${engine.name} (${engine.version}): ${rows.map((r) => `${r.name}=${r.supported ? 'yes' : 'no'}`).join(', ')}`,
    );
  });

  it('says honestly what alerts and installing do here', async () => {
    await tab.goto('/settings');
    const alerts = await waitFor<string>(
      tab,
      `const state = h.all('[data-state]').find((e) => ['off', 'on', 'unsupported', 'blocked', 'working'].includes(e.dataset.state));
       return state && state.dataset.state;`,
      { what: 'the alerts section' },
    );
    const pushHere = await tab.run<boolean>(
      `return 'PushManager' in window && 'Notification' in window && 'serviceWorker' in navigator`,
    );
    assert.equal(alerts === 'unsupported', !pushHere, `alerts state ${alerts}`);
    if (alerts === 'off') {
      await tab.click(`return h.control('Enable alerts')`);
      // Whatever the browser does with its prompt, "Setting up alerts…" ends with words.
      const outcome = await waitFor<string>(
        tab,
        `const state = h.all('[data-state]').find((e) => ['off', 'on', 'blocked'].includes(e.dataset.state));
         const error = h.all('.error[role="alert"]')[0];
         return state && (state.dataset.state + (error ? ': ' + h.text(error) : ''));`,
        { what: '"Setting up alerts…" to end', timeoutMs: 20_000 },
      );
      console.log(`# ${engine.name}: Enable alerts → ${outcome}`);
      assert.ok(/^on|^blocked|^off: ./.test(outcome), outcome);
    }
    await tab.click(`return h.testid('install-button')`);
    await waitFor(
      tab,
      `return h.all('dialog').some((d) => d.open && h.text(d).includes('This browser has no way to install web apps'))`,
      { what: 'the install how-to for this browser' },
    );
  });

  // Each page is left as soon as the driver lets it: at once in Firefox; in WebKit once its
  // transactions are quiet (WebKitTab.settle — what no page can guard against is left out).
  it('a quick trip to the notebooks list and back leaves the database usable', async () => {
    await openNotebook(tab, notebookId, 'Field notes');
    await waitFor(tab, `return h.testid('sync-status')?.dataset.status === 'idle'`, {
      what: 'a settled notebook page',
    });
    for (let round = 1; round <= 3; round += 1) {
      await tab.goto('/');
      await tab.goto(`/notebooks/${notebookId}`);
      await waitFor(
        tab,
        `return h.heading(1) === 'Field notes' && h.all('[data-testid="entry-row"]').length > 0`,
        {
          what: `the notebook after round ${round}`,
          timeoutMs: 10_000,
        },
      );
      assert.ok(
        await tab.run(`return h.readMeta('clientId')`),
        `meta readable after round ${round}`,
      );
    }
    await writeEntry(tab, 'After the quick trips');
    await waitFor(tab, `return !h.testid('pending-count')`, { what: 'the write delivered' });
  });

  it('delivers a write made offline once, when the page hears it is online again', async () => {
    await openNotebook(tab, notebookId, 'Field notes');
    await waitFor(tab, `return h.testid('sync-status')?.dataset.status === 'idle'`, {
      what: 'a settled notebook page',
    });
    const title = 'Written offline, page open';
    const backOnline = await goOffline();
    try {
      await writeEntry(tab, title);
      await waitFor(tab, pendingText, { what: 'the write shown pending' });
      // Offline, the page waits for the network rather than retrying on a timer.
      await waitFor(tab, `return h.testid('sync-status')?.dataset.status === 'offline'`, {
        what: 'the page saying it is offline',
      });
      assert.equal(await tab.run(`return navigator.onLine`), false);
    } finally {
      await backOnline();
    }
    await waitFor(tab, `return !h.testid('pending-count')`, {
      what: 'the write delivered once online',
    });
    assert.equal(await countOnServer(tab, notebookId, title), 1);
  });

  it('delivers a write left by a browser that was closed, once, after it starts again', async (t) => {
    if (!engine.restart) {
      t.skip(
        'the driver gives this browser no profile that survives a restart (WebKitWebDriver runs MiniBrowser with ephemeral website data)',
      );
      return;
    }
    await openNotebook(tab, notebookId, 'Field notes');
    const title = 'Written before the browser closed';
    await withServerDown(async () => {
      await writeEntry(tab, title);
      await waitFor(tab, pendingText, { what: 'the write shown pending' });
      await engine.restart!();
    });
    profile = await engine.newProfile();
    tab = await profile.newTab();
    await tab.goto(`/notebooks/${notebookId}`);
    await waitFor(tab, deliveredScript, {
      args: [notebookId, title],
      what: 'the write delivered after the restart',
      timeoutMs: 20_000,
    });
    assert.equal(await countOnServer(tab, notebookId, title), 1);
  });
}
