/**
 * The exit path (kernel/exit.c): SIGKILL, do_exit with exiting_task_count, exit_mm → exit_mmap →
 * unmap_vmas (zap.ts) racing reapers (process_mrelease) over the same page tables, do_task_dead;
 * and the records of each task's exit and release (its last swap entry freed).
 */
import type {Scheduler, Thread} from './cpu.ts';
import type {Costs} from './devices.ts';
import type {EngineLog} from './log.ts';
import type {ExitRecord, Proc} from './proc.ts';
import {DOUBLE_MINUS_ONE, DOUBLE_ZERO, NS_PER_MS, PAGE_SIZE, type Clock} from './units.ts';
import {newZapper, type Zap, type Zapper} from './zap.ts';

const RECENT_EXITS = 64;

/** What the exit path tells the rest of the engine. */
export interface ExitHooks {
  /** exit_mmap is over for a dying task (the release policy's tlb_finish_mmu hook). */
  zapDone(proc: Proc, node: number): void;
  /** do_task_dead (or the end of a munmap). */
  procDone(proc: Proc): void;
  /** The task's last swap entry is freed. */
  procReleased(proc: Proc): void;
}

export class ExitPath {
  readonly procs = new Map<number, Proc>();
  readonly exitRecords: ExitRecord[] = [];
  readonly recentExitMs: number[] = [];
  /** SIGKILL → last swap entry freed, per released task, in ns. */
  readonly releaseNs: number[] = [];
  /** exiting_task_count */
  exitingTaskCount = 0;
  kills = 0;
  /** Running totals over killed (or munmapping) tasks, for the conservation check. */
  totalEntriesAtKill = 0;
  totalFreedAsync = 0;
  /** Deferred entries not yet freed, and their peak. */
  entriesParked = 0;
  parkedPeak = 0;
  /** CPU time of tasks that finished their exit. */
  doneTaskCpuNs = DOUBLE_ZERO;
  private readonly zappers: Zapper[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly sched: Scheduler,
    private readonly costs: Costs,
    private readonly log: EngineLog,
    private readonly zap: Zap,
    private readonly hooks: ExitHooks,
    private readonly clusterNames: readonly string[],
  ) {}

  /** SIGKILL: the task will run do_exit when scheduled. */
  kill(pid: number, reason: string): boolean {
    const proc = this.procs.get(pid);
    if (!proc || proc.state !== 'alive') return false;
    const now = this.clock.ns;
    proc.state = 'killed';
    proc.dying = true;
    proc.killedAtNs = now;
    proc.startNs = now;
    proc.lastFreeNs = now;
    proc.entriesAtKill = proc.mm.swapents;
    this.totalEntriesAtKill += proc.entriesAtKill;
    proc.killReason = reason;
    this.kills++;
    const mb = (proc.mm.swapents * PAGE_SIZE) / 1048576;
    // A job that calls exit_group is not killed: the log says what happened in its words.
    const what = reason === 'exit_group' ? `${proc.comm} (${pid}) exit_group` : `kill ${proc.comm} (${pid}) adj ${proc.oomScoreAdj}: ${reason}`;
    this.log.log('kill', `${what}, ${mb.toFixed(0)} MB in swap`);
    this.log.ev('kill', pid, reason);
    // The task runs do_exit as soon as it is scheduled, which under processor sharing is at once;
    // inc_exiting_task_count() is do_exit's first step (MODEL.md §2), before the prologue's work.
    proc.state = 'do_exit';
    proc.exitingAtStart = this.exitingTaskCount;
    proc.oomScoreAdjAtKill = proc.oomScoreAdj;
    this.exitingTaskCount++;
    if (this.log.trace) this.log.ev('do_exit', pid, `exiting_task_count=${this.exitingTaskCount}`);
    proc.phase = 'prologue';
    proc.exitWork += this.costs.exitPrologueNs;
    this.sched.run(proc.thread, now, this.costs.exitPrologueNs);
    return true;
  }

  /** A live process unmaps all its memory (the munmap micro-benchmark): not dying, never gathers. */
  startMunmap(pid: number): void {
    const proc = this.procs.get(pid);
    if (!proc || proc.state !== 'alive') return;
    proc.state = 'munmap';
    proc.startNs = this.clock.ns;
    proc.lastFreeNs = this.clock.ns;
    proc.entriesAtKill = proc.mm.swapents;
    this.totalEntriesAtKill += proc.entriesAtKill;
    proc.phase = 'zap';
    this.zapNext(this.zapperOf(proc));
  }

  /**
   * process_mrelease from a reaper thread: zaps the victim's mm from the reaper's own context,
   * synchronously (the reaper is not dying), racing the victim's exit over the same page tables.
   * Nothing to do once the victim's own walk is over (its mm is being torn down or gone).
   */
  startReap(thread: Thread, pid: number, onDone: () => void): boolean {
    const proc = this.procs.get(pid);
    if (!proc || proc.state === 'alive' || proc.state === 'dead' || proc.phase === 'wait' || proc.phase === 'epilogue') return false;
    proc.reaped = true;
    const z = newZapper(thread, proc, false, onDone);
    this.zappers[thread.owner] = z;
    this.zap.join(z);
    this.zapNext(z);
    return true;
  }

  private zapperOf(proc: Proc): Zapper {
    let z = this.zappers[proc.thread.owner];
    if (!z || z.thread !== proc.thread) {
      z = newZapper(proc.thread, proc, proc.dying, null);
      this.zappers[proc.thread.owner] = z;
      this.zap.join(z);
    }
    return z;
  }

  /** A reaper's table is done. */
  reaperSegmentDone(thread: Thread): void {
    const z = this.zappers[thread.owner]!;
    this.tableDone(z);
    this.zapNext(z);
  }

  /** The task's segment is done: the next step of do_exit. */
  taskSegmentDone(thread: Thread): void {
    const proc = this.procs.get(thread.owner)!;
    switch (proc.phase) {
      case 'prologue':
        // do_exit up to exit_mm is done: exit_mm → exit_mmap → unmap_vmas.
        proc.phase = 'zap';
        this.zapNext(this.zapperOf(proc));
        break;
      case 'zap': {
        const z = this.zapperOf(proc);
        this.tableDone(z);
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

  /** The next step of a zapper's walk (zap.ts), or the end of its part when the walk is over. */
  private zapNext(z: Zapper): void {
    if (this.zap.step(z)) return;
    const now = this.clock.ns;
    if (z.thread.kind === 'reaper') {
      this.sched.sleep(z.thread, now);
      this.wakeWaitingOwner(z.proc);
      z.onDone?.();
      return;
    }
    if (this.zap.walking(z.proc)) {
      // exit_mmap needs mmap_write_lock for free_pgtables: wait until the reapers' walks are over.
      z.proc.phase = 'wait';
      this.sched.sleep(z.thread, now);
      return;
    }
    this.zapDone(z.proc);
  }

  /** A zapper's segment is over: fold its table (if it zapped one); those spinning on it go on. */
  private tableDone(z: Zapper): void {
    this.zap.tableDone(z, this.wake);
  }

  private readonly wake = (w: Zapper): void => this.zapNext(w);

  private wakeWaitingOwner(proc: Proc): void {
    if (proc.phase === 'wait' && !this.zap.walking(proc)) this.zapDone(proc);
  }

  private zapDone(proc: Proc): void {
    const now = this.clock.ns;
    proc.zapDoneNs = now;
    if (this.log.trace) this.log.ev('exit_mmap', proc.pid, `freed_sync=${proc.freedSync} gathered=${proc.gathered}`);
    if (proc.state === 'munmap') {
      this.sched.sleep(proc.thread, now);
      this.finishProc(proc);
      return;
    }
    this.hooks.zapDone(proc, this.sched.nodeOf(Math.max(0, proc.thread.cpu >= 0 ? proc.thread.cpu : proc.thread.lastCpu)));
    proc.phase = 'epilogue';
    proc.exitWork += this.costs.exitEpilogueNs;
    this.sched.run(proc.thread, now, this.costs.exitEpilogueNs);
  }

  private taskDead(proc: Proc): void {
    // dec_exiting_task_count(); do_task_dead()
    this.exitingTaskCount--;
    this.sched.sleep(proc.thread, this.clock.ns);
    if (this.log.trace) this.log.ev('do_task_dead', proc.pid, `exiting_task_count=${this.exitingTaskCount}`);
    this.finishProc(proc);
  }

  private finishProc(proc: Proc): void {
    // Its zapper is done: dropping it lets the dead task's page tables go (a day-long run kept them all).
    if (this.zappers[proc.thread.owner]?.proc === proc) delete this.zappers[proc.thread.owner];
    proc.deadNs = this.clock.ns;
    proc.phase = 'none';
    const wasKilled = proc.state !== 'munmap';
    proc.state = 'dead';
    this.doneTaskCpuNs += proc.thread.cpuNs;
    const ms = (proc.deadNs - proc.startNs) / NS_PER_MS;
    this.recentExitMs.push(ms);
    if (this.recentExitMs.length > RECENT_EXITS) this.recentExitMs.shift();
    const byCluster: Record<string, number> = {};
    const clusterNs = proc.thread.clusterNs;
    this.clusterNames.forEach((name, i) => {
      byCluster[name] = (byCluster[name] ?? 0) + (clusterNs?.[i] ?? 0);
    });
    const record: ExitRecord = {
      pid: proc.pid,
      comm: proc.comm,
      killed: wasKilled,
      oomScoreAdj: proc.oomScoreAdjAtKill,
      killReason: proc.killReason,
      startNs: proc.startNs,
      zapDoneNs: proc.zapDoneNs,
      deadNs: proc.deadNs,
      entriesAtKill: proc.entriesAtKill,
      exitingAtStart: proc.exitingAtStart,
      releasedNs: DOUBLE_MINUS_ONE,
      freeSwapWork: proc.freeSwapWork,
      zramWork: proc.zramWork,
      exitWork: proc.exitWork,
      cpuNsByCluster: byCluster,
    };
    proc.record = record;
    this.exitRecords.push(record);
    if (wasKilled) this.log.log('exit', `${proc.comm} (${proc.pid}) dead after ${ms.toFixed(0)} ms`);
    const released = this.maybeReleased(proc);
    this.hooks.procDone(proc);
    if (released) this.hooks.procReleased(proc);
  }

  /** All of a dead task's swap entries are free: record SIGKILL → last free, forget the task. */
  private maybeReleased(proc: Proc): boolean {
    if (proc.parked > 0 || proc.deadNs < 0) return false;
    proc.releasedNs = proc.lastFreeNs;
    if (proc.record) proc.record.releasedNs = proc.lastFreeNs;
    if (proc.entriesAtKill > 0) this.releaseNs.push(proc.lastFreeNs - proc.startNs);
    this.procs.delete(proc.pid);
    return true;
  }

  /** `entries` of `proc` leave its mm for a deferred free. */
  defer(proc: Proc, entries: number): void {
    proc.parked += entries;
    proc.gathered += entries;
    this.entriesParked += entries;
    if (this.entriesParked > this.parkedPeak) this.parkedPeak = this.entriesParked;
  }

  /** Deferred entries of task `pid` are freed now. */
  deferredFreed(pid: number, entries: number): void {
    this.entriesParked -= entries;
    this.totalFreedAsync += entries;
    const proc = this.procs.get(pid);
    if (!proc) return;
    proc.parked -= entries;
    proc.freedAsync += entries;
    proc.lastFreeNs = this.clock.ns;
    if (this.maybeReleased(proc)) this.hooks.procReleased(proc);
  }

  /** The task spins on a PTE lock another zapper of its mm holds. */
  spinning(proc: Proc): boolean {
    const z = this.zappers[proc.thread.owner];
    return z !== undefined && z.proc === proc && z.spinOn >= 0;
  }

  /** Tasks that have not reached do_task_dead, for the snapshot. */
  liveExits(): Proc[] {
    const out: Proc[] = [];
    for (const p of this.procs.values()) if (p.state === 'killed' || p.state === 'do_exit' || p.state === 'munmap') out.push(p);
    return out;
  }
}
