/**
 * What compare, sweep and merge share: the output format flags, seeds and jobs, and running a list
 * of points (on this thread and, when there are several, on a worker pool beside it) with the progress bar.
 */
import {UsageError} from '../errors.ts';
import type {RunOptions} from '../run-config.ts';
import {resolveRun} from '../run-config.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import {parseSeeds} from './grid.ts';
import {METRIC_IDS, metricsFor, type Metric} from './metrics.ts';
import {defaultJobs, runTasks} from './pool.ts';
import {createProgress} from './progress.ts';
import {runPoint, type PointResult} from './run-point.ts';
import type {PointTask} from './sweep-worker.ts';
import type {Summary} from './summary.ts';

export type Format = 'text' | 'json' | 'csv' | 'markdown';

type Flags = Record<string, unknown>;

/** `--json`, `--csv`, `--markdown`: at most one. */
export function outputFormat(o: Flags): Format {
  const chosen = (['json', 'csv', 'markdown'] as const).filter((f) => o[f] === true);
  if (chosen.length > 1) throw new UsageError(`choose one of --json, --csv, --markdown (got ${chosen.map((c) => `--${c}`).join(' and ')})`);
  return chosen[0] ?? 'text';
}

/** `--seeds LIST` or `--seed N` (not both); null when neither was given (the scenario's seed). */
export function seedsOption(o: Flags): number[] | null {
  if (o.seeds !== undefined && o.seed !== undefined) throw new UsageError('give --seed N or --seeds LIST, not both');
  if (o.seeds !== undefined) return parseSeeds(o.seeds as string);
  return null;
}

/** `--jobs N`: worker threads, default every core. */
export function jobsOption(o: Flags): number {
  if (o.jobs === undefined) return defaultJobs();
  const raw = String(o.jobs);
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 1024) throw new UsageError(`invalid --jobs '${raw}': expected a whole number of threads from 1 to 1024`);
  return n;
}

/** `--metrics a,b` (or `--plot-metrics`): ids from the metric table; unknown ones list the valid ones. */
export function metricsOption(flag: string, raw: string | undefined, summaries: readonly Summary[], fallback: readonly string[]): Metric[] {
  const all = metricsFor(summaries);
  const ids = raw === undefined ? fallback : raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (raw !== undefined && ids.length === 0) throw new UsageError(`${flag} needs at least one metric: ${METRIC_IDS.join(', ')}`);
  return ids.map((id) => {
    const m = all.find((x) => x.id === id);
    if (!m) throw new UsageError(`unknown metric '${id}' in ${flag}: choose ${all.map((x) => x.id).join(', ')}`);
    return m;
  });
}

/** Checks the names in `--metrics` before any run starts (the dynamic lmkd reasons are accepted by shape). */
export function checkMetricNames(flag: string, raw: string | undefined): void {
  if (raw === undefined) return;
  for (const id of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!METRIC_IDS.includes(id) && !/^lmkd_kills_\w+$/.test(id)) throw new UsageError(`unknown metric '${id}' in ${flag}: choose ${METRIC_IDS.join(', ')}`);
  }
}

/**
 * ASWAP_SPAWN_AFTER: how many times its first point the work left must be before worker threads
 * join (src/report/pool.ts; default SPAWN_AFTER_COLD_POINTS, 0 starts every worker at once).
 */
export function spawnAfterFromEnv(raw = process.env.ASWAP_SPAWN_AFTER): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`ASWAP_SPAWN_AFTER must be a number ≥ 0 (got '${raw}')`);
  return n;
}

/** Runs points and returns their results in task order; progress on a terminal's stderr only. */
export async function runAll(tasks: readonly PointTask[], jobs: number, onResult?: (i: number, r: PointResult) => void): Promise<PointResult[]> {
  const spawnAfter = spawnAfterFromEnv();
  const results: PointResult[] = new Array<PointResult>(tasks.length);
  const progress = createProgress(tasks.length);
  const done = (i: number, r: PointResult): void => {
    results[i] = r;
    onResult?.(i, r);
    progress.tick();
  };
  try {
    await runTasks(tasks, jobs, done, (t) => runPoint(resolveRun(t.options), t.policy as PolicyName), spawnAfter === undefined ? {} : {spawnAfter});
  } finally {
    progress.done();
  }
  return results;
}

/** The options of one point: the base options with its policy and seed. */
export function pointOptions(base: RunOptions, seed: number, set: readonly string[] = []): RunOptions {
  return {...base, seed, set: [...(base.set ?? []), ...set]};
}
