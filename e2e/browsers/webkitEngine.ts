// WebKitGTK — Safari's engine — driven by selenium-webdriver through Debian's WebKitWebDriver,
// which starts MiniBrowser in automation mode under a virtual X display (xvfb-run). The driver
// serves one session at a time, so each profile has a driver of its own: a WebDriver session, a
// MiniBrowser with its own (ephemeral) website data; tabs are the session's windows.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Builder, type WebDriver, type WebElement } from 'selenium-webdriver';
import { freePort } from '../fixtures/server';
import { EngineName, pageScript, type Engine, type Profile, type Tab } from './Engine';
import { PAGE_HELPERS } from './pageHelpers';

/** Where Debian's webkit2gtk packages put MiniBrowser (4.1 is the libsoup 3 build). */
const MINIBROWSER_CANDIDATES = [
  process.env.MINIBROWSER_BIN,
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
];

export function miniBrowserPath(): string | undefined {
  return MINIBROWSER_CANDIDATES.find((path) => path !== undefined && existsSync(path));
}

const SCRIPT_TIMEOUT_MS = 30_000;

/**
 * WebKitTab.settle's page script: true once the page is a second old, has had no IndexedDB
 * transaction open or begun for 250 ms, and its next sync retry (the status bar's "Next try in
 * N s") is not due within a second; false after 5 s of waiting. The second covers what the count
 * cannot see: a page starting up has not yet installed the guard, and its sync worker's
 * transactions are the worker's own.
 */
const SETTLE_BODY = `const deadline = Date.now() + 5000;
  for (;;) {
    const activity = globalThis[Symbol.for('tideline.transactions')];
    const next = h.testid('next-try');
    const dueIn = next && next.dataset.at ? Number(next.dataset.at) - Date.now() : Infinity;
    const quiet = performance.now() >= 1000 && (!activity ||
      (activity.open === 0 && Date.now() - activity.lastStartedAt >= 250 && !(dueIn > -1000 && dueIn < 1000)));
    if (quiet) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }`;

class WebKitTab implements Tab {
  constructor(
    private readonly driver: WebDriver,
    private readonly handle: string,
    private readonly baseURL: string,
  ) {}

  private async focus(): Promise<void> {
    if ((await this.driver.getWindowHandle()) !== this.handle) {
      await this.driver.switchTo().window(this.handle);
    }
  }

  async goto(path: string): Promise<void> {
    await this.focus();
    await this.settle();
    await this.driver.get(new URL(path, this.baseURL).href);
  }

  async reload(): Promise<void> {
    await this.focus();
    await this.settle();
    await this.driver.navigate().refresh();
  }

  /**
   * Waits (up to 5 s) until the page's IndexedDB is quiet before it is left (SETTLE_BODY).
   * WebKit cannot end a transaction whose page froze before the database told it the
   * transaction had started (src/db/abortOnLeaving.ts): a page left within milliseconds of a
   * read — as a driver leaves a page that has just drawn its heading, or just as a retry begins —
   * would block the profile's storage. A person leaves later than that; so does the driver.
   */
  private async settle(): Promise<void> {
    await this.run(SETTLE_BODY).catch(() => undefined);
  }

  async run<T>(body: string, ...args: unknown[]): Promise<T> {
    await this.focus();
    const outcome = (await this.driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       const fn = (() => { ${pageScript(PAGE_HELPERS, body)} })();
       Promise.resolve().then(() => fn(${JSON.stringify(args)})).then(
         (value) => done({ value: value === undefined ? null : value }),
         (error) => done({ error: String(error) + (error && error.stack ? '\\n' + error.stack : '') }));`,
    )) as { value?: T; error?: string };
    if (outcome.error !== undefined) throw new Error(`in WebKit: ${outcome.error}`);
    return outcome.value as T;
  }

  /** Clicks what `finder` returns, waiting up to 15 s for it (a page's code loads on demand). */
  async click(finder: string, ...args: unknown[]): Promise<void> {
    await this.focus();
    const deadline = Date.now() + 15_000;
    for (;;) {
      const element = (await this.driver.executeScript(
        `const fn = (() => { ${pageScript(PAGE_HELPERS, finder)} })(); return fn(${JSON.stringify(args)});`,
      )) as WebElement | null;
      if (element) {
        await element.click();
        return;
      }
      if (Date.now() > deadline) throw new Error(`nothing to click: ${finder}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await this.focus();
    const handles = await this.driver.getAllWindowHandles();
    await this.driver.close();
    const rest = handles.filter((handle) => handle !== this.handle);
    if (rest[0]) await this.driver.switchTo().window(rest[0]);
  }
}

class WebKitProfile implements Profile {
  private used = false;

  constructor(
    private readonly driver: WebDriver,
    private readonly baseURL: string,
    private readonly end: () => Promise<void>,
  ) {}

  async newTab(): Promise<Tab> {
    if (!this.used) {
      this.used = true;
      return new WebKitTab(this.driver, await this.driver.getWindowHandle(), this.baseURL);
    }
    await this.driver.switchTo().newWindow('tab');
    return new WebKitTab(this.driver, await this.driver.getWindowHandle(), this.baseURL);
  }

  async close(): Promise<void> {
    await this.end();
  }
}

/** One WebKitWebDriver (it serves one session at a time) on its own virtual display. */
async function startDriver(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  // detached: xvfb-run, Xvfb, the driver and its MiniBrowser form one process group, ended together.
  const child: ChildProcess = spawn(
    'xvfb-run',
    ['-a', '-s', '-screen 0 1280x1024x24', 'WebKitWebDriver', `--port=${port}`],
    { stdio: 'ignore', detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/status`)).ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      stop();
      throw new Error('WebKitWebDriver did not start');
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

export async function launchWebKit(baseURL: string): Promise<Engine> {
  const binary = miniBrowserPath();
  if (!binary) throw new Error('MiniBrowser not found: install webkit2gtk-driver');
  const capabilities = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary, args: ['--automation'] },
  };
  const running: { driver: WebDriver; stop: () => void }[] = [];
  let version = '';
  return {
    name: EngineName.WebKit,
    get version() {
      return version;
    },
    async newProfile() {
      const server = await startDriver();
      const driver = await new Builder()
        .usingServer(server.url)
        .withCapabilities(capabilities)
        .build()
        .catch((error: unknown) => {
          server.stop();
          throw error;
        });
      await driver.manage().setTimeouts({ script: SCRIPT_TIMEOUT_MS, pageLoad: 30_000 });
      const caps = await driver.getCapabilities();
      version = `${String(caps.get('browserName'))} ${String(caps.get('browserVersion'))}`;
      const entry = { driver, stop: server.stop };
      running.push(entry);
      return new WebKitProfile(driver, baseURL, async () => {
        await driver.quit().catch(() => undefined);
        server.stop();
        running.splice(running.indexOf(entry), 1);
      });
    },
    async close() {
      for (const { driver, stop } of running.splice(0)) {
        await driver.quit().catch(() => undefined);
        stop();
      }
    },
  };
}
