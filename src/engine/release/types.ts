/**
 * The release-policy interface: what a policy does with the swap runs of a PTE table being zapped,
 * what its workers do, what a forced flush and the OOM path do. Mirrors the kernel's ops tables
 * (struct zpool_driver, blk_mq_ops): the engine core calls these hooks and never asks which policy
 * it runs. A policy is one module in this directory plus one line in registry.ts.
 */
import type {Scheduler} from '../cpu.ts';
import type {Costs} from '../devices.ts';
import type {EngineLog} from '../log.ts';
import type {Memory} from '../memory.ts';
import type {Proc} from '../proc.ts';
import type {Rng} from '../rng.ts';
import type {FreeCost} from '../swap-free.ts';
import type {Clock} from '../units.ts';
import type {WorkerPools} from '../worker-pools.ts';

/** A counter of the snapshot's `release` section, named the kernel's way. */
export interface Counter {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** Documentation and range of a knob settable with `--set` (and, for engine knobs, while running). */
export interface KnobDoc {
  readonly doc: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/**
 * One PTE table being zapped (zap_pte_range → zap_nonpresent_ptes), as the policy sees it: the
 * zapping context and the table's swap entries, and what the policy decided, filled in by
 * `zapTable`. The engine applies the inline frees when the table's work is done.
 */
export interface ZapTable {
  readonly proc: Proc;
  /** The zapping context is the dying task itself (a reaper or a munmap is not dying). */
  readonly dying: boolean;
  /** CPU the zapper runs on (−1 if not placed yet), and its NUMA node. */
  readonly cpu: number;
  readonly node: number;
  readonly table: number;
  /** Swap entries in the table and the runs swap_pte_batch finds. */
  readonly swap: number;
  readonly runs: number;
  /** Entries freed inline whole: swap slot and zram object. */
  syncEntries: number;
  /** Entries whose swap slot is freed inline and whose zram object a worker frees later. */
  slotEntries: number;
  /** free_swap_and_cache_nr work (ns at capacity 1.0) and its zram part. */
  freeWork: number;
  zramWork: number;
  /** Other work the policy adds to the table (gathering, queue_work, batch pages). */
  extraWork: number;
  /** The table's work frees into zram (counts for zsmalloc contention). */
  zram: boolean;
}

/** Deferred state a policy keeps (a list, per-CPU buffers, batches): what a forced flush reaches. */
export interface Mechanism {
  /** Push everything pending towards the workers (`f` on the dashboard); returns the works queued. */
  forceFlush(reason: 'manual' | 'oom', node: number): number;
  /** Entries taken off their mm whose free is still pending here. */
  pending(): number;
  /** exit_mmap is over for a dying task (tlb_finish_mmu): hand over what the task still holds. */
  zapDone?(proc: Proc, node: number): void;
  /** Once per simulated second. */
  tick?(): void;
  /** An engine knob changed while running. */
  paramChanged?(key: string): void;
}

/** What the engine gives a policy. */
export interface ReleaseContext {
  readonly clock: Clock;
  readonly costs: Costs;
  readonly log: EngineLog;
  readonly sched: Scheduler;
  readonly pools: WorkerPools;
  readonly mem: Memory;
  readonly free: FreeCost;
  /** The `alloc` stream (GFP_ATOMIC failures). */
  readonly allocRng: Rng;
  /** An engine knob (ENGINE_KNOB_DOCS), as currently set. */
  knob(name: string): number;
  /** GFP_ATOMIC failure probability of a small slab object (`node`) or a work_struct/page (`work`). */
  failRate(what: 'node' | 'work'): number;
  /** exiting_task_count */
  exitingTasks(): number;
  /** `entries` of `proc` leave its mm for a deferred free. */
  defer(proc: Proc, entries: number): void;
  /** `entries` deferred by task `pid` are freed now. */
  deferredFreed(pid: number, entries: number): void;
  /** Deferred state shared by the policies of one mechanism (gather and gather-oom share one list). */
  mechanism<T extends Mechanism>(key: string, make: () => T): T;
  /** A timer: `fn` runs at now + delayNs. */
  after(delayNs: number, fn: () => void): void;
  nodeOf(cpu: number): number;
}

/** A release policy, as the engine runs it. */
export interface ReleasePolicy {
  /** The swap entries of one PTE table: free inline, defer, or both (fills the out fields of `z`). */
  zapTable(z: ZapTable): void;
  /** __alloc_pages_may_oom: what this policy does on the OOM path (asked of the active policy only). */
  oomPath(node: number): number;
  /** The snapshot's `release` counters. */
  counters(): readonly Counter[];
}

/** A policy module: its name, what it models, its knobs, and how to build it on an engine. */
export interface PolicyModule<N extends string = string, K extends string = string> {
  readonly name: N;
  readonly description: string;
  readonly knobs: Readonly<Record<K, KnobDoc>>;
  /** Built when the engine starts whichever policy is active (its workqueue is allocated at boot). */
  readonly boot?: boolean;
  create(ctx: ReleaseContext): ReleasePolicy;
}

/** Keeps a policy module's literal name and knob names in its type. */
export function definePolicy<const N extends string, const K extends string = never>(m: PolicyModule<N, K>): PolicyModule<N, K> {
  return m;
}
