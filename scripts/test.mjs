// `npm test`: builds the app and server, runs the Vitest suite and the Playwright e2e suite, and
// ends with one line counting both: `N passed, N failed[, N skipped]`. Exits non-zero when any
// test failed or a runner could not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, 'test-results', 'summary');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const args = process.argv.slice(2);
const only = args.includes('--unit') ? 'unit' : args.includes('--e2e') ? 'e2e' : 'all';

const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return result.status ?? 1;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

if (run('npm', ['run', 'build']) !== 0) {
  console.error('The build failed; no tests ran.');
  broken = true;
}

if (!broken && only !== 'e2e') {
  const output = join(reports, 'vitest.json');
  const status = run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${output}`,
  ]);
  const report = readJson(output);
  if (report) {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  if (!report || (status !== 0 && report.numFailedTests === 0)) {
    console.error('Vitest did not complete (see above).');
    broken = true;
  }
}

if (!broken && only !== 'unit') {
  const output = join(reports, 'playwright.json');
  const status = run('npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: output });
  const report = existsSync(output) ? readJson(output) : undefined;
  if (report?.stats) {
    totals.passed += report.stats.expected + report.stats.flaky;
    totals.failed += report.stats.unexpected;
    totals.skipped += report.stats.skipped;
  }
  if (!report?.stats || (status !== 0 && report.stats.unexpected === 0)) {
    console.error('Playwright did not complete (see above).');
    broken = true;
  }
}

if (broken) totals.failed += 1;
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
