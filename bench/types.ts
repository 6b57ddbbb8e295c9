// One row of `npm run bench`: a figure measured against a baseline from the same run.
export interface BenchRow {
  scenario: string;
  figure: number;
  baseline: number;
  unit: string;
  /** What the baseline is, e.g. "bare Lit page". */
  baselineName: string;
}

export interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
