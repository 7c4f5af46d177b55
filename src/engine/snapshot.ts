/**
 * The snapshot: a plain, immutable view of everything a dashboard, a recording or a summary needs.
 * Built at frame rate (never per event) by `Engine.snapshot()`, and the same object until something
 * changed. The host source (`/proc`) fills the same shape; a section its kernel lacks is `null`.
 *
 * Kernel names appear verbatim in the UI; fields mirror them in camelCase.
 */

import type {LogEntry, LogKind} from './log.ts';
import type {PolicyKnobName, PolicyName} from './release/registry.ts';
import type {Counter} from './release/types.ts';

export type {LogEntry, LogKind, PolicyName};

/** The release policies' own knobs (ENGINE_KNOB_DOCS); absent in traces written before they existed. */
export type PolicyKnobs = {readonly [K in PolicyKnobName]?: number};

/** Tunables the dashboard's keys change while a simulation runs. */
export type Params = CoreParams & PolicyKnobs;

export interface CoreParams {
  readonly policy: PolicyName;
  /** MIN_EXITING_TASKS_THRESHOLD (mm/swapfile.c): exiting_task_count needed to gather. @default 1 */
  readonly minExitingTasks: number;
  /** 100 * SWAP_CLUSTER_MAX: MM_SWAPENTS(mm) needed to gather a run. @default 3200 */
  readonly swapentsThreshold: number;
  /** max_cache_entries: cache_count that queues a release work. @default 32 */
  readonly maxCacheEntries: number;
  /** max_active of the async_swap_free workqueue (0 = kernel default, 256 on the 6.12 baseline). @default 0 */
  readonly maxActive: number;
}

/** A task between SIGKILL and do_task_dead (or a munmap process while it zaps). */
export interface TaskSnapshot {
  readonly pid: number;
  /** Task comm / app name. */
  readonly comm: string;
  readonly oomScoreAdj: number;
  /** `killed`: SIGKILL pending, not yet scheduled; `do_exit`: running its exit; `munmap`: a live process unmapping. */
  readonly state: 'killed' | 'do_exit' | 'munmap';
  /** On a CPU right now. */
  readonly running: boolean;
  readonly cpu: number | null;
  /** MM_SWAPENTS at SIGKILL. */
  readonly swapEntriesAtKill: number;
  /** MM_SWAPENTS now: swap entries not yet zapped. */
  readonly swapEntriesLeft: number;
  /** Entries this task (or a reaper on its mm) freed inline with free_swap_and_cache_nr. */
  readonly freedSync: number;
  /** Entries parked on the gather list by add_to_swap_gather_cache. */
  readonly gathered: number;
  /** Present pages not yet zapped. */
  readonly rssPagesLeft: number;
  /** A reaper (process_mrelease) is zapping this mm too. */
  readonly reaped: boolean;
  /**
   * Spinning on the PTE lock of a table another zapper of its mm (a reaper) holds: on a CPU, no
   * progress. Absent in traces written before it existed.
   */
  readonly ptlSpin?: boolean;
  readonly killedAtNs: number;
  readonly elapsedMs: number;
}

/** The global gather list of v0 1/2 and its counters. */
export interface GatherSnapshot {
  /** cache_count: list nodes (runs), not entries. */
  readonly cacheCount: number;
  readonly maxCacheEntries: number;
  /** Swap entries parked on the list. */
  readonly entriesParked: number;
  /** Compressed zram bytes the parked entries still hold. */
  readonly zramBytesHeld: number;
  readonly peak: number;
  readonly flushes: {readonly threshold: number; readonly oom: number; readonly manual: number};
  /** queue_work calls that queued a release work. */
  readonly workQueued: number;
  /** Release works that found cache_count 0 and only freed themselves. */
  readonly workEmpty: number;
  /** vmstat async_swap_count: list nodes freed by workers. */
  readonly asyncSwapCount: number;
  /** GFP_ATOMIC failures: swap_entry_cache nodes (→ synchronous free) and work_structs (→ nothing queued). */
  readonly allocFailures: {readonly node: number; readonly work: number};
  /** Max cache_count in each of the last 60 simulated seconds, oldest first. */
  readonly history: readonly number[];
}

/** Mirrors struct worker (kernel/workqueue_internal.h), as ps shows it. */
export interface KworkerSnapshot {
  /** `kworker/u<pool>:<id>` */
  readonly name: string;
  readonly busy: boolean;
  readonly running: boolean;
  readonly cpu: number | null;
  readonly worksRun: number;
  readonly entriesFreed: number;
  /** CPU time consumed so far. */
  readonly cpuMs: number;
}

/** One NUMA node: its unbound HIGHPRI worker_pool and the async_swap_free pool_workqueue on it. */
export interface NodeSnapshot {
  readonly node: number;
  readonly poolId: number;
  /**
   * Every unbound pool of the node whose kworkers are listed (the HIGHPRI one, and the normal one
   * when a policy queues on events_unbound), as in their names kworker/u<pool>:<id>. Absent in
   * traces written before it existed: then `poolId` alone.
   */
  readonly poolIds?: readonly number[];
  readonly cpus: number;
  readonly nrActive: number;
  readonly maxActive: number;
  /** Works waiting (inactive or not yet picked up). */
  readonly pending: number;
  readonly kworkers: readonly KworkerSnapshot[];
  readonly worksRun: number;
  readonly entriesFreed: number;
  /** Entries freed per simulated second, over the last second. */
  readonly entriesFreedPerSec: number;
  /** Share of this node's CPU capacity the pool's kworkers used over the last second, 0–100. */
  readonly cpuBusyPct: number;
  /** Every workqueue with a pool_workqueue on this node (absent in older traces and on hosts). */
  readonly workqueues?: readonly WorkqueueSnapshot[];
}

/** One workqueue's pool_workqueue on a node. */
export interface WorkqueueSnapshot {
  readonly name: string;
  readonly nrActive: number;
  readonly maxActive: number;
  /** Works waiting (inactive or not yet picked up). */
  readonly pending: number;
}

/** The release policy in use and its own counters, named the kernel's way. */
export interface ReleaseSection {
  readonly policy: string;
  readonly counters: readonly Counter[];
}

export interface CpuSnapshot {
  readonly cpu: number;
  readonly node: number;
  readonly capacity: number;
  /** Busy share over the last second, 0–100. */
  readonly busyPct: number;
  /** comm of the context on the CPU now, or null when idle. */
  readonly current: string | null;
}

export interface MemorySnapshot {
  readonly totalBytes: number;
  readonly freeBytes: number;
  /** Zone watermarks (summed over nodes). */
  readonly minBytes: number;
  readonly lowBytes: number;
  readonly highBytes: number;
  /** zram mem_used_total: compressed pool size. */
  readonly zramBytes: number;
  /** zram orig_data_size. */
  readonly zramOrigBytes: number;
  readonly swapUsedBytes: number;
  readonly swapTotalBytes: number;
  /** Per-node free memory, when known. */
  readonly nodes: readonly {readonly node: number; readonly freeBytes: number; readonly totalBytes: number}[];
  /**
   * The rest of memory, where the source knows it (free + file + anon + zram + kernel = total):
   * page cache (Active(file) + Inactive(file), mapped pages included), anonymous memory resident
   * in RAM, and what the kernel holds (slab, page tables, dma-buf/GPU buffers, carve-outs).
   */
  readonly fileBytes?: number;
  readonly fileActiveBytes?: number;
  readonly fileInactiveBytes?: number;
  readonly anonBytes?: number;
  readonly kernelBytes?: number;
  /** vmstat workingset_refault_file over the last second, pages per second. */
  readonly refaultsPerSec?: number;
}

/** One line of /proc/pressure/memory. */
export interface PsiLine {
  readonly avg10: number;
  readonly avg60: number;
  readonly avg300: number;
  /** Cumulative stall time in microseconds. */
  readonly total: number;
}

export interface PsiSnapshot {
  readonly some: PsiLine;
  readonly full: PsiLine;
}


export interface ExitStats {
  /** Recent SIGKILL → do_task_dead latencies in ms, oldest first (at most 64). */
  readonly recentMs: readonly number[];
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /**
   * Release latency (SIGKILL → the last of the task's swap entries freed) over the same recent
   * tasks; absent where the source cannot know it (host) or in traces written before it existed.
   */
  readonly releaseP50Ms?: number | null;
  readonly releaseP99Ms?: number | null;
  readonly kills: number;
  readonly exits: number;
}

/** The foreground app (camera) once the workload runs one; null otherwise. */
export interface ForegroundSnapshot {
  readonly app: string;
  /** The camera's phase: launching (until its first frame), preview, or idle (closed). */
  readonly state: 'idle' | 'launching' | 'preview';
  readonly launches: number;
  readonly lastLaunchMs: number | null;
  readonly frames: number;
  readonly framesLate: number;
  /** Launch → first frame of the current launch, once its first frame is shown (else null). */
  readonly firstFrameMs?: number | null;
  /** Late frames whose thread waited longer for a CPU than for memory, and the others. */
  readonly lateForCpu?: number;
  readonly lateForMemory?: number;
  /** Countdown to the next scheduled camera launch, ns; null when none is scheduled. */
  readonly nextLaunchInNs?: number | null;
}

/** lmkd's state (system/memory/lmkd), where the source runs it. Kill reasons are lmkd's names. */
export interface LmkdSnapshot {
  readonly lastKill: {readonly comm: string; readonly reason: string; readonly atNs: number} | null;
  readonly killsByReason: Readonly<Record<string, number>>;
  /** The victim lmkd waits for (its pidfd), up to kill_timeout_ms after the kill; null when not waiting. */
  readonly waitingForPid: number | null;
  /** File refaults since the last reset × 100 / file LRU size at the reset (plus the decayed past). */
  readonly thrashingPct: number;
  /** The thrashing limit now (ro.lmk.thrashing_limit, cut by ro.lmk.thrashing_limit_decay per thrashing kill). */
  readonly thrashingLimitPct: number;
}

export interface Snapshot {
  readonly source: 'sim' | 'host' | 'replay';
  readonly scenario: string;
  /**
   * The scenario's workload kind (android, kill-burst, numa-server, munmap): it names how a task's
   * ending starts (SIGKILL, exit_group, munmap); absent for the host and in older traces.
   */
  readonly workload?: string;
  readonly device: string;
  readonly seed: number;
  /** Simulated clock (or, for host, time since the monitor started). */
  readonly nowNs: number;
  readonly params: Params;
  /** exiting_task_count (`exiting_tasks` in /proc/aswap_free_counts); null when the kernel lacks the patch. */
  readonly exitingTasks: number | null;
  readonly tasks: readonly TaskSnapshot[];
  readonly exits: ExitStats;
  readonly gather: GatherSnapshot | null;
  /** The active release policy's counters (absent in older traces; null on hosts). */
  readonly release?: ReleaseSection | null;
  readonly nodes: readonly NodeSnapshot[] | null;
  readonly cpus: readonly CpuSnapshot[];
  readonly memory: MemorySnapshot | null;
  readonly psi: PsiSnapshot | null;
  readonly foreground: ForegroundSnapshot | null;
  /** lmkd, where the source has one (the Android world); absent elsewhere and in older traces. */
  readonly lmkd?: LmkdSnapshot | null;
  /** Newest last, at most 200. */
  readonly log: readonly LogEntry[];
}
