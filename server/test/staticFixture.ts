// A tiny stand-in for Vite's output, for testing how the server serves the client.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTempDir } from './tempDir.js';

export const FIXTURE_FILES: Readonly<Record<string, string>> = {
  'index.html':
    '<!doctype html><title>Tideline</title><script type="module" src="/assets/app-abc123.js"></script>',
  'sw.js': 'self.addEventListener("install", () => {});',
  'workbox-4f3a2b1c.js': '/* workbox runtime */',
  'manifest.webmanifest': '{"name":"Tideline"}',
  'assets/app-abc123.js': 'console.log("app");',
  'icons/x.png': 'not really a png',
  'robots.txt': 'User-agent: *',
};

export function makeStaticDir(): string {
  const dir = makeTempDir('tideline-static-');
  for (const [path, content] of Object.entries(FIXTURE_FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
