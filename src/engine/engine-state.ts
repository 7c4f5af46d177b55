/**
 * The engine's subsystems wired together, and the facade over their state that workloads, sources
 * and reports read (`engine.freePages`, `engine.exitRecords`, `engine.cacheCount`, …). The event
 * loop and the commands are in engine.ts.
 */
import {Scheduler, type Thread} from './cpu.ts';
import type {Device} from './devices.ts';
import {EventQueue} from './event-queue.ts';
import {ExitPath} from './exit.ts';
import {EngineLog} from './log.ts';
import {Memory} from './memory.ts';
import {DEFAULT_PARAMS, ENGINE_KNOB_DOCS} from './params.ts';
import type {ExitRecord, Proc} from './proc.ts';
import {Psi} from './psi.ts';
import {GATHER_CACHE, type SwapGatherCache} from './release/gather-cache.ts';
import {ReleaseHost} from './release/host.ts';
import {createStreams, type Rng, type StreamName} from './rng.ts';
import type {Params} from './snapshot.ts';
import {FreeCost} from './swap-free.ts';
import {DOUBLE_ZERO, type Clock} from './units.ts';
import {WorkerPools} from './worker-pools.ts';
import {Zap} from './zap.ts';

/** Event kinds (the queue holds plain data; `Engine.dispatch` switches on the kind). */
export const EV_CPU = 0;
export const EV_TICK = 1;
/** a = pid, obj = reason */
export const EV_KILL = 2;
/** a = the workload's number, obj = its tag */
export const EV_WORLD = 3;
/** a = timer id */
export const EV_TIMER = 4;

export interface EngineConfig {
  readonly scenario: string;
  /** The scenario's workload kind, for the snapshot (it names how tasks end). */
  readonly workload?: string;
  readonly device: Device;
  readonly seed: number;
  readonly params?: Partial<Params>;
  /** GFP_ATOMIC failure probability of the 32-byte swap_entry_cache node. */
  readonly nodeAllocFailRate?: number;
  /** GFP_ATOMIC failure probability of the release work_struct. */
  readonly workAllocFailRate?: number;
  /** Keep an exact trace of the exit path and the release machinery (tests). */
  readonly trace?: boolean;
}

export abstract class EngineState {
  readonly device: Device;
  readonly scenario: string;
  readonly workloadKind: string | undefined;
  readonly seed: number;
  readonly rng: Record<StreamName, Rng>;
  readonly psi = new Psi();
  params: Params;
  nodeAllocFailRate: number;
  workAllocFailRate: number;
  readonly sched: Scheduler;
  readonly mem: Memory;
  readonly exit: ExitPath;
  readonly release: ReleaseHost;
  /** Every unbound worker pool and kworker. */
  readonly wq: WorkerPools;
  protected readonly zap: Zap;
  protected readonly elog: EngineLog;
  protected readonly clock: Clock = {ns: DOUBLE_ZERO};
  protected readonly queue = new EventQueue();
  private readonly timers = new Map<number, () => void>();
  private knobValues: Readonly<Record<string, number>> = {};
  private nextTimer = 0;

  protected constructor(config: EngineConfig) {
    this.device = config.device;
    this.scenario = config.scenario;
    this.workloadKind = config.workload;
    this.seed = config.seed;
    this.params = {...DEFAULT_PARAMS, ...config.params};
    this.refreshKnobs();
    this.nodeAllocFailRate = config.nodeAllocFailRate ?? 0;
    this.workAllocFailRate = config.workAllocFailRate ?? 0;
    this.elog = new EngineLog(this.clock, config.trace ?? false);
    this.rng = createStreams(config.seed);
    const d = this.device;
    const specs = d.clusters.flatMap((c, cluster) => Array.from({length: c.count}, () => ({node: c.node, capacity: c.capacity, cluster})));
    this.sched = new Scheduler(
      specs,
      (tNs, cpu, version) => this.queue.push(tNs, 0, EV_CPU, cpu, version),
      (thread) => this.segmentDone(thread),
      (handle) => this.queue.cancel(handle),
      this.clock,
    );
    this.mem = new Memory(d);
    this.wq = new WorkerPools(
      specs.map((s) => s.node),
      this.sched,
      this.clock,
      d.costs,
      this.elog,
    );
    this.release = new ReleaseHost(
      {
        clock: this.clock,
        costs: d.costs,
        log: this.elog,
        sched: this.sched,
        pools: this.wq,
        mem: this.mem,
        free: new FreeCost(this.sched, d),
        allocRng: this.rng.alloc,
        knob: (name) => this.knob(name),
        failRate: (what) => (what === 'node' ? this.nodeAllocFailRate : this.workAllocFailRate),
        exitingTasks: () => this.exit.exitingTaskCount,
        defer: (proc, entries) => this.exit.defer(proc, entries),
        deferredFreed: (pid, entries) => this.exit.deferredFreed(pid, entries),
        after: (delayNs, fn) => this.after(delayNs, fn),
        nodeOf: (cpu) => this.sched.nodeOf(cpu),
      },
      this.params.policy,
    );
    this.zap = new Zap(this.clock, this.sched, d.costs, this.mem, this.release);
    this.exit = new ExitPath(
      this.clock,
      this.sched,
      d.costs,
      this.elog,
      this.zap,
      {
        zapDone: (proc, node) => this.release.zapDone(proc, node),
        procDone: (proc) => this.procDone(proc),
        procReleased: (proc) => this.procReleased(proc),
      },
      d.clusters.map((c) => c.name),
    );
  }

  /** A thread's segment of work is done: its owner decides what comes next. */
  protected abstract segmentDone(thread: Thread): void;
  protected abstract procDone(proc: Proc): void;
  protected abstract procReleased(proc: Proc): void;

  /** An engine knob as currently set (its default when the params do not have it). */
  knob(name: string): number {
    return this.knobValues[name] ?? ENGINE_KNOB_DOCS[name]!.default;
  }

  /** The params changed: the knob values the subsystems read follow. */
  protected refreshKnobs(): void {
    const values: Record<string, number> = {};
    for (const [key, d] of Object.entries(ENGINE_KNOB_DOCS)) {
      const v = (this.params as unknown as Readonly<Record<string, unknown>>)[key];
      values[key] = typeof v === 'number' ? v : d.default;
    }
    this.knobValues = values;
  }

  /** A timer of the engine's own subsystems (a policy's delayed work). */
  private after(delayNs: number, fn: () => void): void {
    const id = this.nextTimer++;
    this.timers.set(id, fn);
    this.queue.push(this.clock.ns + Math.max(0, Math.round(delayNs)), 1, EV_TIMER, id);
  }

  protected fireTimer(id: number): void {
    const fn = this.timers.get(id)!;
    this.timers.delete(id);
    fn();
  }

  get nowNs(): number {
    return this.clock.ns;
  }

  // ---- the facade: what workloads, sources and reports read --------------------------------------

  get procs(): Map<number, Proc> { return this.exit.procs; }
  get exitRecords(): ExitRecord[] { return this.exit.exitRecords; }
  get recentExitMs(): number[] { return this.exit.recentExitMs; }
  get releaseNs(): number[] { return this.exit.releaseNs; }
  get kills(): number { return this.exit.kills; }
  get exitingTaskCount(): number { return this.exit.exitingTaskCount; }
  get totalEntriesAtKill(): number { return this.exit.totalEntriesAtKill; }
  get totalFreedSync(): number { return this.zap.totalFreedSync; }
  get totalFreedAsync(): number { return this.exit.totalFreedAsync; }
  /** Entries whose free a policy deferred, not freed yet (and the peak). */
  get entriesParked(): number { return this.exit.entriesParked; }
  get parkedPeak(): number { return this.exit.parkedPeak; }
  get doneTaskCpuNs(): number { return this.exit.doneTaskCpuNs; }
  get tablesZapped(): number { return this.zap.tablesZapped; }
  get freePages(): number { return this.mem.freePages; }
  set freePages(pages: number) { this.mem.freePages = pages; }
  get freeMinPages(): number { return this.mem.freeMinPages; }
  /** The low-water mark of free memory; a workload resets it once its world is set up. */
  set freeMinPages(pages: number) { this.mem.freeMinPages = pages; }
  get totalPages(): number { return this.mem.totalPages; }
  get minPages(): number { return this.mem.minPages; }
  get lowPages(): number { return this.mem.lowPages; }
  get highPages(): number { return this.mem.highPages; }
  get swapTotalPages(): number { return this.mem.swapTotalPages; }
  /** Swap slots in use (what the swap allocator sees). */
  get swapUsedPages(): number { return this.mem.swapUsedPages; }
  /** Pages stored in zram (objects not freed yet included). */
  get zramPages(): number { return this.mem.zramPages; }
  get zramPeakPages(): number { return this.mem.zramPeakPages; }
  get zramChargesRam(): boolean { return this.mem.zramChargesRam; }
  set zramChargesRam(on: boolean) { this.mem.zramChargesRam = on; }
  zramBytes(pages?: number): number { return this.mem.zramBytes(pages); }

  /** v0's list and counters (its workqueue exists from boot whichever policy runs). */
  protected get v0(): SwapGatherCache { return this.release.find(GATHER_CACHE) as SwapGatherCache; }
  get cacheCount(): number { return this.v0.cacheCount; }
  /** v0's list, (pid, nr) per node (copies: for tests and inspection). */
  get listPids(): readonly number[] { return this.v0.list.expand().pids; }
  get listNrs(): readonly number[] { return this.v0.list.expand().nrs; }
  get cachePeak(): number { return this.v0.cachePeak; }
  get cacheHistory(): readonly number[] { return this.v0.history; }
  get flushes(): {readonly threshold: number; readonly oom: number; readonly manual: number} { return this.v0.flushes; }
  get workQueued(): number { return this.v0.workQueued; }
  get workEmpty(): number { return this.v0.workEmpty; }
  get asyncSwapCount(): number { return this.v0.asyncSwapCount; }
  get allocFailures(): {readonly node: number; readonly work: number} { return this.v0.allocFailures; }
}
