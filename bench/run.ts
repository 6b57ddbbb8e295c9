// `npm run bench`: runs every bench/*.bench.ts and prints one table — scenario, figure, baseline,
// ratio — plus the same rows as JSON in bench/results/latest.json.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bench, BenchRow } from './types';

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => !filter || name.includes(filter))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  const { bench } = (await import(join(dir, file))) as { bench: Bench };
  console.error(`running ${bench.name}…`);
  rows.push(...(await bench.run()));
}

const format = (value: number, unit: string) =>
  `${value >= 100 ? value.toFixed(0) : value.toPrecision(3)} ${unit}`;
const table = rows.map((row) => ({
  scenario: row.scenario,
  figure: format(row.figure, row.unit),
  baseline: `${format(row.baseline, row.unit)} (${row.baselineName})`,
  ratio: row.baseline === 0 ? '—' : `${(row.figure / row.baseline).toFixed(2)}×`,
}));
const widths = (['scenario', 'figure', 'baseline', 'ratio'] as const).map((key) =>
  Math.max(key.length, ...table.map((row) => row[key].length)),
);
const line = (cells: string[]) =>
  cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ');
console.log(line(['scenario', 'figure', 'baseline', 'ratio']));
console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
for (const row of table) console.log(line([row.scenario, row.figure, row.baseline, row.ratio]));

mkdirSync(join(dir, 'results'), { recursive: true });
writeFileSync(join(dir, 'results', 'latest.json'), JSON.stringify(rows, null, 2));
