/**
 * The metrics of a run, defined once: name, unit, how to read it from a run's summary, which way is
 * better, and how runs of several seeds pool. This one table drives the compare and sweep tables,
 * CSV, markdown, JSON, the plots and `merge`; a field the summary gains later is one line here. A
 * metric a summary lacks reads as undefined and shows as n/a.
 */
import type {RunSamples} from './run-point.ts';
import type {Summary} from './summary.ts';

/** Which way is better; `none` for quantities that only move work around (CPU by context). */
export type Better = 'lower' | 'higher' | 'none';

/** How runs of several seeds combine: a percentile of the pooled per-exit sample, else the mean. */
export interface Pool {
  readonly sample: keyof RunSamples;
  /** Nearest-rank percentile, 0–100 (100 = the max). */
  readonly p: number;
}

export interface Metric {
  /** Column name in CSV, key in JSON: snake_case with its unit. */
  readonly id: string;
  /** Row label in tables (the unit is printed beside it). */
  readonly label: string;
  readonly unit: 'ms' | 'MB' | '%' | 'count' | 'avg10';
  /** Rows with the same group are printed together. */
  readonly group: string;
  readonly better: Better;
  readonly pool?: Pool;
  /** Part of the stacked CPU bars of the compare plot: CPU during camera launches, or over the run. */
  readonly stack?: 'launch' | 'run';
  /** Decimals in tables (CSV and JSON keep every digit). */
  readonly digits: number;
  readonly read: (s: Summary, x: RunSamples | undefined) => number | undefined;
}

/** A number at `path` in a summary, or undefined when any step is missing or not a number. */
export function at(s: unknown, ...path: string[]): number | undefined {
  let v: unknown = s;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Exits slower than this count as slow (issue 13). */
export const SLOW_EXIT_MS = 500;

const EXIT = 'exit latency (SIGKILL → do_task_dead)';
const RELEASE = 'release latency (SIGKILL → last swap entry freed)';
const CPU_RUN = 'CPU time over the run';
const CPU_LAUNCH = 'CPU during camera launches (share of all CPUs)';
const FG = 'foreground app (camera)';
const MEM = 'memory';
const PSI = 'PSI memory';
const LMKD = 'lmkd';
const SWAP = 'swap entries and the gather list';

const pct = (sample: keyof RunSamples, p: number, label: string, group: string, read: (s: Summary) => number | undefined): Metric => ({
  id: `${sample === 'exitMs' ? 'exit' : 'release'}_${p === 100 ? 'max' : `p${p}`}_ms`,
  label,
  unit: 'ms',
  group,
  better: 'lower',
  pool: {sample, p},
  digits: 1,
  read,
});

const launchCpu = (key: string, label: string): Metric => ({
  id: `launch_cpu_${label.replace(/\W+/g, '_')}_pct`,
  label,
  unit: '%',
  group: CPU_LAUNCH,
  better: 'none',
  stack: 'launch',
  digits: 1,
  read: (s) => at(s, 'foreground', 'launchCpuPct', key),
});

/** Slow exits: the summary's count once it has one, else counted from the per-exit sample. */
function slowExits(s: Summary, x: RunSamples | undefined): number | undefined {
  const own = at(s, 'slowExits') ?? at(s, 'slowExits', 'count');
  if (own !== undefined) return own;
  return x ? x.exitMs.filter((ms) => ms > SLOW_EXIT_MS).length : undefined;
}

export const METRICS: readonly Metric[] = [
  pct('exitMs', 50, 'exit p50', EXIT, (s) => at(s, 'exitMs', 'p50')),
  pct('exitMs', 95, 'exit p95', EXIT, (s) => at(s, 'exitMs', 'p95')),
  pct('exitMs', 99, 'exit p99', EXIT, (s) => at(s, 'exitMs', 'p99')),
  pct('exitMs', 100, 'exit max', EXIT, (s) => at(s, 'exitMs', 'max')),
  {id: 'slow_exits', label: `exits > ${SLOW_EXIT_MS} ms`, unit: 'count', group: EXIT, better: 'lower', digits: 1, read: slowExits},
  pct('releaseMs', 50, 'release p50', RELEASE, (s) => at(s, 'releaseMs', 'p50')),
  pct('releaseMs', 99, 'release p99', RELEASE, (s) => at(s, 'releaseMs', 'p99')),
  pct('releaseMs', 100, 'release max', RELEASE, (s) => at(s, 'releaseMs', 'max')),

  {id: 'cpu_exiting_ms', label: 'exiting tasks', unit: 'ms', group: CPU_RUN, better: 'none', stack: 'run', digits: 0, read: (s) => at(s, 'cpuMs', 'exitingTasks')},
  {id: 'cpu_kworkers_ms', label: 'kworkers', unit: 'ms', group: CPU_RUN, better: 'none', stack: 'run', digits: 0, read: (s) => at(s, 'cpuMs', 'kworkers')},
  {id: 'cpu_reapers_ms', label: 'reapers', unit: 'ms', group: CPU_RUN, better: 'none', stack: 'run', digits: 0, read: (s) => at(s, 'cpuMs', 'reaper') ?? at(s, 'cpuMs', 'reapers')},
  {id: 'cpu_kswapd_ms', label: 'kswapd', unit: 'ms', group: CPU_RUN, better: 'none', stack: 'run', digits: 0, read: (s) => at(s, 'cpuMs', 'kswapd')},
  {id: 'cpu_foreground_ms', label: 'foreground', unit: 'ms', group: CPU_RUN, better: 'none', stack: 'run', digits: 0, read: (s) => at(s, 'cpuMs', 'foreground')},
  {id: 'cpu_services_ms', label: 'services', unit: 'ms', group: CPU_RUN, better: 'none', stack: 'run', digits: 0, read: (s) => at(s, 'cpuMs', 'services')},
  {id: 'cpu_peak_pct', label: 'busiest second, all CPUs', unit: '%', group: CPU_RUN, better: 'lower', digits: 1, read: (s) => at(s, 'cpuPeakPct')},

  launchCpu('exitingTasks', 'exiting tasks'),
  launchCpu('kworkers', 'kworkers'),
  launchCpu('lmkd', 'lmkd and reapers'),
  launchCpu('kswapd', 'kswapd'),
  launchCpu('camera', 'foreground'),
  launchCpu('services', 'services'),
  launchCpu('idle', 'idle'),

  {id: 'launch_p50_ms', label: 'launch p50', unit: 'ms', group: FG, better: 'lower', digits: 1, read: (s) => at(s, 'foreground', 'launchMs', 'p50')},
  {id: 'launch_max_ms', label: 'launch max', unit: 'ms', group: FG, better: 'lower', digits: 1, read: (s) => at(s, 'foreground', 'launchMs', 'max')},
  {id: 'frames', label: 'frames', unit: 'count', group: FG, better: 'higher', digits: 1, read: (s) => at(s, 'foreground', 'frames')},
  {id: 'frames_late', label: 'late frames', unit: 'count', group: FG, better: 'lower', digits: 1, read: (s) => at(s, 'foreground', 'framesLate')},
  {id: 'frames_late_cpu', label: 'late frames: CPU', unit: 'count', group: FG, better: 'lower', digits: 1, read: (s) => at(s, 'foreground', 'lateForCpu')},
  {id: 'frames_late_memory', label: 'late frames: memory', unit: 'count', group: FG, better: 'lower', digits: 1, read: (s) => at(s, 'foreground', 'lateForMemory')},

  {id: 'zram_held_peak_mb', label: 'zram held by parked entries, peak', unit: 'MB', group: MEM, better: 'lower', digits: 1, read: (s) => at(s, 'memory', 'zramHeldByGatherPeakMB')},
  {id: 'free_min_mb', label: 'lowest free memory', unit: 'MB', group: MEM, better: 'higher', digits: 0, read: (s) => at(s, 'memory', 'freeMinMB')},
  {id: 'zram_peak_mb', label: 'zram peak', unit: 'MB', group: MEM, better: 'none', digits: 0, read: (s) => at(s, 'memory', 'zramPeakMB')},

  {id: 'psi_some_ms', label: 'some, total', unit: 'ms', group: PSI, better: 'lower', digits: 0, read: (s) => at(s, 'psi', 'someTotalMs')},
  {id: 'psi_full_ms', label: 'full, total', unit: 'ms', group: PSI, better: 'lower', digits: 0, read: (s) => at(s, 'psi', 'fullTotalMs')},
  {id: 'psi_some_avg10_max', label: 'some avg10, peak', unit: 'avg10', group: PSI, better: 'lower', digits: 2, read: (s) => at(s, 'psi', 'someAvg10Max')},
  {id: 'psi_full_avg10_max', label: 'full avg10, peak', unit: 'avg10', group: PSI, better: 'lower', digits: 2, read: (s) => at(s, 'psi', 'fullAvg10Max')},

  {id: 'kills', label: 'kills (all)', unit: 'count', group: LMKD, better: 'none', digits: 1, read: (s) => at(s, 'kills')},
  {id: 'lmkd_kills', label: 'lmkd kills', unit: 'count', group: LMKD, better: 'lower', digits: 1, read: (s) => at(s, 'lmkd', 'kills')},

  {id: 'freed_sync', label: 'freed inline', unit: 'count', group: SWAP, better: 'none', digits: 0, read: (s) => at(s, 'swap', 'freedSync')},
  {id: 'freed_async', label: 'freed by kworkers', unit: 'count', group: SWAP, better: 'none', digits: 0, read: (s) => at(s, 'swap', 'freedAsync')},
  {id: 'pending', label: 'still parked at the end', unit: 'count', group: SWAP, better: 'lower', digits: 0, read: (s) => at(s, 'swap', 'pending')},
  {id: 'cache_peak', label: 'cache_count peak', unit: 'count', group: SWAP, better: 'none', digits: 0, read: (s) => at(s, 'cache', 'peak')},
  {id: 'works_queued', label: 'works queued', unit: 'count', group: SWAP, better: 'none', digits: 0, read: (s) => at(s, 'cache', 'workQueued')},
  {id: 'works_empty', label: 'works that found the list empty', unit: 'count', group: SWAP, better: 'lower', digits: 0, read: (s) => at(s, 'cache', 'workEmpty')},
  {id: 'forced_flushes', label: 'forced flushes (OOM path, manual)', unit: 'count', group: SWAP, better: 'none', digits: 0, read: (s) => at(s, 'cache', 'forcedFlushes')},
];

/**
 * Metrics whose names come from the data: lmkd's kills by reason (`killsByReason`), one per reason
 * any of the runs saw, after the static table, in sorted order (so files do not depend on which run
 * came first).
 */
function dynamicMetrics(summaries: readonly Summary[]): Metric[] {
  const reasons = new Set<string>();
  for (const s of summaries) {
    const byReason = (s.lmkd as {killsByReason?: unknown} | undefined)?.killsByReason;
    if (byReason && typeof byReason === 'object') for (const k of Object.keys(byReason)) reasons.add(k);
  }
  return [...reasons].sort().map((reason) => ({
    id: `lmkd_kills_${reason.toLowerCase().replace(/\W+/g, '_')}`,
    label: `lmkd kills: ${reason}`,
    unit: 'count' as const,
    group: LMKD,
    better: 'none' as const,
    digits: 1,
    // A run that never killed for this reason killed 0 times for it, when it reports reasons at all.
    read: (s: Summary) => at(s, 'lmkd', 'killsByReason', reason) ?? (at(s, 'lmkd', 'kills') !== undefined ? 0 : undefined),
  }));
}

/** The metrics for these runs: the static table, then lmkd's reasons, in table order (groups kept together). */
export function metricsFor(summaries: readonly Summary[]): Metric[] {
  const all = [...METRICS, ...dynamicMetrics(summaries)];
  const groups = [...new Set(all.map((m) => m.group))];
  return groups.flatMap((g) => all.filter((m) => m.group === g));
}

/** Every static metric id, for `--metrics` and error messages. */
export const METRIC_IDS: readonly string[] = METRICS.map((m) => m.id);
