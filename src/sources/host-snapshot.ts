/**
 * Turns successive host samples into Snapshots: counters straight from the kernel, rates from the
 * deltas between two polls. No I/O: HostSource reads, this computes, tests feed it samples.
 *
 * What a host cannot know is 0 (or empty), never guessed: the patch exports only
 * `exiting_tasks`, `cache_counts` and vmstat `async_swap_count`, so the gather list's entries and
 * zram bytes, the flush split (threshold / OOM / manual), queue_work calls, empty works, GFP_ATOMIC
 * failures, works run per pool and pending works are all 0; tasks, exit latencies and the
 * foreground app are empty.
 */
import type {
  CpuSnapshot,
  GatherSnapshot,
  KworkerSnapshot,
  LogEntry,
  LogKind,
  MemorySnapshot,
  NodeSnapshot,
  Params,
  Snapshot,
} from '../engine/snapshot.ts';
import type {HostKworker, HostSample} from './host-sample.ts';

/** Watermarks are in pages; the host monitor assumes 4 KiB pages. */
export const PAGE_BYTES = 4096;
/** USER_HZ: /proc/PID/stat times are in 1/100 s. */
const TICK_MS = 10;
/** max_cache_entries of the patch (a static int in mm/swapfile.c, not exported). */
const MAX_CACHE_ENTRIES = 32;
const WORKQUEUE = 'async_swap_free';
const LOG_LIMIT = 200;
const HISTORY_LIMIT = 60;
/** SCHED_CAPACITY_SCALE: a CPU's capacity when the kernel does not export cpu_capacity. */
const DEFAULT_CAPACITY = 1024;

/** The patch's compile-time tunables (a host cannot change them); the policy says whether it is there. */
export function hostParams(patched: boolean): Params {
  return {policy: patched ? 'gather-oom' : 'sync', minExitingTasks: 1, swapentsThreshold: 3200, maxCacheEntries: MAX_CACHE_ENTRIES, maxActive: 0};
}

/**
 * max_active of the async_swap_free pool_workqueue on one node: the workqueue asks for 0, i.e.
 * WQ_DFL_ACTIVE (256, 1024 from Linux 6.13). From 6.9 (wq_update_node_max_active()) that budget is
 * split across nodes by their share of CPUs, at least min(8, max_active). 0 when the release is unknown.
 */
export function nodeMaxActive(release: readonly [number, number] | null, nodeCpus: number, totalCpus: number): number {
  if (!release) return 0;
  const [major, minor] = release;
  const version = major * 1000 + minor;
  const maxActive = version >= 6013 ? 1024 : 256;
  if (version < 6009 || totalCpus <= 0) return maxActive;
  const minActive = Math.min(8, maxActive);
  return Math.min(maxActive, Math.max(minActive, Math.ceil((maxActive * nodeCpus) / totalCpus)));
}

interface Poll {
  readonly sample: HostSample;
  readonly nowNs: number;
}

/** The NUMA layout, or one node 0 holding every CPU seen when the kernel has no node directory. */
function numaOf(sample: HostSample): readonly {readonly node: number; readonly cpus: readonly number[]}[] {
  if (sample.numa.length > 0) return sample.numa;
  const cpus = sample.cpuTimes ? [...sample.cpuTimes.keys()] : [...new Set(sample.kworkers.map((k) => k.processor))];
  return [{node: 0, cpus: cpus.sort((a, b) => a - b)}];
}

function clampPct(pct: number): number {
  return Number.isFinite(pct) ? Math.min(100, Math.max(0, pct)) : 0;
}

export class HostMonitor {
  private prev: Poll | null = null;
  private log: LogEntry[] = [];
  private seq = 0;
  private readonly reported = new Set<string>();
  private history: number[] = [];
  private peak = 0;
  /** Cumulative lower-bound entries freed, per node (see NodeSnapshot.entriesFreed below). */
  private readonly freedByNode = new Map<number, number>();

  /** Builds the snapshot for a new sample taken `nowNs` after the monitor started. */
  update(sample: HostSample, nowNs: number): Snapshot {
    const prev = this.prev;
    const dtMs = prev ? (nowNs - prev.nowNs) / 1e6 : 0;
    this.noteProblems(sample, nowNs);
    const asyncSwapCount = sample.vmstat?.get('async_swap_count') ?? null;
    const prevCount = prev?.sample.vmstat?.get('async_swap_count') ?? null;
    const runsDelta = asyncSwapCount !== null && prevCount !== null ? Math.max(0, asyncSwapCount - prevCount) : 0;
    if (runsDelta > 0) this.append(nowNs, 'flush', `async_release_func: async_swap_count +${runsDelta} (${asyncSwapCount})`);

    const patched = sample.aswap !== null;
    const snapshot: Snapshot = {
      source: 'host',
      scenario: 'host',
      device: sample.hostname ?? 'host',
      seed: 0,
      nowNs,
      params: hostParams(patched),
      exitingTasks: sample.aswap?.exitingTasks ?? null,
      tasks: [],
      exits: {recentMs: [], p50Ms: null, p99Ms: null, kills: 0, exits: 0},
      gather: patched ? this.gather(sample.aswap!.cacheCounts, asyncSwapCount ?? 0) : null,
      nodes: patched ? this.nodes(sample, prev, dtMs, runsDelta) : null,
      cpus: this.cpus(sample, prev),
      memory: memoryOf(sample),
      psi: sample.psi,
      foreground: null,
      log: this.log,
    };
    this.prev = {sample, nowNs};
    return snapshot;
  }

  private append(tNs: number, kind: LogKind, text: string): void {
    this.log = [...this.log, {seq: this.seq++, tNs, kind, text}].slice(-LOG_LIMIT);
  }

  /** Each absent key file and each malformed file is logged once per monitor. */
  private noteProblems(sample: HostSample, nowNs: number): void {
    const once = (key: string, text: string): void => {
      if (this.reported.has(key)) return;
      this.reported.add(key);
      this.append(nowNs, 'info', text);
    };
    for (const rel of sample.absent) {
      if (rel === 'proc/aswap_free_counts') once(rel, 'patch not present on this kernel: no /proc/aswap_free_counts');
      else if (rel === 'proc/pressure/memory') once(rel, 'no /proc/pressure/memory: PSI is off (CONFIG_PSI, psi=1)');
      else once(rel, `no /${rel}`);
    }
    for (const rel of sample.malformed) once(`malformed:${rel}`, `/${rel} is malformed: ignored`);
  }

  /**
   * Only cache_count and async_swap_count are exported; peak and history are what the monitor saw
   * at its polls (one history value per poll).
   */
  private gather(cacheCount: number, asyncSwapCount: number): GatherSnapshot {
    this.peak = Math.max(this.peak, cacheCount);
    this.history = [...this.history, cacheCount].slice(-HISTORY_LIMIT);
    return {
      cacheCount,
      maxCacheEntries: MAX_CACHE_ENTRIES,
      entriesParked: 0,
      zramBytesHeld: 0,
      peak: this.peak,
      flushes: {threshold: 0, oom: 0, manual: 0},
      workQueued: 0,
      workEmpty: 0,
      asyncSwapCount,
      allocFailures: {node: 0, work: 0},
      history: this.history,
    };
  }

  /**
   * One NodeSnapshot per NUMA node, with the kworkers whose comm names async_swap_free (`+`:
   * running one of its works now, `-`: it was the last workqueue they ran), placed by the CPU
   * they last ran on.
   *
   * - cpuBusyPct: their utime+stime deltas over the poll interval, as a share of the node's CPUs.
   *   A kworker serves every WQ_UNBOUND|WQ_HIGHPRI workqueue of its pool, so this counts its time
   *   since the last poll while its comm names async_swap_free; it misses a kworker's first poll.
   * - entriesFreedPerSec / entriesFreed: a lower bound. The kernel counts list nodes freed
   *   (async_swap_count, each holds 1–512 entries), system-wide; the delta is split over nodes by
   *   their kworkers' CPU time.
   * - nrActive: kworkers running a work now. poolId: the lowest `u<pool>` among the node's
   *   kworkers, -1 when none has served async_swap_free yet. maxActive: see nodeMaxActive.
   * - worksRun, pending, per-kworker worksRun/entriesFreed: 0 (not exported).
   */
  private nodes(sample: HostSample, prev: Poll | null, dtMs: number, runsDelta: number): NodeSnapshot[] {
    const numa = numaOf(sample);
    const nodeOfCpu = new Map<number, number>();
    for (const {node, cpus} of numa) for (const cpu of cpus) nodeOfCpu.set(cpu, node);
    const totalCpus = numa.reduce((sum, n) => sum + n.cpus.length, 0);
    const prevTicks = new Map<number, number>(prev ? prev.sample.kworkers.map((k) => [k.pid, k.cpuTicks]) : []);
    const deltaMs = (k: HostKworker): number => {
      const before = prevTicks.get(k.pid);
      return before === undefined ? 0 : Math.max(0, k.cpuTicks - before) * TICK_MS;
    };
    const ours = sample.kworkers.filter((k) => k.workqueue === WORKQUEUE);
    const byNode = new Map<number, HostKworker[]>(numa.map((n) => [n.node, []]));
    for (const k of ours) byNode.get(nodeOfCpu.get(k.processor) ?? numa[0]!.node)!.push(k);

    const cpuMsByNode = new Map(numa.map((n) => [n.node, byNode.get(n.node)!.reduce((sum, k) => sum + deltaMs(k), 0)]));
    const totalCpuMs = [...cpuMsByNode.values()].reduce((a, b) => a + b, 0);
    const seconds = dtMs / 1000;
    return numa.map(({node, cpus}) => {
      const kworkers = byNode.get(node)!;
      const share = totalCpuMs > 0 ? cpuMsByNode.get(node)! / totalCpuMs : 1 / numa.length;
      const freed = runsDelta * share;
      const entriesFreed = (this.freedByNode.get(node) ?? 0) + freed;
      this.freedByNode.set(node, entriesFreed);
      return {
        node,
        poolId: kworkers.length > 0 ? Math.min(...kworkers.map((k) => k.poolId)) : -1,
        cpus: cpus.length,
        nrActive: kworkers.filter((k) => k.busy).length,
        maxActive: nodeMaxActive(sample.release, cpus.length, totalCpus),
        pending: 0,
        kworkers: kworkers.map(kworkerOf),
        worksRun: 0,
        entriesFreed: Math.round(entriesFreed),
        entriesFreedPerSec: seconds > 0 ? freed / seconds : 0,
        cpuBusyPct: dtMs > 0 && cpus.length > 0 ? clampPct((cpuMsByNode.get(node)! / (dtMs * cpus.length)) * 100) : 0,
      };
    });
  }

  /** Per-CPU busy share between the two polls (/proc/stat); `current` is unknown on a host. */
  private cpus(sample: HostSample, prev: Poll | null): CpuSnapshot[] {
    if (!sample.cpuTimes) return [];
    const nodeOfCpu = new Map<number, number>();
    for (const {node, cpus} of numaOf(sample)) for (const cpu of cpus) nodeOfCpu.set(cpu, node);
    const before = prev?.sample.cpuTimes;
    return [...sample.cpuTimes.entries()]
      .sort(([a], [b]) => a - b)
      .map(([cpu, times]) => {
        const old = before?.get(cpu);
        const dTotal = old ? times.total - old.total : 0;
        return {
          cpu,
          node: nodeOfCpu.get(cpu) ?? 0,
          capacity: sample.cpuCapacity.get(cpu) ?? DEFAULT_CAPACITY,
          busyPct: old && dTotal > 0 ? clampPct(((times.busy - old.busy) / dTotal) * 100) : 0,
          current: null,
        };
      });
  }
}

function kworkerOf(k: HostKworker): KworkerSnapshot {
  const running = k.state === 'R';
  return {
    name: k.name,
    busy: k.busy,
    running,
    cpu: running ? k.processor : null,
    worksRun: 0,
    entriesFreed: 0,
    cpuMs: k.cpuTicks * TICK_MS,
  };
}

/**
 * Memory from meminfo (null without it): MemFree against the zone watermarks (summed, × 4 KiB;
 * 0 without /proc/zoneinfo), zram summed over devices (0 without zram), swap from /proc/swaps
 * (else meminfo), per-node free memory when the node directories have meminfo.
 */
function memoryOf(sample: HostSample): MemorySnapshot | null {
  const mem = sample.meminfo;
  if (!mem) return null;
  const w = sample.watermarks;
  const zram = sample.zram ?? [];
  const swaps = sample.swaps;
  return {
    totalBytes: mem.memTotalBytes,
    freeBytes: mem.memFreeBytes,
    minBytes: (w?.minPages ?? 0) * PAGE_BYTES,
    lowBytes: (w?.lowPages ?? 0) * PAGE_BYTES,
    highBytes: (w?.highPages ?? 0) * PAGE_BYTES,
    zramBytes: zram.reduce((sum, z) => sum + z.memUsedTotal, 0),
    zramOrigBytes: zram.reduce((sum, z) => sum + z.origDataSize, 0),
    swapUsedBytes: swaps ? swaps.reduce((sum, s) => sum + s.usedBytes, 0) : mem.swapTotalBytes - mem.swapFreeBytes,
    swapTotalBytes: swaps ? swaps.reduce((sum, s) => sum + s.sizeBytes, 0) : mem.swapTotalBytes,
    nodes: sample.nodeMeminfo.map(({node, freeBytes, totalBytes}) => ({node, freeBytes, totalBytes})),
  };
}
