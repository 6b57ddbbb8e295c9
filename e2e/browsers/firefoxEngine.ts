// Firefox ESR driven by puppeteer-core over WebDriver BiDi (Playwright cannot drive Debian's
// Firefox: its BiDi channel fails on `emulation.setMediaFeaturesOverride`). One browser per
// suite; each profile is a BiDi user context, with cookies, IndexedDB, caches and service
// workers of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, {
  type Browser,
  type BrowserContext,
  type ElementHandle,
  type Page,
} from 'puppeteer-core';
import { EngineName, pageScript, type Engine, type Profile, type Tab } from './Engine';
import { PAGE_HELPERS } from './pageHelpers';

export const FIREFOX_EXECUTABLE = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';

class FirefoxTab implements Tab {
  constructor(
    private readonly page: Page,
    private readonly baseURL: string,
  ) {}

  async goto(path: string): Promise<void> {
    await this.page.goto(new URL(path, this.baseURL).href, { waitUntil: 'load' });
  }

  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'load' });
  }

  async run<T>(body: string, ...args: unknown[]): Promise<T> {
    const source = `(() => { ${pageScript(PAGE_HELPERS, body)} })()(${JSON.stringify(args)})`;
    return (await this.page.evaluate(source)) as T;
  }

  /** Clicks what `finder` returns, waiting up to 15 s for it (a page's code loads on demand). */
  async click(finder: string, ...args: unknown[]): Promise<void> {
    const source = `(() => { ${pageScript(PAGE_HELPERS, finder)} })()(${JSON.stringify(args)})`;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const handle = await this.page.evaluateHandle(source);
      const element = handle.asElement();
      if (element) {
        await (element as ElementHandle<Element>).click();
        await handle.dispose();
        return;
      }
      await handle.dispose();
      if (Date.now() > deadline) throw new Error(`nothing to click: ${finder}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await this.page.close();
  }

  /** WebDriver BiDi's `emulation.setNetworkConditions` (offline): the real thing for the tab. */
  async setOffline(offline: boolean): Promise<void> {
    await this.page.setOfflineMode(offline);
  }
}

class FirefoxProfile implements Profile {
  constructor(
    private readonly context: BrowserContext,
    private readonly baseURL: string,
    private readonly own: boolean,
  ) {}

  async newTab(): Promise<Tab> {
    return new FirefoxTab(await this.context.newPage(), this.baseURL);
  }

  async close(): Promise<void> {
    if (this.own) await this.context.close();
    else for (const page of await this.context.pages()) await page.close().catch(() => undefined);
  }
}

function launchBrowser(userDataDir: string): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_EXECUTABLE,
    headless: true,
    protocol: 'webDriverBiDi',
    // A profile directory of the suite's own, kept across restart().
    userDataDir,
    extraPrefsFirefox: {
      // The suite's server is plain http on 127.0.0.1, a secure context; keep workers allowed
      // and never ask about storage.
      'dom.serviceWorkers.enabled': true,
      'dom.storageManager.prompt.testing': true,
      'dom.storageManager.prompt.testing.allow': true,
    },
  });
}

export async function launchFirefox(baseURL: string): Promise<Engine> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'tideline-firefox-'));
  let browser = await launchBrowser(userDataDir);
  const version = await browser.version();
  let first = true;
  return {
    name: EngineName.Firefox,
    version,
    async restart() {
      await browser.close();
      browser = await launchBrowser(userDataDir);
      first = true;
    },
    async newProfile() {
      if (first) {
        first = false;
        return new FirefoxProfile(browser.defaultBrowserContext(), baseURL, false);
      }
      return new FirefoxProfile(await browser.createBrowserContext(), baseURL, true);
    },
    async close() {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
