// `npm run chaos -- --seeds N --steps M --first-seed S`: runs seeds S … S+N-1 of the chaos
// harness (e2e/chaos/harness.ts) one after another, building the app first if the build is older
// than its sources. A failing seed prints its step log and failures; the summary at the end
// counts runs, steps, faults injected by kind, mutations checked, lost, duplicated and diverged.
// Exit code 1 when any seed failed. Replay one seed: `npm run chaos -- --seeds 1 --first-seed S`.
// `--attachments` adds the attach step and the attachment invariants (a seed then runs other
// steps than without it).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../fixtures/browser';
import { ROOT } from '../fixtures/server';
import { FAULT_KINDS } from '../support/faultProxy';
import { runChaos, type ChaosResult } from './harness';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    steps: { type: 'string', default: '40' },
    'first-seed': { type: 'string', default: '1' },
    verbose: { type: 'boolean', default: false },
    attachments: { type: 'boolean', default: false },
  },
});
const seeds = Number(values.seeds);
const steps = Number(values.steps);
const firstSeed = Number(values['first-seed']);
for (const [name, value] of [
  ['--seeds', seeds],
  ['--steps', steps],
  ['--first-seed', firstSeed],
] as const) {
  if (!Number.isInteger(value) || value < (name === '--first-seed' ? 0 : 1)) {
    console.error(`chaos: ${name} must be a whole number`);
    process.exit(2);
  }
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const outputs = ['dist/index.html', 'dist/sw.js', 'dist-server/server/main.js'].map((p) =>
  join(ROOT, p),
);
const built = outputs.every(existsSync) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const sources = ['src', 'sw', 'server', 'public', 'index.html', 'vite.config.ts', 'package.json'];
if (built < Math.max(...sources.map((p) => newest(join(ROOT, p))))) {
  console.log('chaos: building Tideline…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const browser = await chromium.launch({
  executablePath: chromiumExecutable(),
  args: CHROMIUM_ARGS,
  // The runner stops between seeds on a signal; the browser must outlive the seed in progress.
  handleSIGINT: false,
  handleSIGTERM: false,
});
const results: ChaosResult[] = [];
// Ctrl-C (or SIGTERM) stops after the seed in progress and still prints the summary.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
  });
}
const started = Date.now();
try {
  for (let seed = firstSeed; seed < firstSeed + seeds && !interrupted; seed++) {
    const result = await runChaos(browser, seed, steps, {
      onLog: values.verbose ? (line) => console.log(`  . ${line}`) : undefined,
      attachments: values.attachments,
    });
    results.push(result);
    const verdict = result.failures.length === 0 ? 'ok' : 'FAILED';
    console.log(
      `seed ${seed}: ${verdict} (${(result.ms / 1000).toFixed(1)} s, ${result.mutations.checked} mutations)`,
    );
    if (result.failures.length > 0 || values.verbose) {
      console.log(
        `  replay: npm run chaos -- --seeds 1 --steps ${steps} --first-seed ${seed}${values.attachments ? ' --attachments' : ''}`,
      );
      for (const line of result.log) console.log(`  | ${line}`);
      for (const failure of result.failures) console.log(`  ✗ ${failure}`);
    }
  }
} finally {
  await browser.close();
}

const sum = (f: (r: ChaosResult) => number) => results.reduce((total, r) => total + f(r), 0);
const failed = results.filter((r) => r.failures.length > 0);
const flag = values.attachments ? ' --attachments' : '';
console.log(`
chaos summary: npm run chaos -- --seeds ${seeds} --steps ${steps} --first-seed ${firstSeed}${flag}
  runs: ${results.length}${interrupted ? ' (interrupted)' : ''} (${failed.length} failed${failed.length ? `: seeds ${failed.map((r) => r.seed).join(', ')}` : ''})
  steps: ${sum((r) => r.steps)}
  faults injected: ${FAULT_KINDS.map((k) => `${k} ${sum((r) => r.faults[k])}`).join(', ')}
  mutations checked: ${sum((r) => r.mutations.checked)} (applied ${sum((r) => r.mutations.applied)}, rejected with a reason ${sum((r) => r.mutations.rejected)})
  lost: ${sum((r) => r.lost)}, duplicated: ${sum((r) => r.duplicated)}, diverged: ${sum((r) => r.diverged)}
  attachments: ${sum((r) => r.attachments.attached)} attached, ${sum((r) => r.attachments.stored)} stored and verified, ${sum((r) => r.attachments.failed)} failed
  wall time: ${((Date.now() - started) / 60_000).toFixed(1)} min`);
process.exit(failed.length > 0 ? 1 : 0);
