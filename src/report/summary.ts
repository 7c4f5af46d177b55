import type {Engine, ExitRecord} from '../engine/engine.ts';
import {NS_PER_MS, NS_PER_S, PAGE_SIZE} from '../engine/engine.ts';
import {percentile, percentiles, type Percentiles} from '../engine/stats.ts';
import type {RunSpec} from '../run-config.ts';

/** One exit, as `exitsDetail` lists it (docs/summary.md). */
export interface ExitDetail {
  readonly pid: number;
  readonly comm: string;
  readonly oomScoreAdj: number;
  /** lmkd's kill reason (LOW_MEM_AND_SWAP, …), `oom-kill`, another killer's reason, or '' (munmap). */
  readonly killReason: string;
  readonly killedAtMs: number;
  /** SIGKILL → do_task_dead. */
  readonly exitMs: number;
  /** SIGKILL → the last of its swap entries freed; null while parked entries are left, and for a task that had none. */
  readonly releaseMs: number | null;
  readonly swapEntriesAtKill: number;
  readonly swappedMB: number;
  /** exiting_task_count when it entered do_exit (itself excluded). */
  readonly concurrentExits: number;
  /** The CPU cluster it spent most of its exit on (null: it never ran). */
  readonly cpuType: string | null;
}

/** Exits slower than SLOW_EXIT_MS. */
export interface SlowExits {
  readonly thresholdMs: number;
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** An exit slower than this is slow (the camera case's bad exits: MODEL.md §5). */
export const SLOW_EXIT_MS = 500;

/** The headless contract: what `aswap run --json` prints. */
export interface Summary {
  readonly scenario: string;
  /** The scenario's workload kind (android, kill-burst, numa-server, munmap): it names what ends a task. */
  readonly workload: string;
  readonly policy: string;
  readonly device: string;
  readonly seed: number;
  readonly simSeconds: number;
  readonly kills: number;
  readonly exits: number;
  readonly exitMs: Percentiles;
  readonly releaseMs: Percentiles;
  readonly swap: {readonly entriesAtKill: number; readonly freedSync: number; readonly freedAsync: number; readonly pending: number};
  readonly cache: {
    readonly peak: number;
    readonly flushes: number;
    readonly forcedFlushes: number;
    readonly workQueued: number;
    readonly workEmpty: number;
    readonly allocFailures: number;
    readonly asyncSwapCount: number;
  };
  readonly kworkers: readonly {readonly node: number; readonly workers: number; readonly busyMs: number; readonly worksRun: number; readonly entriesFreed: number}[];
  readonly cpuMs: {readonly exitingTasks: number; readonly kworkers: number; readonly reaper: number};
  readonly psi: {readonly someTotalMs: number; readonly fullTotalMs: number; readonly someAvg10Max: number; readonly fullAvg10Max: number};
  /** Where the exiting tasks' own CPU work went (tasks with swap entries at the kill): free_swap_and_cache_nr's share, and zram's share of that. */
  readonly exitCost: {readonly freeSwapPct: number; readonly zramPctOfFreeSwap: number};
  readonly memory: {readonly freeMinMB: number; readonly zramPeakMB: number; readonly zramHeldByGatherPeakMB: number};
  readonly zapMs?: {readonly mean: number; readonly max: number};
  readonly slowExits: SlowExits;
  readonly exitsDetail: readonly ExitDetail[];
  readonly engine: {readonly events: number; readonly wallMs: number};
  /** Sections the workload adds (foreground, lmkd). */
  readonly [section: string]: unknown;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const ms = (ns: number): number => r3(ns / NS_PER_MS);
const MB = 1024 * 1024;

/** Summarises a finished run. `wallMs` is measured by the caller (the engine has no clock). */
export function summarize(engine: Engine, spec: RunSpec, wallMs: number): Summary {
  const records = engine.exitRecords;
  const killed = records.filter((r) => r.killed);
  const exitSample = (spec.scenario.workload === 'munmap' ? records : killed).map((r) => (r.deadNs - r.startNs) / NS_PER_MS);
  const pending = engine.totalEntriesAtKill - engine.totalFreedSync - engine.totalFreedAsync;
  let taskCpuNs = engine.doneTaskCpuNs;
  for (const p of engine.liveExits()) taskCpuNs += engine.sched.cpuNsOf(p.thread, engine.nowNs);
  const kworkers = engine.wq.pools.map((pool) => ({
    node: pool.node,
    workers: pool.workers.length,
    busyMs: ms(pool.workers.reduce((n, w) => n + engine.sched.cpuNsOf(w.thread, engine.nowNs), 0)),
    worksRun: pool.worksRun,
    entriesFreed: pool.entriesFreed,
  }));
  // The breakdown of exits of tasks that had something in swap (MODEL.md §5 measures such exits;
  // a task with nothing swapped, the camera closing, would only dilute it).
  const swapped = records.filter((r) => r.entriesAtKill > 0);
  const exitWork = swapped.reduce((n, r) => n + r.exitWork, 0);
  const freeWork = swapped.reduce((n, r) => n + r.freeSwapWork, 0);
  const zramWork = swapped.reduce((n, r) => n + r.zramWork, 0);
  const psi = engine.psi.totalsAt(engine.nowNs);
  const summary: Summary = {
    scenario: spec.scenario.name,
    workload: spec.scenario.workload,
    policy: engine.params.policy,
    device: spec.device.name,
    seed: spec.seed,
    simSeconds: r3(engine.nowNs / NS_PER_S),
    kills: engine.kills,
    exits: records.length,
    exitMs: percentiles(exitSample),
    releaseMs: percentiles(engine.releaseNs.map((ns) => ns / NS_PER_MS)),
    swap: {entriesAtKill: engine.totalEntriesAtKill, freedSync: engine.totalFreedSync, freedAsync: engine.totalFreedAsync, pending},
    cache: {
      peak: engine.cachePeak,
      flushes: engine.flushes.threshold + engine.flushes.oom + engine.flushes.manual,
      forcedFlushes: engine.flushes.oom + engine.flushes.manual,
      workQueued: engine.workQueued,
      workEmpty: engine.workEmpty,
      allocFailures: engine.allocFailures.node + engine.allocFailures.work,
      asyncSwapCount: engine.asyncSwapCount,
    },
    kworkers,
    cpuMs: {
      exitingTasks: ms(taskCpuNs),
      kworkers: r3(kworkers.reduce((n, k) => n + k.busyMs, 0)),
      reaper: ms(engine.reaperCpuNs()),
    },
    psi: {
      someTotalMs: ms(psi.someNs),
      fullTotalMs: ms(psi.fullNs),
      someAvg10Max: r3(engine.psi.someAvg10Max),
      fullAvg10Max: r3(engine.psi.fullAvg10Max),
    },
    exitCost: {
      freeSwapPct: exitWork > 0 ? r3((100 * freeWork) / exitWork) : 0,
      zramPctOfFreeSwap: freeWork > 0 ? r3((100 * zramWork) / freeWork) : 0,
    },
    memory: {
      freeMinMB: r3((engine.freeMinPages * 4096) / MB),
      zramPeakMB: r3(engine.zramBytes(engine.zramPeakPages) / MB),
      zramHeldByGatherPeakMB: r3(engine.zramBytes(engine.parkedPeak) / MB),
    },
    slowExits: slowExits(exitSample),
    exitsDetail: records.filter((r) => r.killed || spec.scenario.workload === 'munmap').map((r) => exitDetail(r)),
    engine: {events: engine.eventCount, wallMs: r3(wallMs)},
  };
  const extra = engine.workloadSummary();
  if (spec.scenario.workload !== 'munmap') return {...summary, ...extra};
  const zaps = records.map((r) => (r.zapDoneNs - r.startNs) / NS_PER_MS);
  const mean = zaps.length ? zaps.reduce((a, b) => a + b, 0) / zaps.length : 0;
  return {...summary, zapMs: {mean: r3(mean), max: r3(zaps.length ? Math.max(...zaps) : 0)}};
}

/** Exits over SLOW_EXIT_MS of a sample of exit latencies (ms). */
export function slowExits(exitMs: readonly number[]): SlowExits {
  const slow = exitMs.filter((x) => x > SLOW_EXIT_MS).sort((a, b) => a - b);
  const mean = slow.length ? slow.reduce((a, b) => a + b, 0) / slow.length : 0;
  return {thresholdMs: SLOW_EXIT_MS, count: slow.length, meanMs: r3(mean), p50Ms: r3(percentile(slow, 50)), p99Ms: r3(percentile(slow, 99))};
}

function exitDetail(r: ExitRecord): ExitDetail {
  let cpuType: string | null = null;
  let most = 0;
  for (const [name, ns] of Object.entries(r.cpuNsByCluster)) {
    if (ns > most) {
      most = ns;
      cpuType = name;
    }
  }
  return {
    pid: r.pid,
    comm: r.comm,
    oomScoreAdj: r.oomScoreAdj,
    killReason: r.killReason,
    killedAtMs: ms(r.startNs),
    exitMs: ms(r.deadNs - r.startNs),
    releaseMs: r.entriesAtKill > 0 && r.releasedNs >= 0 ? ms(r.releasedNs - r.startNs) : null,
    swapEntriesAtKill: r.entriesAtKill,
    swappedMB: r3((r.entriesAtKill * PAGE_SIZE) / MB),
    concurrentExits: r.exitingAtStart,
    cpuType,
  };
}
