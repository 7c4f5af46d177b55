/**
 * The engine core: the event loop (a heap of (time, priority, seq, event), SimPy style) and the
 * wiring of the subsystems, each in its own module the way the kernel splits them: cpu.ts (the
 * scheduler), exit.ts and zap.ts (kernel/exit.c, mm/memory.c), swap-free.ts and contention.ts
 * (free_swap_and_cache_nr, zram and zsmalloc), workqueue.ts, release/ (one module per release
 * policy), memory.ts, psi.ts; engine-state.ts wires them. The `Engine` class is also the facade
 * the workloads, sources and reports use; it knows no release policy by name.
 */
import type {Thread} from './cpu.ts';
import {EV_CPU, EV_KILL, EV_TICK, EV_TIMER, EV_WORLD, EngineState, type EngineConfig} from './engine-state.ts';
import type {LogEntry, LogKind, TraceEntry} from './log.ts';
import {createMm, swapOut, type MmSpec} from './mm.ts';
import {ENGINE_KNOB_DOCS, checkParam, type NumericParam} from './params.ts';
import {newProc, type Proc} from './proc.ts';
import {PSI_PERIOD_NS} from './psi.ts';
import type {Rng} from './rng.ts';
import type {PolicyName, Snapshot} from './snapshot.ts';
import type {WorkloadOf} from './workload.ts';
import {buildSnapshot} from './snapshot-builder.ts';
import {NS_PER_S} from './units.ts';

export {NS_PER_MS, NS_PER_S, PAGE_SIZE} from './units.ts';
export type {ExitRecord, Proc, ProcState} from './proc.ts';
export type {TraceEntry} from './log.ts';
export type {EngineConfig} from './engine-state.ts';
export type {SnapshotExtras} from './workload.ts';

/** Something a scenario plugs into the engine (workload.ts). */
export type Workload = WorkloadOf<Engine>;

export class Engine extends EngineState {
  eventCount = 0;
  tickCount = 0;
  /** __alloc_pages_may_oom entries. */
  oomPathEntries = 0;
  /** Busy share of each CPU over the last simulated second, 0–100. */
  readonly cpuBusyPct: number[] = [];
  /** Reaper threads register here so their CPU time is summed. */
  readonly reaperThreads: Thread[] = [];
  private readonly workload: Workload;
  private readonly cpuBusyLast: number[] = [];
  private nextPid = 1000;
  private paramsVersion = 0;
  private snapshotCache: {key: string; snapshot: Snapshot} | null = null;

  constructor(config: EngineConfig, workload: Workload) {
    super(config);
    this.workload = workload;
    if (workload.onFreePagesChanged) this.mem.onFreeChanged = (delta) => workload.onFreePagesChanged!(this, delta);
    if (workload.onUnmapPresent) this.zap.keepPresent = (proc, pages) => workload.onUnmapPresent!(this, proc, pages);
    this.queue.push(NS_PER_S, 1, EV_TICK);
    workload.init(this);
    this.sched.flush();
  }

  // ---- running -------------------------------------------------------------------------------

  /** Process the next event; false when nothing is left. */
  step(): boolean {
    // Plan what a call between steps (forceFlush, setParam) put on a CPU, at the time it was made:
    // left for after the next event, it would be planned from the past and the clock would go back.
    this.sched.flush();
    const q = this.queue;
    if (!q.pop()) return false;
    this.clock.ns = q.tNs;
    this.eventCount++;
    this.dispatch(q.kind, q.a, q.b, q.obj);
    this.sched.flush();
    return true;
  }

  /** Run every event up to and including `tNs`, then set the clock to `tNs`. */
  runUntil(tNs: number): void {
    const q = this.queue;
    const sched = this.sched;
    sched.flush();
    while (q.popUntil(tNs)) {
      this.clock.ns = q.tNs;
      this.eventCount++;
      this.dispatch(q.kind, q.a, q.b, q.obj);
      sched.flush();
    }
    if (tNs > this.clock.ns) this.clock.ns = tNs;
  }


  /** Schedule a workload event. */
  at(tNs: number, tag: string, a = 0): void {
    this.queue.push(Math.max(tNs, this.clock.ns), 2, EV_WORLD, a, 0, tag);
  }

  private dispatch(kind: number, a: number, b: number, obj: string | null): void {
    switch (kind) {
      case EV_CPU:
        this.sched.dispatch(a, b);
        break;
      case EV_TICK:
        this.tick();
        break;
      case EV_KILL:
        this.exit.kill(a, obj!);
        break;
      case EV_WORLD:
        this.workload.onEvent?.(this, obj!, a);
        break;
      case EV_TIMER:
        this.fireTimer(a);
        break;
    }
  }

  protected procDone(proc: Proc): void {
    this.workload.onProcDone?.(this, proc);
  }

  protected procReleased(proc: Proc): void {
    this.workload.onProcReleased?.(this, proc);
  }

  protected segmentDone(thread: Thread): void {
    switch (thread.kind) {
      case 'task':
        this.exit.taskSegmentDone(thread);
        break;
      case 'reaper':
        this.exit.reaperSegmentDone(thread);
        break;
      case 'kworker':
        this.wq.segmentDone(this.wq.workers[thread.owner]!);
        break;
      case 'world':
        this.workload.onThreadDone?.(this, thread);
        break;
    }
  }

  private tick(): void {
    const now = this.clock.ns;
    this.tickCount++;
    this.release.tick();
    if ((this.tickCount * NS_PER_S) % PSI_PERIOD_NS === 0) this.psi.updateAverages(now);
    this.wq.sample(now);
    for (let cpu = 0; cpu < this.sched.count; cpu++) {
      const busy = this.sched.busyNs(cpu, now);
      this.cpuBusyPct[cpu] = (100 * (busy - (this.cpuBusyLast[cpu] ?? 0))) / NS_PER_S;
      this.cpuBusyLast[cpu] = busy;
    }
    this.wq.reapIdle(now);
    this.workload.onTick?.(this);
    this.queue.push(now + NS_PER_S, 1, EV_TICK);
  }

  // ---- parameters ------------------------------------------------------------------------------

  /** Change a tunable while running; returns an error message or null. Logged. */
  setParam(key: NumericParam, value: number): string | null {
    const err = checkParam(key, value);
    if (err) return err;
    const old = this.params[key] ?? ENGINE_KNOB_DOCS[key]!.default;
    this.params = {...this.params, [key]: value};
    this.refreshKnobs();
    this.paramsVersion++;
    this.release.paramChanged(key);
    this.log('param', `${PARAM_LABEL[key] ?? key}: ${old} → ${value}`);
    return null;
  }

  setPolicy(policy: PolicyName): void {
    const old = this.params.policy;
    this.params = {...this.params, policy};
    this.paramsVersion++;
    this.release.use(policy);
    this.log('param', `policy: ${old} → ${policy}`);
  }

  /** `f` on the dashboard, or the OOM path (__alloc_pages_may_oom): returns the works queued. */
  forceFlush(reason: 'manual' | 'oom', node = 0): number {
    if (reason === 'manual') return this.release.forceFlush(node);
    this.oomPathEntries++;
    return this.release.oomPath(node);
  }

  // ---- processes -------------------------------------------------------------------------------

  spawn(spec: MmSpec & {comm: string; oomScoreAdj: number; nice?: number; allowed?: readonly number[] | null; layoutRng?: Rng | null}): Proc {
    const pid = this.nextPid++;
    const mm = createMm(spec, spec.layoutRng === undefined ? this.rng.layout : spec.layoutRng);
    const thread = this.sched.createThread('task', pid, spec.comm, spec.nice ?? 0, spec.allowed ?? null);
    const proc = newProc(pid, spec.comm, spec.oomScoreAdj, mm, thread, spec.meanRunEntries, this.clock.ns);
    this.exit.procs.set(pid, proc);
    this.mem.freePages -= spec.presentPages;
    this.mem.addSwap(spec.swapEntries);
    return proc;
  }

  /** kswapd moved `pages` of a live process to zram. */
  swapOutPages(proc: Proc, pages: number): number {
    const done = swapOut(proc.mm, pages, proc.meanRunEntries);
    this.mem.freePages += done;
    this.mem.addSwap(done);
    return done;
  }

  scheduleKill(tNs: number, pid: number, reason: string): void {
    this.queue.push(tNs, 0, EV_KILL, pid, 0, reason);
  }

  /** SIGKILL: the task will run do_exit when scheduled. */
  kill(pid: number, reason: string): boolean {
    return this.exit.kill(pid, reason);
  }

  /** A live process unmaps all its memory (the munmap micro-benchmark): not dying, never defers as a dying task. */
  startMunmap(pid: number): void {
    this.exit.startMunmap(pid);
  }

  /** process_mrelease from a reaper thread, racing the victim's exit over the same page tables. */
  startReap(thread: Thread, pid: number, onDone: (engine: Engine) => void): boolean {
    return this.exit.startReap(thread, pid, () => onDone(this));
  }

  reaperCpuNs(): number {
    let ns = 0;
    for (const t of this.reaperThreads) ns += this.sched.cpuNsOf(t, this.clock.ns);
    return ns;
  }

  // ---- observation ---------------------------------------------------------------------------------

  log(kind: LogKind, text: string): void {
    this.elog.log(kind, text);
  }

  get logView(): readonly LogEntry[] {
    return this.elog.view;
  }

  get trace(): TraceEntry[] | null {
    return this.elog.trace;
  }

  /** The dashboard's view: the same object until the engine moved. */
  snapshot(): Snapshot {
    const key = `${this.clock.ns}:${this.eventCount}:${this.elog.seq}:${this.paramsVersion}`;
    if (this.snapshotCache?.key === key) return this.snapshotCache.snapshot;
    const snapshot = buildSnapshot({
      scenario: this.scenario,
      workload: this.workloadKind,
      device: this.device.name,
      seed: this.seed,
      nowNs: this.clock.ns,
      params: this.params,
      exit: this.exit,
      sched: this.sched,
      pools: this.wq,
      mem: this.mem,
      psi: this.psi,
      v0: this.v0,
      cpuBusyPct: this.cpuBusyPct,
      counters: this.release.counters(),
      foreground: this.workload.foreground?.(this) ?? null,
      extras: this.workload.snapshotExtras?.(this) ?? {},
      log: this.elog.view,
    });
    this.snapshotCache = {key, snapshot};
    return snapshot;
  }

  /** Tasks that have not reached do_task_dead, for the snapshot. */
  liveExits(): Proc[] {
    return this.exit.liveExits();
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

export const PARAM_LABEL: Readonly<Partial<Record<NumericParam, string>>> = {
  maxCacheEntries: 'max_cache_entries',
  minExitingTasks: 'MIN_EXITING_TASKS_THRESHOLD',
  swapentsThreshold: 'MM_SWAPENTS threshold',
  maxActive: 'max_active',
};
