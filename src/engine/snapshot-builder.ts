import type {Engine, SnapshotExtras} from './engine.ts';
import {NS_PER_MS, PAGE_SIZE} from './engine.ts';
import type {NodeSnapshot, Snapshot, TaskSnapshot} from './snapshot.ts';
import {percentile} from './stats.ts';

/** Tasks whose release latency the snapshot summarises (as many as recent exits). */
const RECENT_RELEASES = 64;

/** Builds the immutable view of the engine; called at frame rate, never per event. */
export function buildSnapshot(e: Engine, foreground: Snapshot['foreground'], extras: SnapshotExtras = {}): Snapshot {
  const now = e.nowNs;
  const tasks: TaskSnapshot[] = e.liveExits().map((p) => ({
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
    killedAtNs: p.startNs,
    elapsedMs: (now - p.startNs) / NS_PER_MS,
  }));
  const nodes: NodeSnapshot[] = e.wq.pools.map((pool) => ({
    node: pool.node,
    poolId: pool.id,
    cpus: pool.cpus.length,
    nrActive: pool.nrActive,
    maxActive: pool.maxActive,
    pending: pool.worklist + pool.inactive,
    kworkers: pool.workers
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
    worksRun: pool.worksRun,
    entriesFreed: pool.entriesFreed,
    entriesFreedPerSec: pool.entriesPerSec,
    cpuBusyPct: pool.busyPct,
  }));
  const cpus = Array.from({length: e.sched.count}, (_, cpu) => ({
    cpu,
    node: e.sched.nodeOf(cpu),
    capacity: e.sched.capacityOf(cpu),
    busyPct: e.cpuBusyPct[cpu] ?? 0,
    current: e.sched.current(cpu)?.comm ?? null,
  }));
  const recent = e.recentExitMs;
  const sorted = [...recent].sort((a, b) => a - b);
  const released = e.releaseNs.slice(-RECENT_RELEASES).map((ns) => ns / NS_PER_MS).sort((a, b) => a - b);
  const psiTotals = e.psi.totalsAt(now);
  const bytes = (pages: number): number => pages * PAGE_SIZE;
  return {
    source: 'sim',
    scenario: e.scenario,
    device: e.device.name,
    seed: e.seed,
    nowNs: now,
    params: e.params,
    exitingTasks: e.exitingTaskCount,
    tasks,
    exits: {
      recentMs: [...recent],
      p50Ms: sorted.length ? percentile(sorted, 50) : null,
      p99Ms: sorted.length ? percentile(sorted, 99) : null,
      releaseP50Ms: released.length ? percentile(released, 50) : null,
      releaseP99Ms: released.length ? percentile(released, 99) : null,
      kills: e.kills,
      exits: e.exitRecords.length,
    },
    gather: {
      cacheCount: e.cacheCount,
      maxCacheEntries: e.params.maxCacheEntries,
      entriesParked: e.entriesParked,
      zramBytesHeld: e.zramBytes(e.entriesParked),
      peak: e.cachePeak,
      flushes: {...e.flushes},
      workQueued: e.workQueued,
      workEmpty: e.workEmpty,
      asyncSwapCount: e.asyncSwapCount,
      allocFailures: {...e.allocFailures},
      history: [...e.cacheHistory],
    },
    nodes,
    cpus,
    memory: {
      totalBytes: bytes(e.totalPages),
      freeBytes: bytes(e.freePages),
      minBytes: bytes(e.minPages),
      lowBytes: bytes(e.lowPages),
      highBytes: bytes(e.highPages),
      zramBytes: e.zramBytes(),
      zramOrigBytes: bytes(e.zramPages),
      swapUsedBytes: bytes(e.zramPages),
      swapTotalBytes: bytes(e.swapTotalPages),
      nodes: [],
      ...extras.memory,
    },
    psi: {
      some: {...e.psi.some, total: Math.round(psiTotals.someNs / 1000)},
      full: {...e.psi.full, total: Math.round(psiTotals.fullNs / 1000)},
    },
    foreground,
    ...(extras.lmkd ? {lmkd: extras.lmkd} : {}),
    log: [...e.logView],
  };
}
