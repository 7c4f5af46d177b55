import {DOUBLE_ZERO} from './units.ts';

/** The schedulable context and its weight, as the scheduler (cpu.ts) sees it. */

/** sched_prio_to_weight[] for the nice levels the world uses. */
export const NICE_WEIGHT: Readonly<Record<number, number>> = {
  [-20]: 88_761,
  [-10]: 9_548,
  [-4]: 3_121,
  [0]: 1_024,
  [10]: 110,
  [19]: 15,
};

export type ThreadKind = 'task' | 'kworker' | 'reaper' | 'world';

/** The run queue a thread sits on: its load follows the thread's weight and class. */
export interface RunQueueLoad {
  /** Σ weight of the queued threads, and of the RT ones among them. */
  load: number;
  rtLoad: number;
  rtCount: number;
}

/** A schedulable context: mirrors the parts of struct task_struct the scheduler needs. */
export class Thread {
  /** CPU whose run queue holds it, −1 when sleeping. */
  cpu = -1;
  /** Last CPU it ran on (wake affinity). */
  lastCpu = -1;
  /** Work left in the current segment (ns at capacity 1.0). */
  remaining = DOUBLE_ZERO;
  /** Current progress rate (work per ns). */
  rate = DOUBLE_ZERO;
  /** CPU time consumed, ns. */
  cpuNs = DOUBLE_ZERO;
  /** CPU time consumed on each cluster of the device (by cluster index), ns. */
  readonly clusterNs: Float64Array;
  /** The current segment frees into zram (counts for zsmalloc contention). */
  zram = false;
  /**
   * Its finished segment was handed back to the owner, who gave it no new work yet: it goes to
   * sleep at the next flush. A finished segment not handed back yet (it ended at the instant an
   * event elsewhere advanced its CPU, or it was empty) stays queued until its CPU dispatches it.
   */
  handedBack = false;
  /** The run queue holding it (kept by the scheduler). */
  runq: RunQueueLoad | null = null;
  private w: number;
  private isRt = false;
  private cpusAllowed: readonly number[] | null = null;
  /**
   * The allowed CPUs as a bitmap (32 a word; null: all), when the list is in increasing order, so
   * that the wake placement may walk a set of CPUs in the list's order; null `allowedMask` and
   * `allowedInOrder` false otherwise.
   */
  allowedMask: Uint32Array | null = null;
  allowedInOrder = true;

  constructor(
    readonly id: number,
    public comm: string,
    readonly kind: ThreadKind,
    /** Index of the owner in its subsystem's table (process pid, worker index, …). */
    readonly owner: number,
    weight: number,
    allowed: readonly number[] | null,
    clusters: number,
  ) {
    this.allowed = allowed;
    this.w = weight;
    this.clusterNs = new Float64Array(clusters);
  }

  /** Allowed CPUs, or null for all. */
  get allowed(): readonly number[] | null {
    return this.cpusAllowed;
  }

  set allowed(cpus: readonly number[] | null) {
    this.cpusAllowed = cpus;
    this.allowedMask = null;
    this.allowedInOrder = true;
    if (cpus === null) return;
    for (let i = 1; i < cpus.length; i++) if (!(cpus[i]! > cpus[i - 1]!)) this.allowedInOrder = false;
    if (!this.allowedInOrder) return;
    const mask = new Uint32Array(cpus.length > 0 ? (cpus[cpus.length - 1]! >> 5) + 1 : 0);
    for (const id of cpus) mask[id >> 5] = mask[id >> 5]! | (1 << (id & 31));
    this.allowedMask = mask;
  }

  get weight(): number {
    return this.w;
  }

  /**
   * A new weight takes effect on its CPU at the next re-plan, as before; the queue's load follows at
   * once. Weights are positive: a run queue's load is 0 exactly when it is empty.
   */
  set weight(weight: number) {
    const q = this.runq;
    if (q) {
      q.load += weight - this.w;
      if (this.isRt) q.rtLoad += weight - this.w;
    }
    this.w = weight;
  }

  /** SCHED_FIFO: RT contexts shut the others out of their CPU. */
  get rt(): boolean {
    return this.isRt;
  }

  set rt(rt: boolean) {
    const q = this.runq;
    if (q && rt !== this.isRt) {
      q.rtCount += rt ? 1 : -1;
      q.rtLoad += rt ? this.w : -this.w;
    }
    this.isRt = rt;
  }
}
