// `npm test`: builds the app and server, runs the Vitest suite, the Playwright e2e suite (Chromium)
// and the cross-browser suite (Firefox ESR and WebKitGTK, e2e/browsers/, node's test runner), and
// ends with one line counting all three: `N passed, N failed[, N skipped]`. Exits non-zero when
// any test failed or a runner could not run. `--unit`, `--e2e` and `--browsers` run one part.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, 'test-results', 'summary');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const args = process.argv.slice(2);
const only = args.includes('--unit')
  ? 'unit'
  : args.includes('--e2e')
    ? 'e2e'
    : args.includes('--browsers')
      ? 'browsers'
      : 'all';

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

if (!broken && (only === 'all' || only === 'unit')) {
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

if (!broken && (only === 'all' || only === 'e2e')) {
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

if (!broken && (only === 'all' || only === 'browsers')) {
  // Firefox and WebKit each run in a process of their own, side by side; the TAP report's
  // closing counts join the total.
  const output = join(reports, 'browsers.tap');
  const status = run('node', [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${output}`,
    'e2e/browsers/firefox.test.ts',
    'e2e/browsers/webkit.test.ts',
  ]);
  const tap = existsSync(output) ? readFileSync(output, 'utf8') : '';
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? NaN);
  const [passed, failed, cancelled, skipped, todo] = [
    'pass',
    'fail',
    'cancelled',
    'skipped',
    'todo',
  ].map(count);
  if (Number.isFinite(passed) && Number.isFinite(failed)) {
    totals.passed += passed;
    totals.failed += failed + (cancelled || 0);
    totals.skipped += (skipped || 0) + (todo || 0);
  }
  if (!Number.isFinite(passed) || (status !== 0 && !(failed > 0) && !(cancelled > 0))) {
    console.error('The cross-browser suite did not complete (see above).');
    broken = true;
  }
}

if (broken) totals.failed += 1;
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
