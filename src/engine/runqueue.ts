/** The per-CPU run queue and the two load-balancing decisions (wake placement, newidle pull). */
import type {RunQueueLoad, Thread} from './thread.ts';
import {DOUBLE_ZERO} from './units.ts';

/** Work left below which a segment is done (ns at capacity 1.0). */
export const DONE_EPSILON = 1e-3;

export interface Cpu extends RunQueueLoad {
  /** Scratch: the index of the context busiestWithMovable chose. */
  movable: number;
  readonly id: number;
  readonly node: number;
  readonly cluster: number;
  readonly capacity: number;
  readonly queue: Thread[];
  lastNs: number;
  version: number;
  /** Time of the pending event of this version, Infinity when none, and its handle (−1: none). */
  scheduledNs: number;
  event: number;
  busyNs: number;
  dirty: boolean;
  /** Queued threads in a zram-freeing segment. */
  zramThreads: number;
  /** 2^id: this CPU's bit in a CPU set (a sum of powers of two). */
  readonly bit: number;
}

export function newCpu(id: number, node: number, cluster: number, capacity: number): Cpu {
  return {
    id,
    node,
    cluster,
    capacity,
    queue: [],
    lastNs: DOUBLE_ZERO,
    version: 0,
    scheduledNs: Infinity,
    event: -1,
    busyNs: DOUBLE_ZERO,
    dirty: false,
    zramThreads: 0,
    load: 0,
    rtLoad: 0,
    rtCount: 0,
    movable: -1,
    bit: 2 ** id,
  };
}

/** Removes a[i], keeping the order (splice without the array it returns). */
export function removeAt<T>(a: T[], i: number): void {
  for (let k = i + 1; k < a.length; k++) a[k - 1] = a[k]!;
  a.pop();
}

/** A set of CPU ids, a bit each (32 a word), and its size. */
export class CpuSet {
  readonly words: Uint32Array;
  count = 0;

  constructor(cpus: number) {
    this.words = new Uint32Array((cpus + 31) >> 5);
  }

  add(id: number): void {
    this.words[id >> 5] = this.words[id >> 5]! | (1 << (id & 31));
    this.count++;
  }

  delete(id: number): void {
    this.words[id >> 5] = this.words[id >> 5]! & ~(1 << (id & 31));
    this.count--;
  }
}

/**
 * select_task_rq, simplified: the biggest idle allowed CPU, else the least loaded per capacity.
 * `idle` holds the CPUs with an empty run queue (load 0): when the thread may run on one of them,
 * only those are looked at (a busy CPU scores above every idle one), in the same order.
 */
export function selectCpu(cpus: readonly Cpu[], thread: Thread, idle: CpuSet): number {
  let best = -1;
  let bestScore = Infinity;
  if (idle.count > 0 && thread.allowedInOrder) {
    const mask = thread.allowedMask;
    const words = idle.words;
    for (let w = 0; w < words.length; w++) {
      let m = words[w]! | 0;
      if (mask !== null) m &= w < mask.length ? mask[w]! : 0;
      while (m !== 0) {
        const low = m & -m;
        m ^= low;
        const id = (w << 5) + 31 - Math.clz32(low);
        const score = -cpus[id]!.capacity - (id === thread.lastCpu ? 1e-6 : 0);
        if (score < bestScore) {
          best = id;
          bestScore = score;
        }
      }
    }
    if (best >= 0) return best;
  }
  const allowed = thread.allowed;
  const n = allowed ? allowed.length : cpus.length;
  for (let i = 0; i < n; i++) {
    const cpu = cpus[allowed ? allowed[i]! : i]!;
    const load = cpu.load;
    const cap = cpu.capacity;
    // Idle CPUs first (bigger first, the previous CPU on a tie); then weighted load per capacity
    // (x / 1 is x: no division on a CPU of capacity 1).
    const score = load === 0 ? -cap - (cpu.id === thread.lastCpu ? 1e-6 : 0) : cap === 1 ? load + thread.weight : (load + thread.weight) / cap;
    if (score < bestScore) {
      best = cpu.id;
      bestScore = score;
    }
  }
  return best;
}

/**
 * newidle balance: the busiest CPU (load per capacity) with a context that may move to `idle` and
 * is not done; `movable` is that context's index in its queue. Null when none. Only CPUs with two
 * queued contexts or more may give one: `crowded` holds them.
 */
export function busiestWithMovable(cpus: readonly Cpu[], idle: Cpu, crowded: CpuSet): (Cpu & {movable: number}) | null {
  if (crowded.count === 0) return null;
  let source: Cpu | null = null;
  let victim = -1;
  let worst = 0;
  const words = crowded.words;
  for (let w = 0; w < words.length; w++) {
    for (let m = words[w]! | 0; m !== 0; ) {
      const low = m & -m;
      m ^= low;
      const cpu = cpus[(w << 5) + 31 - Math.clz32(low)]!;
      if (cpu === idle) continue;
      const per = cpu.load / cpu.capacity;
      if (per <= worst) continue;
      const q = cpu.queue;
      for (let i = 0; i < q.length; i++) {
        const t = q[i]!;
        if (t.remaining > DONE_EPSILON && (t.allowed === null || t.allowed.includes(idle.id))) {
          worst = per;
          source = cpu;
          victim = i;
          break;
        }
      }
    }
  }
  if (!source) return null;
  source.movable = victim;
  return source as Cpu & {movable: number};
}
