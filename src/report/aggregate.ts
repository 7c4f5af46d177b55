/**
 * Runs of the same configuration under several seeds, combined: percentiles of the pooled per-exit
 * latencies (every exit of every seed in one sample), the mean over seeds for everything else, and
 * the spread of the per-seed values (min, max, sd) so a reader can tell a difference from noise.
 */
import {percentile} from '../engine/stats.ts';
import type {Metric} from './metrics.ts';
import type {PointResult} from './run-point.ts';

/** One metric over the seeds of a group. `value` is null when no run of the group has it. */
export interface MetricStat {
  readonly value: number | null;
  /** Spread of the per-seed values; equal to `value` for a single seed. */
  readonly min: number | null;
  readonly max: number | null;
  /** Sample standard deviation of the per-seed values (0 for one seed). */
  readonly sd: number | null;
  /** Runs that had the metric. */
  readonly runs: number;
}

/** A configuration (swept parameter values and policy) and its runs, one per seed. */
export interface Group {
  readonly params: Readonly<Record<string, number>>;
  readonly policy: string;
  readonly seeds: readonly number[];
  /** Exits behind the exit-latency percentiles (all seeds pooled). */
  readonly exits: number;
  /** Tasks behind the release-latency percentiles. */
  readonly releases: number;
  readonly metrics: Readonly<Record<string, MetricStat>>;
}

/** A run with the swept parameters that made it. */
export interface Run extends PointResult {
  readonly params: Readonly<Record<string, number>>;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function stat(metric: Metric, runs: readonly Run[]): MetricStat {
  const per: number[] = [];
  for (const r of runs) {
    const v = metric.read(r.summary, r.samples);
    if (v !== undefined) per.push(v);
  }
  if (per.length === 0) return {value: null, min: null, max: null, sd: null, runs: 0};
  const mean = per.reduce((a, b) => a + b, 0) / per.length;
  const sd = per.length > 1 ? Math.sqrt(per.reduce((a, v) => a + (v - mean) ** 2, 0) / (per.length - 1)) : 0;
  let value = mean;
  if (per.length === 1) {
    value = per[0]!;
  } else if (metric.pool && per.length === runs.length) {
    const pooled = runs.flatMap((r) => r.samples[metric.pool!.sample]).sort((a, b) => a - b);
    if (pooled.length > 0) value = percentile(pooled, metric.pool.p);
  }
  return {value: r3(value), min: r3(Math.min(...per)), max: r3(Math.max(...per)), sd: r3(sd), runs: per.length};
}

/** The canonical key of a configuration: parameter values in the grid's order, then the policy. */
export function groupKey(params: Readonly<Record<string, number>>, policy: string): string {
  return JSON.stringify([Object.entries(params), policy]);
}

/**
 * Groups runs by configuration, in the order configurations first appear, and aggregates each over
 * its seeds. Callers pass runs in grid order, so the output does not depend on which run finished first.
 */
export function aggregate(runs: readonly Run[], metrics: readonly Metric[]): Group[] {
  const byKey = new Map<string, Run[]>();
  for (const r of runs) {
    const key = groupKey(r.params, r.summary.policy);
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  return [...byKey.values()].map((list) => ({
    params: list[0]!.params,
    policy: list[0]!.summary.policy,
    seeds: list.map((r) => r.summary.seed),
    exits: list.reduce((n, r) => n + r.samples.exitMs.length, 0),
    releases: list.reduce((n, r) => n + r.samples.releaseMs.length, 0),
    metrics: Object.fromEntries(metrics.map((m) => [m.id, stat(m, list)])),
  }));
}

/** Whether the per-seed ranges of two groups overlap: with seeds this varied, a difference may be noise. */
export function overlaps(a: MetricStat, b: MetricStat): boolean {
  if (a.min === null || a.max === null || b.min === null || b.max === null) return false;
  return a.min <= b.max && b.min <= a.max;
}
