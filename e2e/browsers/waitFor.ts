// Polls a script in the page until it returns something truthy, and fails with what was awaited.
import type { Tab } from './Engine';

export interface WaitOptions {
  timeoutMs?: number;
  what: string;
  args?: unknown[];
}

export async function waitFor<T = unknown>(
  tab: Tab,
  body: string,
  { timeoutMs = 15_000, what, args = [] }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await tab.run<T>(
        `const value = await (async () => {\n${body}\n})();\nreturn value instanceof Node ? true : value;`,
        ...args,
      );
      if (value) return value;
    } catch (error) {
      // A navigation in progress destroys the context the script ran in: try again.
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      const text = await tab
        .run<string>(`return location.pathname + ': ' + h.text()`)
        .catch(() => '?');
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${detail}; page: ${text.slice(0, 1200)}`,
      );
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}
