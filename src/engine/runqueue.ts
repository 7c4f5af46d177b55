/** The per-CPU run queue and the two load-balancing decisions (wake placement, newidle pull). */
import type {RunQueueLoad, Thread} from './thread.ts';

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
  /** Time of the pending event of this version, Infinity when none. */
  scheduledNs: number;
  busyNs: number;
  dirty: boolean;
  /** Queued threads in a zram-freeing segment. */
  zramThreads: number;
  /** 2^id: this CPU's bit in a CPU set (a sum of powers of two). */
  readonly bit: number;
}

/** select_task_rq, simplified: the biggest idle allowed CPU, else the least loaded per capacity. */
export function selectCpu(cpus: readonly Cpu[], thread: Thread): number {
  const allowed = thread.allowed;
  let best = -1;
  let bestScore = Infinity;
  const n = allowed ? allowed.length : cpus.length;
  for (let i = 0; i < n; i++) {
    const cpu = cpus[allowed ? allowed[i]! : i]!;
    const load = cpu.load;
    // Idle CPUs first (bigger first, the previous CPU on a tie); then weighted load per capacity.
    const score = load === 0 ? -cpu.capacity - (cpu.id === thread.lastCpu ? 1e-6 : 0) : (load + thread.weight) / cpu.capacity;
    if (score < bestScore) {
      best = cpu.id;
      bestScore = score;
    }
  }
  return best;
}

/**
 * newidle balance: the busiest CPU (load per capacity) with a context that may move to `idle` and
 * is not done; `movable` is that context's index in its queue. Null when none.
 */
export function busiestWithMovable(cpus: readonly Cpu[], idle: Cpu): (Cpu & {movable: number}) | null {
  let source: Cpu | null = null;
  let victim = -1;
  let worst = 0;
  for (const cpu of cpus) {
    if (cpu === idle || cpu.queue.length < 2) continue;
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
  if (!source) return null;
  source.movable = victim;
  return source as Cpu & {movable: number};
}
