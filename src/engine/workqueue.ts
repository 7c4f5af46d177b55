import type {Scheduler, Thread} from './cpu.ts';
import {nodeMaxActive} from './params.ts';

/** IDLE_WORKER_TIMEOUT: an idle kworker beyond the pool's reserve is destroyed after 300 s. */
const IDLE_WORKER_TIMEOUT_NS = 300e9;
/** MAX_IDLE_WORKERS_RATIO */
const MAX_IDLE_WORKERS_RATIO = 4;

/** Mirrors struct worker (kernel/workqueue_internal.h), with the async_release_func batch it holds. */
export interface Worker {
  readonly index: number;
  readonly node: number;
  readonly id: number;
  /** kworker/u<pool>:<id> */
  readonly name: string;
  readonly thread: Thread;
  state: 'idle' | 'creating' | 'waking' | 'freeing' | 'empty';
  busy: boolean;
  /** The spliced list this work is freeing (pid and nr of each node) and where it is. */
  pids: number[];
  nrs: number[];
  pos: number;
  groupEnd: number;
  groupEntries: number;
  nodesInWork: number;
  worksRun: number;
  entriesFreed: number;
  idleSinceNs: number;
  dead: boolean;
}

/**
 * Mirrors struct worker_pool for the unbound HIGHPRI pool of one node, together with the
 * async_swap_free pool_workqueue's nr_active/max_active accounting on that node.
 */
export interface Pool {
  readonly node: number;
  /** worker_pool.id: unbound pools come after the two per-CPU pools of every CPU. */
  readonly id: number;
  readonly cpus: readonly number[];
  readonly workers: Worker[];
  /** Active works not yet taken by a worker. */
  worklist: number;
  /** Workers woken (or being created) that have not started running yet. */
  waking: number;
  /** The manager is creating a worker (one at a time). */
  creating: boolean;
  nrActive: number;
  /** Works over max_active, waiting on the inactive list. */
  inactive: number;
  maxActive: number;
  worksRun: number;
  entriesFreed: number;
  nextId: number;
  entriesPerSec: number;
  busyPct: number;
  lastEntries: number;
  lastCpuNs: number;
}

export class WorkQueue {
  readonly pools: Pool[];
  readonly workers: Worker[] = [];
  private readonly totalCpus: number;

  /** `cpuNodes[i]` is the node of CPU i. */
  constructor(cpuNodes: readonly number[], maxActive: number) {
    this.totalCpus = cpuNodes.length;
    const nodes = Math.max(...cpuNodes) + 1;
    this.pools = Array.from({length: nodes}, (_, node) => {
      const cpus = cpuNodes.flatMap((n, i) => (n === node ? [i] : []));
      return {
        node,
        id: 2 * cpuNodes.length + 2 * node + 1,
        cpus,
        workers: [],
        worklist: 0,
        waking: 0,
        creating: false,
        nrActive: 0,
        inactive: 0,
        maxActive: nodeMaxActive(maxActive, cpus.length, cpuNodes.length),
        worksRun: 0,
        entriesFreed: 0,
        nextId: 0,
        entriesPerSec: 0,
        busyPct: 0,
        lastEntries: 0,
        lastCpuNs: 0,
      };
    });
  }

  /** queue_work on the pool of the queuing CPU's node: active if under max_active, else inactive. */
  queueWork(node: number): void {
    const pool = this.pools[node]!;
    if (pool.nrActive < pool.maxActive) {
      pool.nrActive++;
      pool.worklist++;
    } else {
      pool.inactive++;
    }
  }

  /** pwq_dec_nr_in_flight: a work finished; activate an inactive one if any. */
  workDone(pool: Pool): void {
    pool.nrActive--;
    this.activate(pool);
  }

  setMaxActive(maxActive: number, kick: (node: number) => void): void {
    for (const pool of this.pools) {
      pool.maxActive = nodeMaxActive(maxActive, pool.cpus.length, this.totalCpus);
      this.activate(pool);
      kick(pool.node);
    }
  }

  private activate(pool: Pool): void {
    while (pool.inactive > 0 && pool.nrActive < pool.maxActive) {
      pool.inactive--;
      pool.nrActive++;
      pool.worklist++;
    }
  }

  idleWorker(pool: Pool): Worker | null {
    // LIFO like the pool's idle_list: the most recently idle worker is woken first.
    let best: Worker | null = null;
    for (const w of pool.workers) if (w.state === 'idle' && !w.dead && (best === null || w.idleSinceNs >= best.idleSinceNs)) best = w;
    return best;
  }

  createWorker(pool: Pool, sched: Scheduler): Worker {
    const id = pool.nextId++;
    const index = this.workers.length;
    const name = `kworker/u${pool.id}:${id}`;
    // WQ_HIGHPRI: nice −20; unbound: any CPU of the node.
    const thread = sched.createThread('kworker', index, name, -20, pool.cpus);
    const w: Worker = {
      index,
      node: pool.node,
      id,
      name,
      thread,
      state: 'idle',
      busy: false,
      pids: [],
      nrs: [],
      pos: 0,
      groupEnd: 0,
      groupEntries: 0,
      nodesInWork: 0,
      worksRun: 0,
      entriesFreed: 0,
      idleSinceNs: 0,
      dead: false,
    };
    this.workers.push(w);
    pool.workers.push(w);
    return w;
  }

  goIdle(w: Worker, nowNs: number): void {
    w.state = 'idle';
    w.busy = false;
    w.idleSinceNs = nowNs;
  }

  /** idle_worker_timeout: destroy idle workers beyond the reserve after IDLE_WORKER_TIMEOUT. */
  reapIdle(nowNs: number, _sched: Scheduler): void {
    for (const pool of this.pools) {
      for (;;) {
        const live = pool.workers.filter((w) => !w.dead);
        const idle = live.filter((w) => w.state === 'idle');
        const busy = live.length - idle.length;
        if (!(idle.length > 2 && (idle.length - 2) * MAX_IDLE_WORKERS_RATIO >= busy)) break;
        const oldest = idle.reduce((a, b) => (b.idleSinceNs < a.idleSinceNs ? b : a));
        if (nowNs - oldest.idleSinceNs < IDLE_WORKER_TIMEOUT_NS) break;
        oldest.dead = true;
      }
    }
  }

  /** Once a simulated second: entries freed per second and CPU busy share of each pool. */
  sample(nowNs: number, sched: Scheduler): void {
    for (const pool of this.pools) {
      let cpuNs = 0;
      for (const w of pool.workers) cpuNs += sched.cpuNsOf(w.thread, nowNs);
      pool.entriesPerSec = pool.entriesFreed - pool.lastEntries;
      pool.busyPct = (100 * (cpuNs - pool.lastCpuNs)) / (1e9 * Math.max(1, pool.cpus.length));
      pool.lastEntries = pool.entriesFreed;
      pool.lastCpuNs = cpuNs;
    }
  }
}
