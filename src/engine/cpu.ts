/**
 * CPUs shared by runnable contexts, CFS-like: each CPU has a run queue; the contexts on it progress
 * at `capacity × weight / Σweight` (processor sharing, no time slices), RT contexts shut out the
 * others. A context is placed when it wakes (the biggest idle allowed CPU, else the least loaded),
 * and an idle CPU pulls a waiting context from the busiest one. Work is measured in nanoseconds on
 * a core of capacity 1.0.
 *
 * Speed: each CPU keeps its load (Σ weight) as threads come and go, and at most one pending event;
 * a re-plan that finds the same next completion time keeps the event it has.
 */
import {busiestWithMovable, CpuSet, DONE_EPSILON, newCpu, removeAt, selectCpu, type Cpu} from './runqueue.ts';
import {NICE_WEIGHT, Thread, type ThreadKind} from './thread.ts';
import {DOUBLE_ZERO, type Clock} from './units.ts';

export {NICE_WEIGHT, Thread, type ThreadKind} from './thread.ts';

export interface CpuSpec {
  readonly node: number;
  readonly capacity: number;
  /** Index of the device cluster it belongs to. @default 0 */
  readonly cluster?: number;
}

/** Finished segments are handed back through this callback. */
export type SegmentDone = (thread: Thread) => void;
/** The scheduler asks the engine to call `dispatch(cpu, version)` at `tNs`; returns a handle for `CancelEvent`. */
export type ScheduleAt = (tNs: number, cpu: number, version: number) => number;
/** Takes back a pending CPU event (its handle). */
export type CancelEvent = (handle: number) => void;

export class Scheduler {
  private readonly cpus: Cpu[];
  /** CPUs touched since the last flush (a list plus a flag per CPU: cheaper than a Set). */
  private readonly dirty: Int32Array;
  private dirtyCount = 0;
  /** Threads whose segment a dispatch found done (reused: dispatch never re-enters). */
  private readonly done: Thread[] = [];
  private nowNs = DOUBLE_ZERO;
  private nextThreadId = 1;
  private readonly clusters: number;
  /** CPUs with an empty run queue, and with two queued threads or more. */
  private readonly idle: CpuSet;
  private readonly crowded: CpuSet;
  /**
   * CPUs with at least one queued thread in a zram-freeing segment (bit i = CPU i). zsmalloc's
   * locks are spinlocks taken with preemption off, so they are contended CPU against CPU: contexts
   * time-sharing one CPU never spin on each other, and one CPU counts once however many it runs.
   */
  zramMask = DOUBLE_ZERO;

  constructor(
    specs: readonly CpuSpec[],
    private readonly scheduleAt: ScheduleAt,
    private readonly onSegmentDone: SegmentDone,
    /** Without it, a superseded event stays queued and fires for nothing (its version is old). */
    private readonly cancelEvent: CancelEvent | null = null,
    /** The engine's clock, where `dispatch` reads the time (a double passed to it was boxed at every event). */
    private readonly clock: Readonly<Clock> = {ns: DOUBLE_ZERO},
  ) {
    this.cpus = specs.map((s, id) => newCpu(id, s.node, s.cluster ?? 0, s.capacity));
    this.clusters = Math.max(...this.cpus.map((c) => c.cluster)) + 1;
    this.dirty = new Int32Array(this.cpus.length);
    this.idle = new CpuSet(this.cpus.length);
    this.crowded = new CpuSet(this.cpus.length);
    for (const cpu of this.cpus) this.idle.add(cpu.id);
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

  /** The CPU has a queued thread in a zram-freeing segment (it is in zramMask). */
  freeing(cpu: number): boolean {
    return this.cpus[cpu]!.zramThreads > 0;
  }

  createThread(kind: ThreadKind, owner: number, comm: string, nice: number, allowed: readonly number[] | null = null): Thread {
    return new Thread(this.nextThreadId++, comm, kind, owner, NICE_WEIGHT[nice] ?? 1_024, allowed, this.clusters);
  }

  /** Give a thread its next segment of `work`; wakes and places it if it was sleeping. */
  run(thread: Thread, nowNs: number, work: number, zram = false): void {
    this.nowNs = nowNs;
    thread.handedBack = false;
    if (thread.zram !== zram) this.setZram(thread, zram);
    const remaining = work > 0 ? work : 0;
    if (thread.cpu >= 0) {
      const cpu = this.cpus[thread.cpu]!;
      if (nowNs > cpu.lastNs) this.advance(cpu, nowNs);
      thread.remaining = remaining;
      this.markDirty(cpu);
      return;
    }
    thread.remaining = remaining;
    const cpu = this.cpus[selectCpu(this.cpus, thread, this.idle)]!;
    if (nowNs > cpu.lastNs) this.advance(cpu, nowNs);
    this.enqueue(cpu, thread);
    thread.lastCpu = cpu.id;
    this.markDirty(cpu);
  }

  /** Take a thread off its CPU (it blocks or dies). */
  sleep(thread: Thread, nowNs: number): void {
    thread.handedBack = false;
    if (thread.zram) this.setZram(thread, false);
    if (thread.cpu < 0) return;
    const cpu = this.cpus[thread.cpu]!;
    if (nowNs > cpu.lastNs) this.advance(cpu, nowNs);
    this.dequeue(cpu, thread, cpu.queue.indexOf(thread));
    this.markDirty(cpu);
    if (cpu.queue.length === 0) this.pull(cpu, nowNs);
  }

  /** A CPU event fired: finish what is done there and hand those threads back. */
  dispatch(cpuId: number, version: number, nowNs: number = this.clock.ns): void {
    const cpu = this.cpus[cpuId]!;
    if (version !== cpu.version) return;
    cpu.scheduledNs = Infinity;
    cpu.event = -1;
    this.nowNs = nowNs;
    if (nowNs > cpu.lastNs) this.advance(cpu, nowNs);
    const done = this.done;
    const q = cpu.queue;
    let n = 0;
    for (let i = 0; i < q.length; i++) if (q[i]!.remaining <= DONE_EPSILON) done[n++] = q[i]!;
    this.markDirty(cpu);
    for (let i = 0; i < n; i++) {
      const t = done[i]!;
      // The segment is over; the owner decides what comes next (another segment or sleep).
      t.remaining = 0;
      t.handedBack = true;
      this.onSegmentDone(t);
    }
  }

  /** Re-plan every CPU touched since the last call: one pending event per CPU. */
  flush(): void {
    if (this.dirtyCount === 0) return;
    const dirty = this.dirty;
    // A thread whose segment ended and that nobody gave new work sleeps (pull may add CPUs).
    for (let k = 0; k < this.dirtyCount; k++) {
      const cpu = this.cpus[dirty[k]!]!;
      const q = cpu.queue;
      for (let i = q.length - 1; i >= 0; i--) {
        const t = q[i]!;
        if (t.handedBack && t.remaining <= DONE_EPSILON) {
          t.handedBack = false;
          if (t.zram) this.setZram(t, false);
          this.dequeue(cpu, t, i);
        }
      }
      if (q.length === 0) this.pull(cpu, this.nowNs);
    }
    for (let k = 0; k < this.dirtyCount; k++) {
      const cpu = this.cpus[dirty[k]!]!;
      cpu.dirty = false;
      this.replan(cpu);
    }
    this.dirtyCount = 0;
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

  private enqueue(cpu: Cpu, t: Thread): void {
    const n = cpu.queue.push(t);
    if (n === 1) this.idle.delete(cpu.id);
    else if (n === 2) this.crowded.add(cpu.id);
    t.cpu = cpu.id;
    t.runq = cpu;
    cpu.load += t.weight;
    if (t.rt) {
      cpu.rtCount++;
      cpu.rtLoad += t.weight;
    }
    if (t.zram && cpu.zramThreads++ === 0) this.zramMask += cpu.bit;
  }

  private dequeue(cpu: Cpu, t: Thread, index: number): void {
    removeAt(cpu.queue, index);
    const n = cpu.queue.length;
    if (n === 0) this.idle.add(cpu.id);
    else if (n === 1) this.crowded.delete(cpu.id);
    t.cpu = -1;
    t.rate = 0;
    t.runq = null;
    cpu.load -= t.weight;
    if (t.rt) {
      cpu.rtCount--;
      cpu.rtLoad -= t.weight;
    }
    if (t.zram && --cpu.zramThreads === 0) this.zramMask -= cpu.bit;
  }

  private markDirty(cpu: Cpu): void {
    if (cpu.dirty) return;
    cpu.dirty = true;
    this.dirty[this.dirtyCount++] = cpu.id;
  }

  /** Counts per CPU follow the thread while it is queued (run, sleep, flush and pull keep them). */
  private setZram(thread: Thread, zram: boolean): void {
    thread.zram = zram;
    if (thread.cpu < 0) return;
    const cpu = this.cpus[thread.cpu]!;
    if (zram) {
      if (cpu.zramThreads++ === 0) this.zramMask += cpu.bit;
    } else if (--cpu.zramThreads === 0) this.zramMask -= cpu.bit;
  }

  private advance(cpu: Cpu, nowNs: number): void {
    const dt = nowNs - cpu.lastNs;
    cpu.lastNs = nowNs;
    const q = cpu.queue;
    if (q.length === 0) return;
    cpu.busyNs += dt;
    const perCapacity = dt / cpu.capacity;
    const cluster = cpu.cluster;
    for (let i = 0; i < q.length; i++) {
      const t = q[i]!;
      t.remaining -= t.rate * dt;
      const ns = t.rate * perCapacity;
      t.cpuNs += ns;
      t.clusterNs[cluster] = t.clusterNs[cluster]! + ns;
    }
  }

  private replan(cpu: Cpu): void {
    const q = cpu.queue;
    let nextNs = Infinity;
    if (q.length > 0) {
      const anyRt = cpu.rtCount > 0;
      const total = anyRt ? cpu.rtLoad : cpu.load;
      const base = cpu.lastNs;
      for (let i = 0; i < q.length; i++) {
        const t = q[i]!;
        const rate = anyRt && !t.rt ? 0 : (cpu.capacity * t.weight) / total;
        t.rate = rate;
        if (rate <= 0) continue;
        // A finished segment not handed back yet is dispatched now; others take at least 1 ns.
        const at = t.remaining <= DONE_EPSILON ? base : base + Math.max(1, Math.ceil(t.remaining / rate));
        if (at < nextNs) nextNs = at;
      }
    }
    // The pending event, if it is for the same instant, stays valid.
    if (nextNs === cpu.scheduledNs) return;
    cpu.version++;
    if (cpu.event >= 0 && this.cancelEvent) this.cancelEvent(cpu.event);
    cpu.scheduledNs = nextNs;
    cpu.event = nextNs < Infinity ? this.scheduleAt(nextNs, cpu.id, cpu.version) : -1;
  }

  /** newidle balance: an idle CPU takes a waiting context from the busiest CPU that may give one. */
  private pull(idle: Cpu, nowNs: number): void {
    const source = busiestWithMovable(this.cpus, idle, this.crowded);
    if (!source) return;
    const victim = source.movable;
    if (nowNs > source.lastNs) this.advance(source, nowNs);
    if (nowNs > idle.lastNs) this.advance(idle, nowNs);
    const t = source.queue[victim]!;
    this.dequeue(source, t, victim);
    this.enqueue(idle, t);
    t.lastCpu = idle.id;
    this.markDirty(source);
    this.markDirty(idle);
  }
}
