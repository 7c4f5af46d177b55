import {Scheduler, type Thread} from './cpu.ts';
import type {Device} from './devices.ts';
import {EventQueue} from './event-queue.ts';
import {createMm, runSize, swapOut, type Mm, type MmSpec} from './mm.ts';
import {DEFAULT_PARAMS, checkParam, type NumericParam} from './params.ts';
import {Psi, PSI_PERIOD_NS} from './psi.ts';
import {createStreams, type Rng, type StreamName} from './rng.ts';
import type {LmkdSnapshot, LogEntry, LogKind, MemorySnapshot, Params, PolicyName, Snapshot} from './snapshot.ts';
import {buildSnapshot} from './snapshot-builder.ts';
import {WorkQueue, type Worker} from './workqueue.ts';

export const PAGE_SIZE = 4096;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

/** Events are plain data, dispatched by one switch in `Engine.dispatch`. */
export type EngineEvent =
  | {readonly kind: 'cpu'; readonly cpu: number; readonly version: number}
  | {readonly kind: 'tick'}
  | {readonly kind: 'kill'; readonly pid: number; readonly reason: string}
  | {readonly kind: 'world'; readonly tag: string; readonly a: number};

/** Something a scenario plugs into the engine: it creates processes and schedules world events. */
export interface Workload {
  readonly name: string;
  init(engine: Engine): void;
  onEvent?(engine: Engine, tag: string, a: number): void;
  /** A 'world' thread finished its segment. */
  onThreadDone?(engine: Engine, thread: Thread): void;
  /** A process finished do_task_dead (or its munmap). */
  onProcDone?(engine: Engine, proc: Proc): void;
  /** Called once per simulated second. */
  onTick?(engine: Engine): void;
  foreground?(engine: Engine): Snapshot['foreground'];
  /** A world command from the dashboard (e.g. 'camera-launch'); false when this workload has none. */
  command?(engine: Engine, name: string): boolean;
  /** Extra sections of the headless summary (foreground, lmkd, …). */
  summary?(engine: Engine): Readonly<Record<string, unknown>>;
  /**
   * A zap just unmapped `pages` present pages of `proc`; returns how many of them stay allocated
   * (file pages, which go back to the page cache instead of the free lists). Default: none.
   */
  onUnmapPresent?(engine: Engine, proc: Proc, pages: number): number;
  /** Free memory changed by `deltaPages` (either way, from the engine or the workload). */
  onFreePagesChanged?(engine: Engine, deltaPages: number): void;
  /** What the workload adds to the snapshot (memory breakdown, lmkd). */
  snapshotExtras?(engine: Engine): SnapshotExtras;
}

/** Snapshot parts only a workload knows. */
export interface SnapshotExtras {
  readonly memory?: Partial<MemorySnapshot>;
  readonly lmkd?: LmkdSnapshot;
}

export interface EngineConfig {
  readonly scenario: string;
  readonly device: Device;
  readonly seed: number;
  readonly params?: Partial<Params>;
  /** GFP_ATOMIC failure probability of the 32-byte swap_entry_cache node. */
  readonly nodeAllocFailRate?: number;
  /** GFP_ATOMIC failure probability of the release work_struct. */
  readonly workAllocFailRate?: number;
  /** Keep an exact trace of the exit path and the gather machinery (tests). */
  readonly trace?: boolean;
}

/** One line of the exact trace; `ev` is the kernel function name. */
export interface TraceEntry {
  readonly tNs: number;
  readonly ev: string;
  readonly pid?: number;
  readonly detail?: string;
}

export type ProcState = 'alive' | 'killed' | 'do_exit' | 'munmap' | 'dead';
type Phase = 'none' | 'prologue' | 'zap' | 'wait' | 'epilogue';

/** A process (thread group leader): its mm and the exit path's bookkeeping. */
export interface Proc {
  readonly pid: number;
  readonly comm: string;
  oomScoreAdj: number;
  state: ProcState;
  readonly mm: Mm;
  readonly thread: Thread;
  readonly meanRunEntries: number;
  /** The task is dying (fatal signal pending / PF_EXITING): its own zap may gather. */
  dying: boolean;
  phase: Phase;
  startNs: number;
  killedAtNs: number;
  zapDoneNs: number;
  deadNs: number;
  lastFreeNs: number;
  entriesAtKill: number;
  freedSync: number;
  gathered: number;
  /** Entries on the gather list or in a worker's spliced batch, not yet freed. */
  parked: number;
  freedAsync: number;
  reaped: boolean;
  /** CPU work (ns at capacity 1.0) in free_swap_and_cache_nr and in its zram part, for the exit breakdown. */
  freeSwapWork: number;
  zramWork: number;
  exitWork: number;
  killReason: string;
  /** oom_score_adj when it was killed. */
  oomScoreAdjAtKill: number;
  /** exiting_task_count when it entered do_exit, itself excluded. */
  exitingAtStart: number;
  /** When its last swap entry was freed (−1 until then). */
  releasedNs: number;
}

/** A context zapping page tables: the dying task itself or a reaper (process_mrelease). */
interface Zapper {
  readonly thread: Thread;
  proc: Proc;
  readonly dying: boolean;
  table: number;
  syncEntries: number;
  onDone: ((engine: Engine) => void) | null;
}

/** Per finished task, what the summary needs. */
export interface ExitRecord {
  readonly pid: number;
  readonly comm: string;
  readonly killed: boolean;
  readonly startNs: number;
  readonly zapDoneNs: number;
  readonly deadNs: number;
  readonly entriesAtKill: number;
  readonly freeSwapWork: number;
  readonly zramWork: number;
  readonly exitWork: number;
  readonly oomScoreAdj: number;
  readonly killReason: string;
  readonly exitingAtStart: number;
  /** When its last swap entry was freed; −1 until then (parked entries may outlive the task). */
  releasedNs: number;
  /** The task's CPU time in do_exit by CPU cluster name, ns. */
  readonly cpuNsByCluster: Readonly<Record<string, number>>;
}

const LOG_MAX = 200;
const RECENT_EXITS = 64;
/** Nodes a worker frees in one segment at most (a segment is one unit of simulated work). */
const GROUP_MAX_NODES = 64;

export class Engine {
  readonly device: Device;
  readonly scenario: string;
  readonly seed: number;
  readonly sched: Scheduler;
  readonly rng: Record<StreamName, Rng>;
  readonly psi = new Psi();
  readonly wq: WorkQueue;
  params: Params;
  nodeAllocFailRate: number;
  workAllocFailRate: number;

  private readonly queue = new EventQueue<EngineEvent>();
  private now = 0;
  eventCount = 0;
  private readonly workload: Workload;

  // Memory (pages).
  readonly totalPages: number;
  private free = 0;
  freeMinPages = Infinity;
  readonly minPages: number;
  readonly lowPages: number;
  readonly highPages: number;
  /** Pages stored in zram (orig_data_size / PAGE_SIZE), parked entries included. */
  zramPages = 0;
  zramPeakPages = 0;
  /**
   * zram's compressed pool is charged to free memory (a world with memory pressure turns this on
   * before it spawns anything): compressing a page then frees only 1 − 1/zramRatio of it, and the
   * pool shrinks back only when an entry is really freed (parked entries keep holding it).
   */
  zramChargesRam = false;
  private zramChargedPages = 0;
  readonly swapTotalPages: number;

  // The patch's state (mm/swapfile.c).
  /** exiting_task_count */
  exitingTaskCount = 0;
  /** swap_cache_list, as parallel arrays of (pid, nr); spliced whole by a worker. */
  listPids: number[] = [];
  listNrs: number[] = [];
  /** cache_count */
  cacheCount = 0;
  cachePeak = 0;
  entriesParked = 0;
  parkedPeak = 0;
  flushes = {threshold: 0, oom: 0, manual: 0};
  workQueued = 0;
  workEmpty = 0;
  asyncSwapCount = 0;
  allocFailures = {node: 0, work: 0};
  private lastThresholdLogNs = -Infinity;
  private thresholdSinceLog = 0;
  /** __alloc_pages_may_oom entries. */
  oomPathEntries = 0;

  readonly procs = new Map<number, Proc>();
  private nextPid = 1000;
  private readonly zappers: Zapper[] = [];
  readonly exitRecords: ExitRecord[] = [];
  /** Exit records of dead tasks whose parked entries are not all freed yet, by pid. */
  private readonly unreleased = new Map<number, ExitRecord>();
  readonly recentExitMs: number[] = [];
  kills = 0;
  /** Running totals over killed (or munmapping) tasks, for the conservation check. */
  totalEntriesAtKill = 0;
  totalFreedSync = 0;
  totalFreedAsync = 0;
  /** PTE tables zapped (the unit of work of the exit path), for the benchmark. */
  tablesZapped = 0;
  /** CPU time of tasks that finished their exit. */
  doneTaskCpuNs = 0;
  readonly releaseNs: number[] = [];

  private readonly logEntries: LogEntry[] = [];
  private logSeq = 0;
  readonly trace: TraceEntry[] | null;
  /** Max cache_count per simulated second, the last 60. */
  readonly cacheHistory: number[] = [];
  private cacheSecondMax = 0;
  private snapshotCache: {key: string; snapshot: Snapshot} | null = null;
  tickCount = 0;
  /** Busy share of each CPU over the last simulated second, 0–100. */
  readonly cpuBusyPct: number[] = [];
  private readonly cpuBusyLast: number[] = [];

  constructor(config: EngineConfig, workload: Workload) {
    this.device = config.device;
    this.scenario = config.scenario;
    this.seed = config.seed;
    this.params = {...DEFAULT_PARAMS, ...config.params};
    this.nodeAllocFailRate = config.nodeAllocFailRate ?? 0;
    this.workAllocFailRate = config.workAllocFailRate ?? 0;
    this.trace = config.trace ? [] : null;
    this.rng = createStreams(config.seed);
    this.workload = workload;

    const specs = this.device.clusters.flatMap((c) => Array.from({length: c.count}, () => ({node: c.node, capacity: c.capacity})));
    this.sched = new Scheduler(
      specs,
      (tNs, cpu, version) => this.queue.push(tNs, {kind: 'cpu', cpu, version}),
      (thread) => this.segmentDone(thread),
    );
    this.wq = new WorkQueue(specs.map((s) => s.node), this.params.maxActive);

    const d = this.device;
    this.totalPages = Math.round((d.ramMB * 1024 * 1024) / PAGE_SIZE);
    this.freePages = this.totalPages;
    // __setup_per_zone_wmarks: low = min + max(min/4, managed · watermark_scale_factor / 10000).
    this.minPages = Math.round((d.minFreeKbytes * 1024) / PAGE_SIZE);
    const gap = Math.max(this.minPages / 4, (this.totalPages * d.watermarkScaleFactor) / 10_000);
    this.lowPages = Math.round(this.minPages + gap);
    this.highPages = Math.round(this.minPages + 2 * gap);
    this.swapTotalPages = Math.round((d.zramDiskMB * 1024 * 1024) / PAGE_SIZE);

    this.queue.push(NS_PER_S, {kind: 'tick'}, 1);
    workload.init(this);
    this.sched.flush();
  }

  get nowNs(): number {
    return this.now;
  }

  /** Free pages; the low-water mark is kept for the summary. */
  get freePages(): number {
    return this.free;
  }

  set freePages(pages: number) {
    const delta = pages - this.free;
    this.free = pages;
    if (pages < this.freeMinPages) this.freeMinPages = pages;
    if (delta !== 0) this.workload?.onFreePagesChanged?.(this, delta);
  }

  /** Reaper threads register here so their CPU time is summed. */
  readonly reaperThreads: Thread[] = [];

  reaperCpuNs(): number {
    let ns = 0;
    for (const t of this.reaperThreads) ns += this.sched.cpuNsOf(t, this.now);
    return ns;
  }

  // ---- running -------------------------------------------------------------------------------

  /** Process the next event; false when nothing is left. */
  step(): boolean {
    // Plan what a call between steps (forceFlush, setParam) put on a CPU, at the time it was made:
    // left for after the next event, it would be planned from the past and the clock would go back.
    this.sched.flush();
    const item = this.queue.pop();
    if (!item) return false;
    this.now = item.tNs;
    this.eventCount++;
    this.dispatch(item.event);
    this.sched.flush();
    return true;
  }

  /** Run every event up to and including `tNs`, then set the clock to `tNs`. */
  runUntil(tNs: number): void {
    this.sched.flush();
    while (this.queue.peekTime() <= tNs) this.step();
    if (tNs > this.now) this.now = tNs;
  }

  /** Schedule a workload event. */
  at(tNs: number, tag: string, a = 0): void {
    this.queue.push(Math.max(tNs, this.now), {kind: 'world', tag, a}, 2);
  }

  private dispatch(ev: EngineEvent): void {
    switch (ev.kind) {
      case 'cpu':
        this.sched.dispatch(ev.cpu, ev.version, this.now);
        break;
      case 'tick':
        this.tick();
        break;
      case 'kill':
        this.kill(ev.pid, ev.reason);
        break;
      case 'world':
        this.workload.onEvent?.(this, ev.tag, ev.a);
        break;
    }
  }

  private tick(): void {
    this.tickCount++;
    this.cacheHistory.push(Math.max(this.cacheSecondMax, this.cacheCount));
    if (this.cacheHistory.length > 60) this.cacheHistory.shift();
    this.cacheSecondMax = this.cacheCount;
    if ((this.tickCount * NS_PER_S) % PSI_PERIOD_NS === 0) this.psi.updateAverages(this.now);
    this.wq.sample(this.now, this.sched);
    for (let cpu = 0; cpu < this.sched.count; cpu++) {
      const busy = this.sched.busyNs(cpu, this.now);
      this.cpuBusyPct[cpu] = (100 * (busy - (this.cpuBusyLast[cpu] ?? 0))) / NS_PER_S;
      this.cpuBusyLast[cpu] = busy;
    }
    this.wq.reapIdle(this.now, this.sched);
    this.workload.onTick?.(this);
    this.queue.push(this.now + NS_PER_S, {kind: 'tick'}, 1);
  }

  // ---- parameters ------------------------------------------------------------------------------

  /** Change a tunable while running; returns an error message or null. Logged. */
  setParam(key: NumericParam, value: number): string | null {
    const err = checkParam(key, value);
    if (err) return err;
    const old = this.params[key];
    this.params = {...this.params, [key]: value};
    if (key === 'maxActive') this.wq.setMaxActive(value, (node) => this.kick(node));
    this.log('param', `${PARAM_LABEL[key]}: ${old} → ${value}`);
    return null;
  }

  setPolicy(policy: PolicyName): void {
    const old = this.params.policy;
    this.params = {...this.params, policy};
    this.log('param', `policy: ${old} → ${policy}`);
  }

  /** `f` on the dashboard, or v0 2/2 on the OOM path: flush_cache_if_needed(false). */
  forceFlush(reason: 'manual' | 'oom', node = 0): number {
    if (reason === 'oom') {
      this.oomPathEntries++;
      if (this.params.policy !== 'gather-oom') return 0;
    }
    return this.flushCacheIfNeeded(false, node, reason);
  }

  // ---- processes -------------------------------------------------------------------------------

  spawn(spec: MmSpec & {comm: string; oomScoreAdj: number; nice?: number; allowed?: readonly number[] | null; layoutRng?: Rng | null}): Proc {
    const pid = this.nextPid++;
    const mm = createMm(spec, spec.layoutRng === undefined ? this.rng.layout : spec.layoutRng);
    const thread = this.sched.createThread('task', pid, spec.comm, spec.nice ?? 0, spec.allowed ?? null);
    const proc: Proc = {
      pid,
      comm: spec.comm,
      oomScoreAdj: spec.oomScoreAdj,
      state: 'alive',
      mm,
      thread,
      meanRunEntries: spec.meanRunEntries,
      dying: false,
      phase: 'none',
      startNs: this.now,
      killedAtNs: -1,
      zapDoneNs: -1,
      deadNs: -1,
      lastFreeNs: -1,
      entriesAtKill: 0,
      freedSync: 0,
      gathered: 0,
      parked: 0,
      freedAsync: 0,
      reaped: false,
      freeSwapWork: 0,
      zramWork: 0,
      exitWork: 0,
      killReason: '',
      oomScoreAdjAtKill: spec.oomScoreAdj,
      exitingAtStart: 0,
      releasedNs: -1,
    };
    this.procs.set(pid, proc);
    this.freePages -= spec.presentPages;
    this.addZram(spec.swapEntries);
    return proc;
  }

  /** kswapd moved `pages` of a live process to zram. */
  swapOutPages(proc: Proc, pages: number): number {
    const done = swapOut(proc.mm, pages, proc.meanRunEntries);
    this.freePages += done;
    this.addZram(done);
    return done;
  }

  scheduleKill(tNs: number, pid: number, reason: string): void {
    this.queue.push(tNs, {kind: 'kill', pid, reason}, 0);
  }

  /** SIGKILL: the task will run do_exit when scheduled. */
  kill(pid: number, reason: string): boolean {
    const proc = this.procs.get(pid);
    if (!proc || proc.state !== 'alive') return false;
    proc.state = 'killed';
    proc.dying = true;
    proc.killedAtNs = this.now;
    proc.startNs = this.now;
    proc.lastFreeNs = this.now;
    proc.entriesAtKill = proc.mm.swapents;
    this.totalEntriesAtKill += proc.entriesAtKill;
    proc.killReason = reason;
    proc.oomScoreAdjAtKill = proc.oomScoreAdj;
    proc.exitingAtStart = this.exitingTaskCount;
    this.kills++;
    const mb = (proc.mm.swapents * PAGE_SIZE) / 1048576;
    this.log('kill', `kill ${proc.comm} (${pid}) adj ${proc.oomScoreAdj}: ${reason}, ${mb.toFixed(0)} MB in swap`);
    this.traceEv('kill', pid, reason);
    // The task runs do_exit as soon as it is scheduled, which under processor sharing is at once;
    // inc_exiting_task_count() is do_exit's first step (MODEL.md §2), before the prologue's work.
    proc.state = 'do_exit';
    this.exitingTaskCount++;
    this.traceEv('do_exit', pid, `exiting_task_count=${this.exitingTaskCount}`);
    proc.phase = 'prologue';
    proc.exitWork += this.device.costs.exitPrologueNs;
    this.sched.run(proc.thread, this.now, this.device.costs.exitPrologueNs);
    return true;
  }

  /** A live process unmaps all its memory (the munmap micro-benchmark): not dying, never gathers. */
  startMunmap(pid: number): void {
    const proc = this.procs.get(pid);
    if (!proc || proc.state !== 'alive') return;
    proc.state = 'munmap';
    proc.startNs = this.now;
    proc.lastFreeNs = this.now;
    proc.entriesAtKill = proc.mm.swapents;
    this.totalEntriesAtKill += proc.entriesAtKill;
    proc.phase = 'zap';
    this.zapNext(this.zapperOf(proc));
  }

  /**
   * process_mrelease from a reaper thread: zaps the victim's mm from the reaper's own context,
   * synchronously (the reaper is not dying), racing the victim's exit over the same page tables.
   */
  startReap(thread: Thread, pid: number, onDone: (engine: Engine) => void): boolean {
    const proc = this.procs.get(pid);
    if (!proc || proc.state === 'alive' || proc.state === 'dead' || proc.mm.next >= proc.mm.present.length) return false;
    proc.reaped = true;
    const z: Zapper = {thread, proc, dying: false, table: -1, syncEntries: 0, onDone};
    this.zappers[thread.owner] = z;
    this.zapNext(z);
    return true;
  }

  private zapperOf(proc: Proc): Zapper {
    let z = this.zappers[proc.thread.owner];
    if (!z || z.thread !== proc.thread) {
      z = {thread: proc.thread, proc, dying: proc.dying, table: -1, syncEntries: 0, onDone: null};
      this.zappers[proc.thread.owner] = z;
    }
    return z;
  }

  private segmentDone(thread: Thread): void {
    switch (thread.kind) {
      case 'task':
        this.taskSegmentDone(this.procs.get(thread.owner)!);
        break;
      case 'reaper': {
        const z = this.zappers[thread.owner]!;
        this.finishTable(z);
        this.zapNext(z);
        break;
      }
      case 'kworker':
        this.workerSegmentDone(this.wq.workers[thread.owner]!);
        break;
      case 'world':
        this.workload.onThreadDone?.(this, thread);
        break;
    }
  }

  private taskSegmentDone(proc: Proc): void {
    switch (proc.phase) {
      case 'prologue':
        // do_exit up to exit_mm is done: exit_mm → exit_mmap → unmap_vmas.
        proc.phase = 'zap';
        this.zapNext(this.zapperOf(proc));
        break;
      case 'zap': {
        const z = this.zapperOf(proc);
        this.finishTable(z);
        this.zapNext(z);
        break;
      }
      case 'epilogue':
        this.taskDead(proc);
        break;
      default:
        break;
    }
  }

  /** Claim the next PTE table of the mm, or end this zapper's part. */
  private zapNext(z: Zapper): void {
    const mm = z.proc.mm;
    if (mm.next < mm.present.length) {
      this.startTable(z, mm.next++);
      return;
    }
    z.table = -1;
    if (z.thread.kind === 'reaper') {
      this.sched.sleep(z.thread, this.now);
      this.wakeWaitingOwner(z.proc);
      z.onDone?.(this);
      return;
    }
    if (mm.zapping > 0) {
      // exit_mmap needs mmap_write_lock for free_pgtables: wait for the reaper's table.
      z.proc.phase = 'wait';
      this.sched.sleep(z.thread, this.now);
      return;
    }
    this.zapDone(z.proc);
  }

  private wakeWaitingOwner(proc: Proc): void {
    if (proc.phase === 'wait' && proc.mm.zapping === 0) this.zapDone(proc);
  }

  private zapDone(proc: Proc): void {
    proc.zapDoneNs = this.now;
    this.traceEv('exit_mmap', proc.pid, `freed_sync=${proc.freedSync} gathered=${proc.gathered}`);
    if (proc.state === 'munmap') {
      this.sched.sleep(proc.thread, this.now);
      this.finishProc(proc);
      return;
    }
    proc.phase = 'epilogue';
    proc.exitWork += this.device.costs.exitEpilogueNs;
    this.sched.run(proc.thread, this.now, this.device.costs.exitEpilogueNs);
  }

  private taskDead(proc: Proc): void {
    // dec_exiting_task_count(); do_task_dead()
    this.exitingTaskCount--;
    this.sched.sleep(proc.thread, this.now);
    this.traceEv('do_task_dead', proc.pid, `exiting_task_count=${this.exitingTaskCount}`);
    this.finishProc(proc);
  }

  private finishProc(proc: Proc): void {
    // Its zapper is done: dropping it lets the dead task's page tables go (a day-long run kept them all).
    if (this.zappers[proc.thread.owner]?.proc === proc) delete this.zappers[proc.thread.owner];
    proc.deadNs = this.now;
    proc.phase = 'none';
    const wasKilled = proc.state !== 'munmap';
    proc.state = 'dead';
    this.doneTaskCpuNs += proc.thread.cpuNs;
    const ms = (proc.deadNs - proc.startNs) / NS_PER_MS;
    this.recentExitMs.push(ms);
    if (this.recentExitMs.length > RECENT_EXITS) this.recentExitMs.shift();
    const record: ExitRecord = {
      pid: proc.pid,
      comm: proc.comm,
      killed: wasKilled,
      startNs: proc.startNs,
      zapDoneNs: proc.zapDoneNs,
      deadNs: proc.deadNs,
      entriesAtKill: proc.entriesAtKill,
      freeSwapWork: proc.freeSwapWork,
      zramWork: proc.zramWork,
      exitWork: proc.exitWork,
      oomScoreAdj: proc.oomScoreAdjAtKill,
      killReason: proc.killReason,
      exitingAtStart: proc.exitingAtStart,
      releasedNs: -1,
      cpuNsByCluster: this.cpuByCluster(proc.thread),
    };
    this.exitRecords.push(record);
    this.unreleased.set(proc.pid, record);
    if (wasKilled) this.log('exit', `${proc.comm} (${proc.pid}) dead after ${ms.toFixed(0)} ms`);
    this.maybeReleased(proc);
    this.workload.onProcDone?.(this, proc);
  }

  /** All of a task's swap entries are free: record SIGKILL → last free. */
  private maybeReleased(proc: Proc): void {
    if (proc.parked > 0 || proc.deadNs < 0) return;
    if (proc.entriesAtKill > 0) this.releaseNs.push(proc.lastFreeNs - proc.startNs);
    proc.releasedNs = proc.lastFreeNs;
    const record = this.unreleased.get(proc.pid);
    if (record) record.releasedNs = proc.lastFreeNs;
    this.unreleased.delete(proc.pid);
    this.procs.delete(proc.pid);
  }

  /** A task's CPU time by cluster of the device (clusters in the order of their CPUs). */
  private cpuByCluster(thread: Thread): Record<string, number> {
    const out: Record<string, number> = {};
    let cpu = 0;
    for (const c of this.device.clusters) {
      let ns = 0;
      for (let i = 0; i < c.count; i++, cpu++) ns += thread.cpuNsByCpu?.[cpu] ?? 0;
      out[c.name] = (out[c.name] ?? 0) + ns;
    }
    return out;
  }

  // ---- zap_pte_range and add_to_swap_gather_cache --------------------------------------------------

  private startTable(z: Zapper, table: number): void {
    const mm = z.proc.mm;
    const c = this.device.costs;
    const p = mm.present[table]!;
    const s = mm.swap[table]!;
    const r = mm.runs[table]!;
    mm.zapping++;
    z.table = table;
    const node = this.sched.nodeOf(z.thread.cpu >= 0 ? z.thread.cpu : Math.max(0, z.thread.lastCpu));
    let work = c.pteTableNs + p * c.presentPageNs;
    let syncEntries = 0;
    let syncRuns = 0;
    let gathered = 0;
    if (s > 0 && this.eligible(z)) {
      for (let j = 0; j < r; j++) {
        const nr = runSize(s, r, j);
        const q = this.addToSwapGatherCache(z.proc, nr, node);
        if (q < 0) {
          syncEntries += nr;
          syncRuns++;
        } else {
          gathered += nr;
          work += c.gatherAddNs + q * c.queueWorkNs;
        }
      }
    } else {
      syncEntries = s;
      syncRuns = r;
    }
    const others = this.sched.zramCpusExcept(z.thread.cpu);
    const zram = syncEntries * c.zramNs * (1 + c.zsContention * others);
    const free = syncRuns * c.runNs + syncEntries * c.swapCoreNs + zram;
    work += free;
    // The exit's breakdown is the dying task's own work: a reaper's zap is charged to lmkd.
    if (z.thread.kind === 'task') {
      z.proc.freeSwapWork += free;
      z.proc.zramWork += zram;
      z.proc.exitWork += work;
    }
    z.syncEntries = syncEntries;
    if (gathered > 0) this.traceEv('zap_pte_range', z.proc.pid, `table=${table} gathered=${gathered} sync=${syncEntries}`);
    this.sched.run(z.thread, this.now, work, syncEntries > 0);
  }

  /** The three checks of add_to_swap_gather_cache that hold for a whole PTE table. */
  private eligible(z: Zapper): boolean {
    if (this.params.policy === 'sync') return false;
    if (this.exitingTaskCount < this.params.minExitingTasks) return false;
    if (!z.dying) return false; // task_is_dying(): a reaper is not
    return z.proc.mm.swapents >= this.params.swapentsThreshold;
  }

  /** Returns −1 when the run must be freed synchronously, else the number of works queued. */
  private addToSwapGatherCache(proc: Proc, nr: number, node: number): number {
    if (this.rng.alloc.chance(this.nodeAllocFailRate)) {
      this.allocFailures.node++;
      this.log('alloc-fail', `kmem_cache_alloc(swap_entry_cache) failed: ${proc.comm} frees ${nr} entries inline`);
      this.traceEv('kmem_cache_alloc_failed', proc.pid, `nr=${nr}`);
      return -1;
    }
    this.listPids.push(proc.pid);
    this.listNrs.push(nr);
    this.cacheCount++;
    this.entriesParked += nr;
    proc.parked += nr;
    proc.gathered += nr;
    if (this.cacheCount > this.cachePeak) this.cachePeak = this.cacheCount;
    if (this.cacheCount > this.cacheSecondMax) this.cacheSecondMax = this.cacheCount;
    if (this.entriesParked > this.parkedPeak) this.parkedPeak = this.entriesParked;
    return this.flushCacheIfNeeded(true, node, 'threshold');
  }

  /** flush_cache_if_needed(): queue a release work when the list is long enough (or forced). */
  private flushCacheIfNeeded(checkCount: boolean, node: number, reason: 'threshold' | 'oom' | 'manual'): number {
    if (!((!checkCount && this.cacheCount > 0) || this.cacheCount >= this.params.maxCacheEntries)) return 0;
    this.flushes[reason]++;
    if (this.rng.alloc.chance(this.workAllocFailRate)) {
      this.allocFailures.work++;
      this.log('alloc-fail', `kmalloc(work_struct) failed: ${this.cacheCount} runs wait for the next trigger`);
      this.traceEv('kmalloc_work_failed', undefined, `cache_count=${this.cacheCount}`);
      return 0;
    }
    this.workQueued++;
    this.traceEv('queue_work', undefined, `${reason} node=${node} cache_count=${this.cacheCount}`);
    this.logFlush(reason, node);
    this.wq.queueWork(node);
    this.kick(node);
    return 1;
  }

  /** Threshold flushes come by the thousand: the log gets at most one line per simulated second. */
  private logFlush(reason: 'threshold' | 'oom' | 'manual', node: number): void {
    if (reason !== 'threshold') {
      const what = reason === 'oom' ? 'OOM path' : 'manual';
      this.log(reason === 'oom' ? 'oom' : 'flush', `flush (${what}): cache_count ${this.cacheCount} → queue_work on node ${node}`);
      return;
    }
    this.thresholdSinceLog++;
    if (this.now - this.lastThresholdLogNs < NS_PER_S) return;
    const n = this.thresholdSinceLog;
    this.log('flush', `flush (threshold): cache_count ${this.cacheCount} → queue_work on node ${node}${n > 1 ? ` (${n} since the last line)` : ''}`);
    this.lastThresholdLogNs = this.now;
    this.thresholdSinceLog = 0;
  }

  private finishTable(z: Zapper): void {
    const mm = z.proc.mm;
    const t = z.table;
    if (t < 0) return;
    const p = mm.present[t]!;
    const s = mm.swap[t]!;
    mm.present[t] = 0;
    mm.swap[t] = 0;
    mm.runs[t] = 0;
    mm.zapping--;
    this.tablesZapped++;
    // The zap folds its rss counts into the mm after the PTE table (add_mm_rss_vec).
    mm.swapents -= s;
    const kept = p > 0 ? Math.min(p, Math.max(0, this.workload.onUnmapPresent?.(this, z.proc, p) ?? 0)) : 0;
    mm.rss -= p;
    this.freePages += p - kept;
    if (z.syncEntries > 0) {
      z.proc.freedSync += z.syncEntries;
      this.totalFreedSync += z.syncEntries;
      z.proc.lastFreeNs = this.now;
      this.freeZram(z.syncEntries);
    }
    z.syncEntries = 0;
    z.table = -1;
    if (z.thread.kind === 'reaper') this.wakeWaitingOwner(z.proc);
  }

  // ---- the workqueue and async_release_func ---------------------------------------------------------

  /**
   * kick_pool: if works are pending and no worker is already on its way, wake the most recently
   * idle kworker; with none idle, the pool's manager creates one (one at a time, as
   * maybe_create_worker does). A worker that starts a work kicks again, so concurrency grows one
   * worker at a time while works keep coming (unbound pools keep nr_running at 0).
   */
  private kick(node: number): void {
    const pool = this.wq.pools[node]!;
    const c = this.device.costs;
    if (pool.worklist === 0 || pool.waking > 0) return;
    const idle = this.wq.idleWorker(pool);
    if (idle) {
      idle.state = 'waking';
      pool.waking++;
      this.sched.run(idle.thread, this.now, c.workerWakeNs);
      return;
    }
    if (pool.creating) return;
    pool.creating = true;
    pool.waking++;
    const w = this.wq.createWorker(pool, this.sched);
    w.state = 'creating';
    this.traceEv('create_worker', undefined, w.name);
    this.sched.run(w.thread, this.now, c.workerCreateNs + c.workerWakeNs);
  }

  private workerSegmentDone(w: Worker): void {
    const pool = this.wq.pools[w.node]!;
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
      case 'freeing':
        this.finishGroup(w);
        if (w.pos < w.pids.length) this.startGroup(w);
        else this.finishWork(w);
        break;
      case 'empty':
        this.finishWork(w);
        break;
      default:
        break;
    }
  }

  /** worker_thread: take the next work of the pool, or go idle. */
  private takeWork(w: Worker): void {
    const pool = this.wq.pools[w.node]!;
    if (pool.worklist === 0) {
      this.wq.goIdle(w, this.now);
      this.sched.sleep(w.thread, this.now);
      return;
    }
    pool.worklist--;
    w.busy = true;
    // process_one_work: with more works pending, get another worker going.
    this.kick(pool.node);
    // async_release_func
    if (this.cacheCount === 0) {
      this.workEmpty++;
      w.state = 'empty';
      this.traceEv('async_release_func', undefined, `${w.name} empty`);
      this.sched.run(w.thread, this.now, this.device.costs.emptyWorkNs);
      return;
    }
    w.pids = this.listPids;
    w.nrs = this.listNrs;
    w.pos = 0;
    this.listPids = [];
    this.listNrs = [];
    this.traceEv('async_release_func', undefined, `${w.name} spliced ${this.cacheCount}`);
    this.cacheCount = 0;
    this.startGroup(w);
  }

  /** Free the next group of list nodes (consecutive nodes of one task, at most GROUP_MAX_NODES). */
  private startGroup(w: Worker): void {
    const c = this.device.costs;
    const pid = w.pids[w.pos]!;
    let end = w.pos;
    let entries = 0;
    while (end < w.pids.length && w.pids[end] === pid && end - w.pos < GROUP_MAX_NODES) entries += w.nrs[end++]!;
    w.groupEnd = end;
    w.groupEntries = entries;
    const others = this.sched.zramCpusExcept(w.thread.cpu);
    const nodes = end - w.pos;
    const work = nodes * (c.nodeFreeNs + c.runNs) + entries * (c.swapCoreNs + c.zramNs * (1 + c.zsContention * others));
    w.state = 'freeing';
    this.sched.run(w.thread, this.now, work, true);
  }

  private finishGroup(w: Worker): void {
    const pid = w.pids[w.pos]!;
    const nodes = w.groupEnd - w.pos;
    const entries = w.groupEntries;
    w.pos = w.groupEnd;
    w.entriesFreed += entries;
    w.nodesInWork += nodes;
    this.wq.pools[w.node]!.entriesFreed += entries;
    this.entriesParked -= entries;
    this.totalFreedAsync += entries;
    this.freeZram(entries);
    const proc = this.procs.get(pid);
    if (proc) {
      proc.parked -= entries;
      proc.freedAsync += entries;
      proc.lastFreeNs = this.now;
      this.maybeReleased(proc);
    }
  }

  private finishWork(w: Worker): void {
    if (w.state === 'freeing' || w.nodesInWork > 0) {
      // count_vm_events(ASYNC_SWAP_COUNTS, counts)
      this.asyncSwapCount += w.nodesInWork;
      this.traceEv('async_swap_count', undefined, `${w.name} +${w.nodesInWork}`);
    }
    w.nodesInWork = 0;
    w.pids = [];
    w.nrs = [];
    w.pos = 0;
    w.worksRun++;
    w.busy = false;
    const pool = this.wq.pools[w.node]!;
    pool.worksRun++;
    this.wq.workDone(pool);
    // worker_thread loops over the worklist; with nothing left it goes idle.
    this.takeWork(w);
  }

  // ---- memory --------------------------------------------------------------------------------------

  private addZram(pages: number): void {
    this.zramPages += pages;
    if (this.zramPages > this.zramPeakPages) this.zramPeakPages = this.zramPages;
    this.chargeZram();
  }

  private freeZram(pages: number): void {
    this.zramPages -= pages;
    this.chargeZram();
  }

  /** Keeps free memory net of zram's compressed pool when `zramChargesRam` is on. */
  private chargeZram(): void {
    if (!this.zramChargesRam) return;
    const pool = Math.ceil(this.zramPages / this.device.zramRatio);
    if (pool === this.zramChargedPages) return;
    this.freePages -= pool - this.zramChargedPages;
    this.zramChargedPages = pool;
  }

  /** zram's compressed bytes for `pages` (a whole number of bytes, as mm_stat's compr_data_size). */
  zramBytes(pages = this.zramPages): number {
    return Math.round((pages * PAGE_SIZE) / this.device.zramRatio);
  }

  // ---- observation ---------------------------------------------------------------------------------

  log(kind: LogKind, text: string): void {
    this.logEntries.push({seq: this.logSeq++, tNs: this.now, kind, text});
    if (this.logEntries.length > LOG_MAX) this.logEntries.shift();
  }

  get logView(): readonly LogEntry[] {
    return this.logEntries;
  }

  private traceEv(ev: string, pid?: number, detail?: string): void {
    if (!this.trace) return;
    const e: {tNs: number; ev: string; pid?: number; detail?: string} = {tNs: this.now, ev};
    if (pid !== undefined) e.pid = pid;
    if (detail !== undefined) e.detail = detail;
    this.trace.push(e);
  }

  /** The dashboard's view: the same object until the engine moved. */
  snapshot(): Snapshot {
    const key = `${this.now}:${this.eventCount}:${this.logSeq}:${this.params.policy}:${this.params.maxCacheEntries}:${this.params.minExitingTasks}:${this.params.swapentsThreshold}:${this.params.maxActive}`;
    if (this.snapshotCache?.key === key) return this.snapshotCache.snapshot;
    const snapshot = buildSnapshot(this, this.workload.foreground?.(this) ?? null, this.workload.snapshotExtras?.(this));
    this.snapshotCache = {key, snapshot};
    return snapshot;
  }

  /** Tasks that have not reached do_task_dead, for the snapshot. */
  liveExits(): Proc[] {
    const out: Proc[] = [];
    for (const p of this.procs.values()) if (p.state === 'killed' || p.state === 'do_exit' || p.state === 'munmap') out.push(p);
    return out;
  }

  /** Runs a world command; false when the workload does not know it. */
  worldCommand(name: string): boolean {
    return this.workload.command?.(this, name) ?? false;
  }

  /** Whether the workload takes world commands at all (the dashboard greys out their keys). */
  get hasWorldCommands(): boolean {
    return this.workload.command !== undefined;
  }

  workloadSummary(): Readonly<Record<string, unknown>> {
    return this.workload.summary?.(this) ?? {};
  }
}

export const PARAM_LABEL: Readonly<Record<NumericParam, string>> = {
  maxCacheEntries: 'max_cache_entries',
  minExitingTasks: 'MIN_EXITING_TASKS_THRESHOLD',
  swapentsThreshold: 'MM_SWAPENTS threshold',
  maxActive: 'max_active',
};
