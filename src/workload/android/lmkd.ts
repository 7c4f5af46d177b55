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

/** One kernel PSI trigger: its last event and a breach held back by the one-event-per-window limit. */
interface Trigger {
  lastNs: number;
  pending: boolean;
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
  /** The planned check was planned during a stall (a breach projection), not only for a held-back event. */
  private checkWhileStalled = false;
  private readonly triggers: Readonly<Record<'some' | 'full', Trigger>> = {
    some: {lastNs: -Infinity, pending: false},
    full: {lastNs: -Infinity, pending: false},
  };

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
    // A planned check stays valid while the stall goes on, unless it only waits for a held-back event.
    if (this.nextCheckNs >= 0 && this.checkWhileStalled) return;
    const t = this.earliestTrigger();
    if (this.nextCheckNs >= 0 && this.nextCheckNs <= t) {
      this.checkWhileStalled = true;
      return;
    }
    this.planCheck(t);
  }

  /**
   * The kernel's trigger check (update_triggers): a window's stall growth at or above the threshold
   * is a breach; a breach makes an event unless the trigger fired less than a window ago. A breach
   * within that window is not dropped: it is held back (`pending_event`) and delivered when the
   * window since the last event is over, even if the stall ended meanwhile.
   */
  onTriggerCheck(): void {
    const e = this.w.engine;
    if (e.nowNs !== this.nextCheckNs) return;
    this.nextCheckNs = -1;
    const k = this.w.k;
    const g = this.w.mem.window.growth(e.nowNs, PSI_WINDOW_NS);
    const stalled = this.w.mem.stalled > 0;
    const full = this.triggers.full;
    const some = this.triggers.some;
    // A breach needs new stall activity: the stall is going on now.
    if (stalled && g.fullNs >= k.psiFullMs * NS_PER_MS) full.pending = true;
    if (stalled && g.someNs >= k.psiSomeMs * NS_PER_MS) some.pending = true;
    if (full.pending && e.nowNs - full.lastNs >= PSI_WINDOW_NS) {
      full.lastNs = e.nowNs;
      full.pending = false;
      this.onPsiEvent('critical');
    } else if (some.pending && e.nowNs - some.lastNs >= PSI_WINDOW_NS) {
      some.lastNs = e.nowNs;
      some.pending = false;
      this.onPsiEvent('medium');
    }
    if (stalled || full.pending || some.pending) this.planCheck(this.earliestTrigger());
  }

  private planCheck(tNs: number): void {
    this.nextCheckNs = tNs;
    this.checkWhileStalled = this.w.mem.stalled > 0;
    this.w.engine.at(tNs, 'psi-check');
  }

  /** The next moment a trigger can fire: a held-back event when its window is over, else a breach. */
  private earliestTrigger(): number {
    const now = this.w.engine.nowNs;
    const k = this.w.k;
    const stalled = this.w.mem.stalled > 0;
    const g = stalled ? this.w.mem.window.growth(now, PSI_WINDOW_NS) : null;
    const when = (t: Trigger, thresholdNs: number, grownNs: number): number => {
      if (t.pending) return Math.max(now + 1, t.lastNs + PSI_WINDOW_NS);
      return stalled ? now + Math.max(1, Math.ceil(thresholdNs - grownNs)) : Infinity;
    };
    return Math.min(
      when(this.triggers.some, k.psiSomeMs * NS_PER_MS, g?.someNs ?? 0),
      when(this.triggers.full, k.psiFullMs * NS_PER_MS, g?.fullNs ?? 0),
    );
  }

  /** mp_event_psi: an event wakes lmkd from epoll; it decides, then polls for a window. */
  onPsiEvent(level: Exclude<Pressure, 'none'>): void {
    this.events++;
    const g = this.w.mem.window.growth(this.w.engine.nowNs, PSI_WINDOW_NS);
    const k = this.w.k;
    const [what, ns, thresholdMs] = level === 'critical' ? ['full', g.fullNs, k.psiFullMs] : ['some', g.someNs, k.psiSomeMs];
    const ms = (ns / NS_PER_MS).toFixed(0);
    const stall = ns >= thresholdMs * NS_PER_MS ? `${ms} ms in 1 s` : `≥ ${thresholdMs} ms in 1 s again within the rate-limit window (held back; ${ms} ms now)`;
    this.w.engine.log('info', `psi: memory ${what} ${stall}: lmkd wakes (${level} pressure)`);
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
