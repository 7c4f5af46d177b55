import type {Thread} from '../../engine/cpu.ts';
import {NS_PER_MS} from '../../engine/engine.ts';
import type {App} from './apps.ts';
import type {AllocWait} from './memory.ts';
import type {Actor, AndroidWorld} from './world.ts';

export type Pressure = 'none' | 'medium' | 'critical';

/** PSI trigger window and lmkd's polling window after an event (PSI_WINDOW_SIZE_MS). */
export const PSI_WINDOW_NS = 1000 * NS_PER_MS;
/** PSI_POLL_PERIOD_SHORT_MS / PSI_POLL_PERIOD_LONG_MS */
export const POLL_SHORT_NS = 10 * NS_PER_MS;
export const POLL_LONG_NS = 100 * NS_PER_MS;
/** Lowest oom_score_adj lmkd kills at each level (ro.lmk.medium / ro.lmk.critical defaults). */
export const MIN_ADJ: Readonly<Record<Exclude<Pressure, 'none'>, number>> = {medium: 800, critical: 0};

/** One kill, for the summary and the tests. */
export interface KillRecord {
  readonly tNs: number;
  readonly pid: number;
  readonly comm: string;
  readonly adj: number;
  readonly level: Exclude<Pressure, 'none'>;
  /** A reaper sent SIGKILL and ran process_mrelease; false: lmkd only sent SIGKILL. */
  readonly reaped: boolean;
}

interface Reaper {
  readonly thread: Thread;
  busyPid: number;
}

/**
 * The low memory killer daemon (system/memory/lmkd), PSI mode: a kernel PSI trigger on memory
 * `some` ≥ 70 ms per 1 s window means medium pressure, `full` ≥ 700 ms critical. An event starts
 * polling for one window: every 10 ms while the pressure lasts, every 100 ms otherwise. Each
 * decision kills at most one process, the one with the highest oom_score_adj at or above the
 * level's minimum; no new kill while the previous victim is alive and younger than
 * kill_timeout_ms. Two reaper threads each send SIGKILL and then call process_mrelease on the
 * victim; with both busy lmkd only sends SIGKILL.
 */
export class Lmkd implements Actor {
  readonly thread: Thread;
  wait: AllocWait | null = null;
  running = false;
  readonly reapers: Reaper[];
  readonly killLog: KillRecord[] = [];
  readonly killsByReason: Record<string, number> = {};
  reaperRuns = 0;
  reaperBusySkips = 0;
  events = 0;
  decisions = 0;
  throttled = 0;
  /** No more kills (the world winds down). */
  quiet = false;
  /** The previous victim: no new kill while it lives and is younger than kill_timeout_ms. */
  private pending: {pid: number; atNs: number} | null = null;
  /** The level of the decision lmkd is making now (its CPU segment), or null. */
  private deciding: Exclude<Pressure, 'none'> | null = null;
  private pollUntilNs = -1;
  private nextPollNs = -1;
  private nextCheckNs = -1;
  private lastEventNs = {some: -Infinity, full: -Infinity};

  constructor(private readonly w: AndroidWorld) {
    const sched = w.engine.sched;
    this.thread = sched.createThread('world', 0, 'lmkd', 0);
    // lmkd runs SCHED_FIFO so that it is never starved when memory is short.
    this.thread.rt = true;
    this.reapers = [1, 2].map((owner, i) => {
      // Zappers are indexed by thread.owner next to tasks (pid ≥ 1000): reapers take 1 and 2.
      const thread = sched.createThread('reaper', owner, `lmkd_reaper${i}`, 0);
      w.engine.reaperThreads.push(thread);
      return {thread, busyPid: -1};
    });
  }

  get kills(): number {
    return this.killLog.length;
  }

  /** Memory and PSI: the level the last 1 s window shows. */
  level(): Pressure {
    const k = this.w.k;
    const g = this.w.mem.window.growth(this.w.engine.nowNs, PSI_WINDOW_NS);
    if (g.fullNs >= k.psiFullMs * NS_PER_MS) return 'critical';
    if (g.someNs >= k.psiSomeMs * NS_PER_MS) return 'medium';
    return 'none';
  }

  /**
   * A task stalled on memory: the kernel re-checks the triggers while that lasts. The check is
   * planned for the earliest moment a trigger could fire (its threshold reached if the stall goes
   * on), so it fires exactly when the window's stall time crosses the threshold.
   */
  onStall(): void {
    if (this.nextCheckNs >= 0) return;
    this.nextCheckNs = this.earliestTrigger();
    this.w.engine.at(this.nextCheckNs, 'psi-check');
  }

  /** The kernel's trigger check: an event at most once per window per trigger. */
  onTriggerCheck(): void {
    const e = this.w.engine;
    if (e.nowNs !== this.nextCheckNs) return;
    this.nextCheckNs = -1;
    const k = this.w.k;
    const g = this.w.mem.window.growth(e.nowNs, PSI_WINDOW_NS);
    if (g.fullNs >= k.psiFullMs * NS_PER_MS && e.nowNs - this.lastEventNs.full >= PSI_WINDOW_NS) {
      this.lastEventNs.full = e.nowNs;
      this.onPsiEvent('critical');
    } else if (g.someNs >= k.psiSomeMs * NS_PER_MS && e.nowNs - this.lastEventNs.some >= PSI_WINDOW_NS) {
      this.lastEventNs.some = e.nowNs;
      this.onPsiEvent('medium');
    }
    if (this.w.mem.stalled > 0) this.onStall();
  }

  private earliestTrigger(): number {
    const now = this.w.engine.nowNs;
    const k = this.w.k;
    const g = this.w.mem.window.growth(now, PSI_WINDOW_NS);
    const when = (thresholdNs: number, grownNs: number, lastNs: number): number =>
      now - lastNs < PSI_WINDOW_NS ? lastNs + PSI_WINDOW_NS : now + Math.max(1, Math.ceil(thresholdNs - grownNs));
    return Math.min(when(k.psiSomeMs * NS_PER_MS, g.someNs, this.lastEventNs.some), when(k.psiFullMs * NS_PER_MS, g.fullNs, this.lastEventNs.full));
  }

  /** mp_event_psi: an event wakes lmkd from epoll; it decides, then polls for a window. */
  onPsiEvent(level: Exclude<Pressure, 'none'>): void {
    this.events++;
    const g = this.w.mem.window.growth(this.w.engine.nowNs, PSI_WINDOW_NS);
    const [what, ns] = level === 'critical' ? ['full', g.fullNs] : ['some', g.someNs];
    this.w.engine.log('info', `psi: memory ${what} ${(ns / NS_PER_MS).toFixed(0)} ms in 1 s: lmkd wakes (${level} pressure)`);
    this.pollUntilNs = this.w.engine.nowNs + PSI_WINDOW_NS;
    this.decide(level);
    this.schedulePoll(POLL_SHORT_NS);
  }

  onPoll(): void {
    const e = this.w.engine;
    if (e.nowNs !== this.nextPollNs) return;
    this.nextPollNs = -1;
    const level = this.level();
    if (level !== 'none') this.decide(level);
    if (e.nowNs < this.pollUntilNs) this.schedulePoll(level !== 'none' ? POLL_SHORT_NS : POLL_LONG_NS);
  }

  /** One kill decision at `level`, unless lmkd is busy or the previous kill is still pending. */
  decide(level: Exclude<Pressure, 'none'>): void {
    const e = this.w.engine;
    if (this.deciding || this.quiet) return;
    if (this.pending) {
      const p = e.procs.get(this.pending.pid);
      const alive = p !== undefined && p.state !== 'dead';
      const timeoutNs = this.pending.atNs + this.w.k.killTimeoutMs * NS_PER_MS;
      if (alive && e.nowNs < timeoutNs) {
        // lmkd waits on the victim's pidfd until it dies or kill_timeout_ms passes, then goes on.
        this.throttled++;
        if (e.nowNs < this.pollUntilNs) this.schedulePoll(timeoutNs - e.nowNs);
        return;
      }
      if (!alive) this.pending = null;
    }
    if (!this.victim(level)) return;
    this.decisions++;
    this.deciding = level;
    this.w.run(this, this.w.k.lmkdDecisionUs * 1000);
  }

  /** find_and_kill_process: the highest oom_score_adj at or above the level's minimum. */
  victim(level: Exclude<Pressure, 'none'>): App | null {
    let best: App | null = null;
    for (const app of this.w.apps) {
      const p = app.proc;
      if (!p || p.state !== 'alive' || p.oomScoreAdj < MIN_ADJ[level]) continue;
      if (!best || p.oomScoreAdj > best.proc!.oomScoreAdj) best = app;
    }
    return best;
  }

  segmentDone(): void {
    const level = this.deciding!;
    this.deciding = null;
    this.w.sleep(this);
    const app = this.victim(level);
    if (app) this.kill(app, level);
  }

  /** Kill `app` now: a free reaper sends SIGKILL and reaps, else lmkd sends SIGKILL itself. */
  kill(app: App, level: Exclude<Pressure, 'none'>): void {
    const e = this.w.engine;
    const proc = app.proc!;
    const adj = proc.oomScoreAdj;
    const reaper = this.w.k.processMrelease > 0 ? this.reapers.find((r) => r.busyPid < 0) : undefined;
    const how = reaper ? `${reaper.thread.comm}: SIGKILL + process_mrelease` : this.w.k.processMrelease > 0 ? 'reapers busy: SIGKILL only' : 'SIGKILL';
    this.w.prepareKill(app, this.w.k.victimBoost > 0);
    e.kill(proc.pid, `lmkd ${level} pressure, ${how}`);
    let reaped = false;
    if (reaper) {
      reaper.busyPid = proc.pid;
      reaped = e.startReap(reaper.thread, proc.pid, () => {
        reaper.busyPid = -1;
      });
      if (reaped) this.reaperRuns++;
      else reaper.busyPid = -1;
    } else if (this.w.k.processMrelease > 0) {
      this.reaperBusySkips++;
    }
    this.pending = {pid: proc.pid, atNs: e.nowNs};
    this.killsByReason[level] = (this.killsByReason[level] ?? 0) + 1;
    this.killLog.push({tNs: e.nowNs, pid: proc.pid, comm: proc.comm, adj, level, reaped});
  }

  /** The pending victim died: its pidfd wakes lmkd, which polls at once if it is still polling. */
  onProcDead(pid: number): void {
    if (!this.pending || this.pending.pid !== pid) return;
    this.pending = null;
    if (this.w.engine.nowNs < this.pollUntilNs) this.schedulePoll(0);
  }

  private schedulePoll(delayNs: number): void {
    const e = this.w.engine;
    const t = e.nowNs + delayNs;
    if (this.nextPollNs >= 0 && this.nextPollNs <= t) return;
    this.nextPollNs = t;
    e.at(t, 'lmkd-poll');
  }
}
