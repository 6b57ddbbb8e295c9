// Adds lockfile entries for rollup's native packages of other platforms when the registry in use
// does not serve them. npm then records nothing for them, and `npm ci` refuses the lockfile
// ("Missing: @rollup/rollup-… from lock file"). Entries with their os/cpu let `npm ci` skip them
// on this platform exactly as it would with a complete lockfile. Run after changing dependencies:
//   npm install && node scripts/lockfile-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const rollup = packages['node_modules/rollup'];
let added = 0;
for (const [name, version] of Object.entries(rollup?.optionalDependencies ?? {})) {
  if (!name.startsWith('@rollup/rollup-') || packages[`node_modules/${name}`]) continue;
  const [os, cpu, abi] = name.slice('@rollup/rollup-'.length).split('-');
  const entry = { version, cpu: [cpu], dev: true, license: 'MIT', optional: true, os: [os] };
  if (abi && /musl|gnu/.test(abi)) entry.libc = [abi.includes('musl') ? 'musl' : 'glibc'];
  packages[`node_modules/${name}`] = entry;
  added += 1;
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform entries`);
