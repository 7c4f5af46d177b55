/**
 * Unbound workqueues and their worker pools (kernel/workqueue.c). A workqueue has one
 * pool_workqueue per NUMA node with nr_active/max_active; works of every unbound workqueue with the
 * same attributes (node, nice) run on one shared worker_pool, whose kworkers are real threads of the
 * scheduler. What a work does is a `WorkFn` the release policy supplies. This module holds the
 * structures; worker-pools.ts runs them.
 */
import type {Thread} from './cpu.ts';
import {DOUBLE_ZERO} from './units.ts';

/** A work function (work_struct.func) run in segments: each segment is one unit of CPU work. */
export interface WorkFn {
  /** process_one_work calls the function on worker `w`: the work (ns at capacity 1.0) of its first segment. */
  start(w: Worker): number;
  /** The segment ended: the next segment's work, or −1 when the function returns. */
  next(w: Worker): number;
}

/** Mirrors struct worker (kernel/workqueue_internal.h). */
export interface Worker {
  readonly index: number;
  readonly pool: Pool;
  readonly node: number;
  readonly id: number;
  /** kworker/u<pool>:<id> */
  readonly name: string;
  readonly thread: Thread;
  state: 'idle' | 'creating' | 'waking' | 'running';
  busy: boolean;
  /** The pool_workqueue of the work it runs, and the work's function (null when idle). */
  pwq: Pwq | null;
  fn: WorkFn | null;
  /** Set by the work function: its current segment frees into zram (zsmalloc contention). */
  segZram: boolean;
  worksRun: number;
  entriesFreed: number;
  idleSinceNs: number;
  dead: boolean;
}

/** Mirrors struct pool_workqueue: one workqueue's works on one pool. */
export interface Pwq {
  readonly wq: Workqueue;
  readonly pool: Pool;
  nrActive: number;
  /** Active works on the pool's worklist, not yet taken by a worker. */
  queued: number;
  /** Works over max_active, waiting on the inactive list. */
  inactive: number;
  /** Their functions, oldest first from `inactiveHead`, on a workqueue whose works differ (`fn` null). */
  readonly inactiveFns: WorkFn[];
  inactiveHead: number;
  maxActive: number;
  /** Works of this workqueue run to completion on this pool. */
  worksRun: number;
}

/** Mirrors struct workqueue_struct (unbound). */
export interface Workqueue {
  readonly name: string;
  readonly highpri: boolean;
  /** max_active as allocated (0 = the kernel default). */
  maxActive: number;
  /**
   * The function of every work queued on it; null on a system workqueue (events_unbound), where
   * works of several subsystems, each with its own function, share the pool_workqueues.
   */
  readonly fn: WorkFn | null;
  /** One per NUMA node. */
  readonly pwqs: readonly Pwq[];
}

/** Mirrors struct worker_pool for the unbound pool of one node and one nice level. */
export class Pool {
  readonly workers: Worker[] = [];
  /** idle_list: workers waiting for work, most recently idle last. */
  readonly idle: Worker[] = [];
  readonly pwqs: Pwq[] = [];
  /** Active works not yet taken by a worker, in order (the pool's worklist): a ring, with each work's function. */
  private ring: (Pwq | null)[] = new Array<Pwq | null>(16).fill(null);
  private fns: (WorkFn | null)[] = new Array<WorkFn | null>(16).fill(null);
  /** The function of the work `shift` returned last. */
  shiftedFn: WorkFn | null = null;
  private head = 0;
  private count = 0;
  /** Workers woken (or being created) that have not started running yet. */
  waking = 0;
  /** The manager is creating a worker (one at a time). */
  creating = false;
  worksRun = 0;
  entriesFreed = 0;
  nextId = 0;
  entriesPerSec = 0;
  busyPct = DOUBLE_ZERO;
  lastEntries = 0;
  lastCpuNs = DOUBLE_ZERO;

  constructor(
    readonly node: number,
    /** worker_pool.id: unbound pools come after the two per-CPU pools of every CPU. */
    readonly id: number,
    readonly highpri: boolean,
    readonly cpus: readonly number[],
  ) {}

  /** Works on the worklist. */
  get worklist(): number {
    return this.count;
  }

  /** nr_active summed over the workqueues using this pool. */
  get nrActive(): number {
    let n = 0;
    for (const p of this.pwqs) n += p.nrActive;
    return n;
  }

  get inactive(): number {
    let n = 0;
    for (const p of this.pwqs) n += p.inactive;
    return n;
  }

  /** max_active of the first workqueue on this pool (async_swap_free on the HIGHPRI pools). */
  get maxActive(): number {
    return this.pwqs[0]?.maxActive ?? 0;
  }

  push(pwq: Pwq, fn: WorkFn): void {
    pwq.queued++;
    const ring = this.ring;
    if (this.count === ring.length) {
      // Double the ring, oldest first.
      const grown = new Array<Pwq | null>(ring.length * 2).fill(null);
      const grownFns = new Array<WorkFn | null>(ring.length * 2).fill(null);
      for (let i = 0; i < this.count; i++) {
        grown[i] = ring[(this.head + i) % ring.length]!;
        grownFns[i] = this.fns[(this.head + i) % ring.length]!;
      }
      this.ring = grown;
      this.fns = grownFns;
      this.head = 0;
    }
    const at = (this.head + this.count++) % this.ring.length;
    this.ring[at] = pwq;
    this.fns[at] = fn;
  }

  /** The oldest work on the worklist (its function in `shiftedFn`). */
  shift(): Pwq | undefined {
    if (this.count === 0) return undefined;
    const pwq = this.ring[this.head]!;
    this.shiftedFn = this.fns[this.head]!;
    this.ring[this.head] = null;
    this.fns[this.head] = null;
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    pwq.queued--;
    return pwq;
  }
}
