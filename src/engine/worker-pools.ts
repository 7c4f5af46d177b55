/**
 * The unbound worker pools of the machine and the kworkers' loop (kernel/workqueue.c:
 * alloc_workqueue, queue_work, kick_pool, worker_thread, process_one_work, idle_worker_timeout).
 */
import type {Scheduler} from './cpu.ts';
import type {EngineLog} from './log.ts';
import {DOUBLE_ZERO, type Clock} from './units.ts';
import {Pool, type Pwq, type Workqueue, type Worker, type WorkFn} from './workqueue.ts';
import {nodeMaxActive} from './wq-limits.ts';

/** IDLE_WORKER_TIMEOUT: an idle kworker beyond the pool's reserve is destroyed after 300 s. */
const IDLE_WORKER_TIMEOUT_NS = 300e9;
/** MAX_IDLE_WORKERS_RATIO */
const MAX_IDLE_WORKERS_RATIO = 4;

/** What the pools need from the engine: the costs of waking and creating a kworker. */
export interface WorkerCosts {
  readonly workerWakeNs: number;
  readonly workerCreateNs: number;
}

/** Every unbound pool and kworker of the machine, and the workqueues that use them. */
export class WorkerPools {
  readonly pools: Pool[] = [];
  readonly workers: Worker[] = [];
  readonly workqueues: Workqueue[] = [];
  private systemWq: Workqueue | null = null;
  private readonly nodes: number;
  private readonly nodeCpus: number[][];

  /** `cpuNodes[i]` is the node of CPU i. */
  constructor(
    private readonly cpuNodes: readonly number[],
    private readonly sched: Scheduler,
    private readonly clock: Clock,
    private readonly costs: WorkerCosts,
    private readonly log: EngineLog,
  ) {
    this.nodes = Math.max(...cpuNodes) + 1;
    this.nodeCpus = Array.from({length: this.nodes}, (_, node) => cpuNodes.flatMap((n, i) => (n === node ? [i] : [])));
  }

  get nodeCount(): number {
    return this.nodes;
  }

  /** get_unbound_pool: the pool of one node and nice level, created on first use. */
  pool(node: number, highpri: boolean): Pool {
    for (const p of this.pools) if (p.node === node && p.highpri === highpri) return p;
    const p = new Pool(node, 2 * this.cpuNodes.length + 2 * node + (highpri ? 1 : 0), highpri, this.nodeCpus[node]!);
    this.pools.push(p);
    return p;
  }

  /** alloc_workqueue(name, WQ_UNBOUND | (highpri ? WQ_HIGHPRI : 0), maxActive): a workqueue whose works all run `fn`. */
  alloc(name: string, highpri: boolean, maxActive: number, fn: WorkFn | null): Workqueue {
    const pwqs: Pwq[] = [];
    const wq: Workqueue = {name, highpri, maxActive, fn, pwqs};
    for (let node = 0; node < this.nodes; node++) {
      const pool = this.pool(node, highpri);
      const max = nodeMaxActive(maxActive, pool.cpus.length, this.cpuNodes.length);
      const pwq: Pwq = {wq, pool, nrActive: 0, queued: 0, inactive: 0, inactiveFns: [], inactiveHead: 0, worksRun: 0, maxActive: max};
      pwqs.push(pwq);
      pool.pwqs.push(pwq);
    }
    this.workqueues.push(wq);
    return wq;
  }

  /**
   * system_unbound_wq ("events_unbound"): one workqueue that every subsystem queues its own works
   * on (queue_work's `fn`), created on first use with the kernel's default max_active.
   */
  system(): Workqueue {
    this.systemWq ??= this.alloc('events_unbound', false, 0, null);
    return this.systemWq;
  }

  /** queue_work on the pool of the queuing CPU's node: active if under max_active, else inactive. */
  queueWork(wq: Workqueue, node: number, fn: WorkFn | null = wq.fn): void {
    this.queueWorks(wq, node, 1, fn);
  }

  /** `count` queue_work calls in a row from one context at one instant (as many queueWork calls). */
  queueWorks(wq: Workqueue, node: number, count: number, fn: WorkFn | null = wq.fn): void {
    if (!fn) throw new Error(`queue_work on ${wq.name} without a work function`);
    const pwq = wq.pwqs[node]!;
    const pool = pwq.pool;
    for (let k = 0; k < count; k++) {
      if (pwq.nrActive < pwq.maxActive) {
        pwq.nrActive++;
        pool.push(pwq, fn);
      } else {
        pwq.inactive++;
        if (!wq.fn) pwq.inactiveFns.push(fn);
      }
      this.kick(pool);
    }
  }

  /** workqueue_set_max_active (and the per-node split of Linux 6.9+). */
  setMaxActive(wq: Workqueue, maxActive: number): void {
    wq.maxActive = maxActive;
    for (const pwq of wq.pwqs) {
      pwq.maxActive = nodeMaxActive(maxActive, pwq.pool.cpus.length, this.cpuNodes.length);
      this.activate(pwq);
      this.kick(pwq.pool);
    }
  }

  private activate(pwq: Pwq): void {
    while (pwq.inactive > 0 && pwq.nrActive < pwq.maxActive) {
      pwq.inactive--;
      pwq.nrActive++;
      pwq.pool.push(pwq, pwq.wq.fn ?? this.nextInactiveFn(pwq));
    }
  }

  /** The oldest inactive work's function on a system workqueue. */
  private nextInactiveFn(pwq: Pwq): WorkFn {
    const fn = pwq.inactiveFns[pwq.inactiveHead++]!;
    if (pwq.inactiveHead === pwq.inactiveFns.length) {
      pwq.inactiveFns.length = 0;
      pwq.inactiveHead = 0;
    }
    return fn;
  }

  /**
   * kick_pool: if works are pending and no worker is already on its way, wake the most recently
   * idle kworker; with none idle, the pool's manager creates one (one at a time, as
   * maybe_create_worker does). A worker that starts a work kicks again, so concurrency grows one
   * worker at a time while works keep coming (unbound pools keep nr_running at 0).
   */
  kick(pool: Pool): void {
    if (pool.worklist === 0 || pool.waking > 0) return;
    const idle = this.idleWorker(pool);
    if (idle) {
      idle.state = 'waking';
      pool.waking++;
      this.sched.run(idle.thread, this.clock.ns, this.costs.workerWakeNs);
      return;
    }
    if (pool.creating) return;
    pool.creating = true;
    pool.waking++;
    const w = this.createWorker(pool);
    w.state = 'creating';
    if (this.log.trace) this.log.ev('create_worker', undefined, w.name);
    this.sched.run(w.thread, this.clock.ns, this.costs.workerCreateNs + this.costs.workerWakeNs);
  }

  /** A kworker's segment ended (the engine routes kworker threads here). */
  segmentDone(w: Worker): void {
    const pool = w.pool;
    switch (w.state) {
      case 'creating':
        pool.creating = false;
        pool.waking--;
        this.takeWork(w);
        break;
      case 'waking':
        pool.waking--;
        this.takeWork(w);
        break;
      case 'running': {
        const work = w.fn!.next(w);
        if (work >= 0) this.sched.run(w.thread, this.clock.ns, work, w.segZram);
        else this.finishWork(w);
        break;
      }
      default:
        break;
    }
  }

  /** worker_thread: take the next work of the pool, or go idle. */
  private takeWork(w: Worker): void {
    const pool = w.pool;
    const pwq = pool.shift();
    if (!pwq) {
      this.goIdle(w, this.clock.ns);
      this.sched.sleep(w.thread, this.clock.ns);
      return;
    }
    const fn = pool.shiftedFn!;
    w.busy = true;
    w.state = 'running';
    w.pwq = pwq;
    w.fn = fn;
    // process_one_work: with more works pending, get another worker going.
    this.kick(pool);
    w.segZram = false;
    const work = fn.start(w);
    this.sched.run(w.thread, this.clock.ns, work, w.segZram);
  }

  private finishWork(w: Worker): void {
    const pwq = w.pwq!;
    w.pwq = null;
    w.fn = null;
    w.worksRun++;
    w.busy = false;
    pwq.pool.worksRun++;
    pwq.worksRun++;
    // pwq_dec_nr_in_flight: activate an inactive work if any.
    pwq.nrActive--;
    this.activate(pwq);
    // worker_thread loops over the worklist; with nothing left it goes idle.
    this.takeWork(w);
  }

  /** The worker enters the pool's idle list. */
  goIdle(w: Worker, nowNs: number): void {
    w.state = 'idle';
    w.busy = false;
    w.idleSinceNs = nowNs;
    w.pool.idle.push(w);
  }

  /**
   * LIFO like the pool's idle_list: the most recently idle worker is woken first (of several idle
   * since the same instant, the one created last). It leaves the idle list.
   */
  idleWorker(pool: Pool): Worker | null {
    const idle = pool.idle;
    while (idle.length > 0 && (idle[idle.length - 1]!.dead || idle[idle.length - 1]!.state !== 'idle')) idle.pop();
    if (idle.length === 0) return null;
    let pick = idle.length - 1;
    const since = idle[pick]!.idleSinceNs;
    for (let i = pick - 1; i >= 0 && idle[i]!.idleSinceNs === since; i--) if (!idle[i]!.dead && idle[i]!.index > idle[pick]!.index) pick = i;
    const w = idle[pick]!;
    for (let k = pick + 1; k < idle.length; k++) idle[k - 1] = idle[k]!;
    idle.pop();
    return w;
  }

  createWorker(pool: Pool): Worker {
    const id = pool.nextId++;
    const index = this.workers.length;
    const name = `kworker/u${pool.id}:${id}`;
    // WQ_HIGHPRI: nice −20 (else 0); unbound: any CPU of the node.
    const thread = this.sched.createThread('kworker', index, name, pool.highpri ? -20 : 0, pool.cpus);
    const w: Worker = {
      index,
      pool,
      node: pool.node,
      id,
      name,
      thread,
      state: 'idle',
      busy: false,
      pwq: null,
      fn: null,
      segZram: false,
      worksRun: 0,
      entriesFreed: 0,
      idleSinceNs: DOUBLE_ZERO,
      dead: false,
    };
    this.workers.push(w);
    pool.workers.push(w);
    return w;
  }

  /** A work function credits the entries it freed to its worker and pool. */
  credit(w: Worker, entries: number): void {
    w.entriesFreed += entries;
    w.pool.entriesFreed += entries;
  }

  /** idle_worker_timeout: destroy idle workers beyond the reserve after IDLE_WORKER_TIMEOUT. */
  reapIdle(nowNs: number): void {
    for (const pool of this.pools) {
      for (;;) {
        const live = pool.workers.filter((w) => !w.dead);
        const idle = live.filter((w) => w.state === 'idle');
        const busy = live.length - idle.length;
        if (!(idle.length > 2 && (idle.length - 2) * MAX_IDLE_WORKERS_RATIO >= busy)) break;
        const oldest = idle.reduce((a, b) => (b.idleSinceNs < a.idleSinceNs ? b : a));
        if (nowNs - oldest.idleSinceNs < IDLE_WORKER_TIMEOUT_NS) break;
        oldest.dead = true;
        pool.idle.splice(pool.idle.indexOf(oldest), 1);
      }
    }
  }

  /** Once a simulated second: entries freed per second and CPU busy share of each pool. */
  sample(nowNs: number): void {
    for (const pool of this.pools) {
      let cpuNs = 0;
      for (const w of pool.workers) cpuNs += this.sched.cpuNsOf(w.thread, nowNs);
      pool.entriesPerSec = pool.entriesFreed - pool.lastEntries;
      pool.busyPct = (100 * (cpuNs - pool.lastCpuNs)) / (1e9 * Math.max(1, pool.cpus.length));
      pool.lastEntries = pool.entriesFreed;
      pool.lastCpuNs = cpuNs;
    }
  }
}
