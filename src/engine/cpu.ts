/**
 * CPUs shared by runnable contexts, CFS-like: each CPU has a run queue; the contexts on it progress
 * at `capacity × weight / Σweight` (processor sharing, no time slices), RT contexts shut out the
 * others. A context is placed when it wakes (the biggest idle allowed CPU, else the least loaded),
 * and an idle CPU pulls a waiting context from the busiest one. Work is measured in nanoseconds on
 * a core of capacity 1.0.
 */

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

/** A schedulable context: mirrors the parts of struct task_struct the scheduler needs. */
export interface Thread {
  readonly id: number;
  comm: string;
  readonly kind: ThreadKind;
  /** Index of the owner in its subsystem's table (process pid, worker index, …). */
  readonly owner: number;
  weight: number;
  rt: boolean;
  /** Allowed CPUs, or null for all. */
  allowed: readonly number[] | null;
  /** CPU whose run queue holds it, −1 when sleeping. */
  cpu: number;
  /** Last CPU it ran on (wake affinity). */
  lastCpu: number;
  /** Work left in the current segment (ns at capacity 1.0). */
  remaining: number;
  /** Current progress rate (work per ns). */
  rate: number;
  /** CPU time consumed, ns. */
  cpuNs: number;
  /** CPU time consumed on each cluster of the device (by cluster index), ns. */
  readonly clusterNs: Float64Array;
  /** The current segment frees into zram (counts for zsmalloc contention). */
  zram: boolean;
  /**
   * Its finished segment was handed back to the owner, who gave it no new work yet: it goes to
   * sleep at the next flush. A finished segment not handed back yet (it ended at the instant an
   * event elsewhere advanced its CPU, or it was empty) stays queued until its CPU dispatches it.
   */
  handedBack: boolean;
}

interface Cpu {
  readonly id: number;
  readonly node: number;
  readonly cluster: number;
  readonly capacity: number;
  readonly queue: Thread[];
  lastNs: number;
  version: number;
  busyNs: number;
  dirty: boolean;
  /** Queued threads in a zram-freeing segment. */
  zramThreads: number;
}

export interface CpuSpec {
  readonly node: number;
  readonly capacity: number;
  /** Index of the device cluster it belongs to. @default 0 */
  readonly cluster?: number;
}

/** Finished segments are handed back through this callback. */
export type SegmentDone = (thread: Thread) => void;
/** The scheduler asks the engine to call `dispatch(cpu, version)` at `tNs`. */
export type ScheduleAt = (tNs: number, cpu: number, version: number) => void;

const DONE_EPSILON = 1e-3;

export class Scheduler {
  private readonly cpus: Cpu[];
  /** CPUs touched since the last flush (a list plus a flag per CPU: cheaper than a Set). */
  private readonly dirty: number[] = [];
  /**
   * Threads whose finished segment was handed back to the owner and that got no new work: they go
   * to sleep at the next flush. A finished segment not handed back yet (it ended at the instant an
   * event elsewhere advanced its CPU, or it was empty) stays queued until its CPU dispatches it.
   */
  // (the per-thread flag Thread.handedBack)
  private nowNs = 0;
  private nextThreadId = 1;
  private readonly clusters: number;
  /**
   * CPUs with at least one queued thread in a zram-freeing segment (bit i = CPU i). zsmalloc's
   * locks are spinlocks taken with preemption off, so they are contended CPU against CPU: contexts
   * time-sharing one CPU never spin on each other, and one CPU counts once however many it runs.
   */
  zramMask = 0;

  constructor(
    specs: readonly CpuSpec[],
    private readonly scheduleAt: ScheduleAt,
    private readonly onSegmentDone: SegmentDone,
  ) {
    this.cpus = specs.map((s, id) => ({id, node: s.node, cluster: s.cluster ?? 0, capacity: s.capacity, queue: [], lastNs: 0, version: 0, busyNs: 0, dirty: false, zramThreads: 0}));
    this.clusters = Math.max(...this.cpus.map((c) => c.cluster)) + 1;
  }

  get count(): number {
    return this.cpus.length;
  }

  nodeOf(cpu: number): number {
    return this.cpus[cpu]!.node;
  }

  capacityOf(cpu: number): number {
    return this.cpus[cpu]!.capacity;
  }

  createThread(kind: ThreadKind, owner: number, comm: string, nice: number, allowed: readonly number[] | null = null): Thread {
    return {
      id: this.nextThreadId++,
      comm,
      kind,
      owner,
      weight: NICE_WEIGHT[nice] ?? 1_024,
      rt: false,
      allowed,
      cpu: -1,
      lastCpu: -1,
      remaining: 0,
      rate: 0,
      cpuNs: 0,
      clusterNs: new Float64Array(this.clusters),
      zram: false,
      handedBack: false,
    };
  }

  /** Give a thread its next segment of `work`; wakes and places it if it was sleeping. */
  run(thread: Thread, nowNs: number, work: number, zram = false): void {
    this.nowNs = nowNs;
    thread.handedBack = false;
    this.setZram(thread, zram);
    if (thread.cpu >= 0) {
      const cpu = this.cpus[thread.cpu]!;
      this.advance(cpu, nowNs);
      thread.remaining = Math.max(work, 0);
      this.markDirty(cpu.id);
      return;
    }
    thread.remaining = Math.max(work, 0);
    const cpu = this.place(thread);
    this.advance(cpu, nowNs);
    cpu.queue.push(thread);
    if (thread.zram) this.zramOn(cpu);
    thread.cpu = cpu.id;
    thread.lastCpu = cpu.id;
    this.markDirty(cpu.id);
  }

  /** Take a thread off its CPU (it blocks or dies). */
  sleep(thread: Thread, nowNs: number): void {
    thread.handedBack = false;
    this.setZram(thread, false);
    if (thread.cpu < 0) return;
    const cpu = this.cpus[thread.cpu]!;
    this.advance(cpu, nowNs);
    cpu.queue.splice(cpu.queue.indexOf(thread), 1);
    thread.cpu = -1;
    thread.rate = 0;
    this.markDirty(cpu.id);
    if (cpu.queue.length === 0) this.pull(cpu, nowNs);
  }

  /** A CPU event fired: finish what is done there and hand those threads back. */
  dispatch(cpuId: number, version: number, nowNs: number): void {
    const cpu = this.cpus[cpuId]!;
    if (version !== cpu.version) return;
    this.nowNs = nowNs;
    this.advance(cpu, nowNs);
    const done: Thread[] = [];
    for (const t of cpu.queue) if (t.remaining <= DONE_EPSILON) done.push(t);
    this.markDirty(cpu.id);
    for (const t of done) {
      // The segment is over; the owner decides what comes next (another segment or sleep).
      t.remaining = 0;
      t.handedBack = true;
      this.onSegmentDone(t);
    }
  }

  /** Re-plan every CPU touched since the last call: one pending event per CPU. */
  flush(): void {
    if (this.dirty.length === 0) return;
    for (const id of this.dirty) {
      const cpu = this.cpus[id]!;
      // A thread whose segment ended and that nobody gave new work sleeps.
      for (let i = cpu.queue.length - 1; i >= 0; i--) {
        const t = cpu.queue[i]!;
        if (t.remaining <= DONE_EPSILON && t.handedBack) {
          t.handedBack = false;
          this.setZram(t, false);
          cpu.queue.splice(i, 1);
          t.cpu = -1;
          t.rate = 0;
        }
      }
      if (cpu.queue.length === 0) this.pull(cpu, this.nowNs);
    }
    for (const id of this.dirty) {
      const cpu = this.cpus[id]!;
      cpu.dirty = false;
      this.replan(cpu);
    }
    this.dirty.length = 0;
  }

  busyNs(cpuId: number, nowNs: number): number {
    const cpu = this.cpus[cpuId]!;
    return cpu.busyNs + (cpu.queue.length > 0 ? nowNs - cpu.lastNs : 0);
  }

  /** The context a `top` would show on the CPU: the heaviest runnable one. */
  current(cpuId: number): Thread | null {
    let best: Thread | null = null;
    for (const t of this.cpus[cpuId]!.queue) if (best === null || t.weight > best.weight) best = t;
    return best;
  }

  /** CPU time of a thread including the part of the current interval not yet accounted. */
  cpuNsOf(thread: Thread, nowNs: number): number {
    if (thread.cpu < 0) return thread.cpuNs;
    const cpu = this.cpus[thread.cpu]!;
    return thread.cpuNs + (thread.rate / cpu.capacity) * (nowNs - cpu.lastNs);
  }

  private zramOn(cpu: Cpu): void {
    if (cpu.zramThreads++ === 0) this.zramMask += 2 ** cpu.id;
  }

  private zramOff(cpu: Cpu): void {
    if (--cpu.zramThreads === 0) this.zramMask -= 2 ** cpu.id;
  }

  private markDirty(id: number): void {
    const cpu = this.cpus[id]!;
    if (cpu.dirty) return;
    cpu.dirty = true;
    this.dirty.push(id);
  }

  /** Counts per CPU follow the thread while it is queued (run, sleep, flush and pull keep them). */
  private setZram(thread: Thread, zram: boolean): void {
    if (thread.zram === zram) return;
    thread.zram = zram;
    if (thread.cpu < 0) return;
    const cpu = this.cpus[thread.cpu]!;
    if (zram) this.zramOn(cpu);
    else this.zramOff(cpu);
  }

  private advance(cpu: Cpu, nowNs: number): void {
    const dt = nowNs - cpu.lastNs;
    if (dt <= 0) return;
    if (cpu.queue.length > 0) {
      cpu.busyNs += dt;
      for (const t of cpu.queue) {
        t.remaining -= t.rate * dt;
        const ns = (t.rate / cpu.capacity) * dt;
        t.cpuNs += ns;
        t.clusterNs[cpu.cluster] = t.clusterNs[cpu.cluster]! + ns;
      }
    }
    cpu.lastNs = nowNs;
  }

  private replan(cpu: Cpu): void {
    cpu.version++;
    const q = cpu.queue;
    if (q.length === 0) return;
    const anyRt = q.some((t) => t.rt);
    let total = 0;
    for (const t of q) if (!anyRt || t.rt) total += t.weight;
    let nextNs = Infinity;
    for (const t of q) {
      t.rate = anyRt && !t.rt ? 0 : (cpu.capacity * t.weight) / total;
      // A finished segment not handed back yet is dispatched now; others take at least 1 ns.
      const dt = t.remaining <= DONE_EPSILON ? 0 : Math.max(1, Math.ceil(t.remaining / t.rate));
      if (t.rate > 0) nextNs = Math.min(nextNs, cpu.lastNs + dt);
    }
    if (nextNs < Infinity) this.scheduleAt(nextNs, cpu.id, cpu.version);
  }

  /** select_task_rq, simplified: the biggest idle allowed CPU, else the least loaded per capacity. */
  private place(thread: Thread): Cpu {
    const allowed = thread.allowed;
    let best: Cpu | null = null;
    let bestScore = Infinity;
    const n = allowed ? allowed.length : this.cpus.length;
    for (let i = 0; i < n; i++) {
      const cpu = this.cpus[allowed ? allowed[i]! : i]!;
      let load = 0;
      for (const t of cpu.queue) load += t.weight;
      // Idle CPUs first (bigger first, the previous CPU on a tie); then weighted load per capacity.
      const score = load === 0 ? -cpu.capacity - (cpu.id === thread.lastCpu ? 1e-6 : 0) : (load + thread.weight) / cpu.capacity;
      if (score < bestScore) {
        best = cpu;
        bestScore = score;
      }
    }
    return best!;
  }

  /** newidle balance: an idle CPU takes a waiting context from the busiest CPU that may give one. */
  private pull(idle: Cpu, nowNs: number): void {
    let source: Cpu | null = null;
    let victim: Thread | null = null;
    let worst = 0;
    for (const cpu of this.cpus) {
      if (cpu === idle || cpu.queue.length < 2) continue;
      let load = 0;
      for (const t of cpu.queue) load += t.weight;
      const per = load / cpu.capacity;
      if (per <= worst) continue;
      const movable = cpu.queue.find((t) => t.remaining > DONE_EPSILON && (t.allowed === null || t.allowed.includes(idle.id)));
      if (movable) {
        worst = per;
        source = cpu;
        victim = movable;
      }
    }
    if (!source || !victim) return;
    this.advance(source, nowNs);
    this.advance(idle, nowNs);
    source.queue.splice(source.queue.indexOf(victim), 1);
    idle.queue.push(victim);
    if (victim.zram) {
      this.zramOff(source);
      this.zramOn(idle);
    }
    victim.cpu = idle.id;
    victim.lastCpu = idle.id;
    this.markDirty(source.id);
    this.markDirty(idle.id);
  }
}
