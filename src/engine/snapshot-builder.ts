import type {Scheduler} from './cpu.ts';
import type {ExitPath} from './exit.ts';
import type {LogEntry} from './log.ts';
import type {Memory} from './memory.ts';
import type {Psi} from './psi.ts';
import type {SwapGatherCache} from './release/gather-cache.ts';
import type {Counter} from './release/types.ts';
import type {NodeSnapshot, Params, Snapshot, TaskSnapshot} from './snapshot.ts';
import {percentile} from './stats.ts';
import {NS_PER_MS, PAGE_SIZE} from './units.ts';
import type {WorkerPools} from './worker-pools.ts';

/** Tasks whose release latency the snapshot summarises (as many as recent exits). */
const RECENT_RELEASES = 64;

/** Everything the snapshot is built from. */
export interface SnapshotInputs {
  readonly scenario: string;
  readonly workload: string | undefined;
  readonly device: string;
  readonly seed: number;
  readonly nowNs: number;
  readonly params: Params;
  readonly exit: ExitPath;
  readonly sched: Scheduler;
  readonly pools: WorkerPools;
  readonly mem: Memory;
  readonly psi: Psi;
  /** v0's list and counters (it exists from boot). */
  readonly v0: SwapGatherCache;
  readonly cpuBusyPct: readonly number[];
  readonly counters: readonly Counter[];
  readonly foreground: Snapshot['foreground'];
  /** What the workload adds (memory breakdown, lmkd). */
  readonly extras: {readonly memory?: Partial<Snapshot['memory']>; readonly lmkd?: Snapshot['lmkd']};
  readonly log: readonly LogEntry[];
}

/** Builds the immutable view of the engine; called at frame rate, never per event. */
export function buildSnapshot(e: SnapshotInputs): Snapshot {
  const now = e.nowNs;
  const tasks: TaskSnapshot[] = e.exit.liveExits().map((p) => ({
    pid: p.pid,
    comm: p.comm,
    oomScoreAdj: p.oomScoreAdj,
    state: p.state === 'munmap' ? 'munmap' : p.state === 'killed' ? 'killed' : 'do_exit',
    running: p.thread.cpu >= 0,
    cpu: p.thread.cpu >= 0 ? p.thread.cpu : null,
    swapEntriesAtKill: p.entriesAtKill,
    swapEntriesLeft: p.mm.swapents,
    freedSync: p.freedSync,
    gathered: p.gathered,
    rssPagesLeft: p.mm.rss,
    reaped: p.reaped,
    ptlSpin: e.exit.spinning(p),
    killedAtNs: p.startNs,
    elapsedMs: (now - p.startNs) / NS_PER_MS,
  }));
  const cpus = Array.from({length: e.sched.count}, (_, cpu) => ({
    cpu,
    node: e.sched.nodeOf(cpu),
    capacity: e.sched.capacityOf(cpu),
    busyPct: e.cpuBusyPct[cpu] ?? 0,
    current: e.sched.current(cpu)?.comm ?? null,
  }));
  const recent = e.exit.recentExitMs;
  const sorted = [...recent].sort((a, b) => a - b);
  const released = e.exit.releaseNs.slice(-RECENT_RELEASES).map((ns) => ns / NS_PER_MS).sort((a, b) => a - b);
  const psiTotals = e.psi.totalsAt(now);
  const bytes = (pages: number): number => pages * PAGE_SIZE;
  const v0 = e.v0;
  return {
    source: 'sim',
    scenario: e.scenario,
    ...(e.workload !== undefined ? {workload: e.workload} : {}),
    device: e.device,
    seed: e.seed,
    nowNs: now,
    params: e.params,
    exitingTasks: e.exit.exitingTaskCount,
    tasks,
    exits: {
      recentMs: [...recent],
      p50Ms: sorted.length ? percentile(sorted, 50) : null,
      p99Ms: sorted.length ? percentile(sorted, 99) : null,
      releaseP50Ms: released.length ? percentile(released, 50) : null,
      releaseP99Ms: released.length ? percentile(released, 99) : null,
      kills: e.exit.kills,
      exits: e.exit.exitRecords.length,
    },
    gather: {
      cacheCount: v0.cacheCount,
      maxCacheEntries: e.params.maxCacheEntries,
      entriesParked: v0.entries,
      zramBytesHeld: e.mem.zramBytes(v0.entries),
      peak: v0.cachePeak,
      flushes: {...v0.flushes},
      workQueued: v0.workQueued,
      workEmpty: v0.workEmpty,
      asyncSwapCount: v0.asyncSwapCount,
      allocFailures: {...v0.allocFailures},
      history: [...v0.history],
    },
    release: {policy: e.params.policy, counters: e.counters},
    nodes: nodeSnapshots(e, now),
    cpus,
    memory: {
      totalBytes: bytes(e.mem.totalPages),
      freeBytes: bytes(e.mem.freePages),
      minBytes: bytes(e.mem.minPages),
      lowBytes: bytes(e.mem.lowPages),
      highBytes: bytes(e.mem.highPages),
      zramBytes: e.mem.zramBytes(),
      zramOrigBytes: bytes(e.mem.zramPages),
      swapUsedBytes: bytes(e.mem.swapUsedPages),
      swapTotalBytes: bytes(e.mem.swapTotalPages),
      nodes: [],
      ...e.extras.memory,
    },
    psi: {
      some: {...e.psi.some, total: Math.round(psiTotals.someNs / 1000)},
      full: {...e.psi.full, total: Math.round(psiTotals.fullNs / 1000)},
    },
    foreground: e.foreground,
    ...(e.extras.lmkd ? {lmkd: e.extras.lmkd} : {}),
    log: [...e.log],
  };
}

/**
 * One entry per NUMA node: its HIGHPRI unbound pool (id, nr_active/max_active of the first
 * workqueue on it, async_swap_free), the kworkers of every unbound pool of the node, and every
 * workqueue's pool_workqueue there.
 */
function nodeSnapshots(e: SnapshotInputs, now: number): NodeSnapshot[] {
  const main = e.pools.pools.filter((p) => p.highpri);
  return main.map((pool) => {
    const pools = e.pools.pools.filter((p) => p.node === pool.node);
    return {
      node: pool.node,
      poolId: pool.id,
      poolIds: pools.filter((p) => p === pool || p.workers.some((w) => !w.dead)).map((p) => p.id).sort((a, b) => a - b),
      cpus: pool.cpus.length,
      nrActive: pool.nrActive,
      maxActive: pool.maxActive,
      pending: pool.worklist + pool.inactive,
      kworkers: pools.flatMap((p) =>
        p.workers
          .filter((w) => !w.dead)
          .map((w) => ({
            name: w.name,
            busy: w.busy || w.state === 'waking',
            running: w.thread.cpu >= 0,
            cpu: w.thread.cpu >= 0 ? w.thread.cpu : null,
            worksRun: w.worksRun,
            entriesFreed: w.entriesFreed,
            cpuMs: e.sched.cpuNsOf(w.thread, now) / NS_PER_MS,
          })),
      ),
      worksRun: pools.reduce((n, p) => n + p.worksRun, 0),
      entriesFreed: pools.reduce((n, p) => n + p.entriesFreed, 0),
      entriesFreedPerSec: pools.reduce((n, p) => n + p.entriesPerSec, 0),
      cpuBusyPct: pools.reduce((n, p) => n + p.busyPct, 0),
      workqueues: pools.flatMap((p) => p.pwqs.map((q) => ({name: q.wq.name, nrActive: q.nrActive, maxActive: q.maxActive, pending: q.queued + q.inactive}))),
    };
  });
}
