// What the cross-browser journey needs from a browser, whatever drives it: profiles (separate
// storage, as two people's browsers), tabs in them, and scripts run in a tab's page with the
// shadow-DOM helpers of pageHelpers.ts. firefoxEngine.ts (puppeteer-core over WebDriver BiDi)
// and webkitEngine.ts (selenium-webdriver over WebKitWebDriver) implement it.
export const EngineName = { Firefox: 'firefox', WebKit: 'webkit' } as const;
export type EngineName = (typeof EngineName)[keyof typeof EngineName];

export interface Tab {
  /** Navigates to `path` on the server (a full page load) and waits for the load event. */
  goto(path: string): Promise<void>;
  reload(): Promise<void>;
  /**
   * Runs `body` as the body of an async function in the page, with `h` (the page helpers) and
   * `args` in scope, and returns what it returns (JSON-like values only).
   */
  run<T>(body: string, ...args: unknown[]): Promise<T>;
  /** A real (trusted) click on the element `finder` (a script body returning it) finds. */
  click(finder: string, ...args: unknown[]): Promise<void>;
  close(): Promise<void>;
  /**
   * Takes the browser offline for this tab as the browser itself would be (`navigator.onLine`,
   * the `offline`/`online` events, every request failing), where the driver can; absent where
   * it cannot (the journey then stops the server and tells the page itself).
   */
  setOffline?(offline: boolean): Promise<void>;
}

export interface Profile {
  newTab(): Promise<Tab>;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  /** The browser's own version string, for the report. */
  readonly version: string;
  /** A profile with storage of its own; the first one is the engine's default profile. */
  newProfile(): Promise<Profile>;
  /**
   * Closes the whole browser and starts it again on the same profile directory, where the
   * driver allows a profile that persists; the profiles and tabs from before are gone, and the
   * next newProfile() is the default profile again. Absent where it does not.
   */
  restart?(): Promise<void>;
  close(): Promise<void>;
}

/** Wraps a body for run(): the helpers, then the body as an async function over `args`. */
export function pageScript(helpers: string, body: string): string {
  return `${helpers}\nreturn (async (args) => {\n${body}\n})`;
}
