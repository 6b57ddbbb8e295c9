// Where the Tideline checkout is, found from this module's own location so it is
// the same whether the server runs from source (server/, via tsx or vitest) or
// compiled (dist-server/server/), and whatever the working directory is.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest directory at or above `startDir` that holds a package.json. */
export function findRepoRoot(startDir: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = startDir;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json found at or above ${startDir}`);
    }
    dir = parent;
  }
}

/** The `version` field of the repo's package.json ('0.0.0' if it has none). */
export function readPackageVersion(root: string = findRepoRoot()): string {
  const pkg: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (typeof pkg === 'object' && pkg !== null && 'version' in pkg) {
    const { version } = pkg;
    if (typeof version === 'string' && version !== '') return version;
  }
  return '0.0.0';
}
