import {prepareKill} from './app-states.ts';
import type {Thread} from '../../engine/cpu.ts';
import {NS_PER_MS} from '../../engine/engine.ts';
import type {LmkdSnapshot} from '../../engine/snapshot.ts';
import type {App} from './apps.ts';
import {decide, initialDecideState, noteKill, PERCEPTIBLE_APP_ADJ, type Decision, type DecideState, type KillReason, type LmkProps, type VmView} from './lmkd-decide.ts';
import type {AllocWait} from './memory.ts';
import {PsiTriggers} from './psi-triggers.ts';
import type {Actor, AndroidWorld} from './world.ts';
import {DOUBLE_MINUS_ONE} from '../../engine/units.ts';
import {lmkProps, VmReader} from './lmkd-view.ts';

/** PSI_WINDOW_SIZE_MS: lmkd polls for this long after an event (or a kill, or direct reclaim). */
export const PSI_WINDOW_NS = 1000 * NS_PER_MS;
/** PSI_POLL_PERIOD_SHORT_MS / PSI_POLL_PERIOD_LONG_MS */
export const POLL_SHORT_NS = 10 * NS_PER_MS;
export const POLL_LONG_NS = 100 * NS_PER_MS;

/** One kill, for the summary and the tests. */
export interface KillRecord {
  readonly tNs: number;
  /** When the wake-up that decided it ran (the kill follows lmkd's decision work). */
  readonly decidedNs: number;
  readonly pid: number;
  readonly comm: string;
  readonly adj: number;
  readonly reason: KillReason;
  readonly minScoreAdj: number;
  /** A reaper sent SIGKILL and ran process_mrelease; false: lmkd only sent SIGKILL. */
  readonly reaped: boolean;
  /** do_task_dead of the victim, −1 while it exits. */
  deadNs: number;
}

interface Reaper {
  readonly thread: Thread;
  busyPid: number;
}

/**
 * The low memory killer daemon (system/memory/lmkd), PSI mode as it ships: kernel PSI triggers
 * (`some` ≥ psi_partial_stall_ms, `full` ≥ psi_complete_stall_ms per 1 s window) wake it; each
 * wake-up reads vmstat/meminfo/zoneinfo and kills at most one process, only for one of its kill
 * reasons (lmkd-decide.ts). After an event, a kill or direct reclaim it polls for a window, every
 * 10 ms while swap is low or right after a kill, else every 100 ms. After a kill it waits for the
 * victim to die (its pidfd), skipping every wake-up, for up to kill_timeout_ms; then it looks again
 * at once. Two reaper threads each send SIGKILL and call process_mrelease on the victim; with both
 * busy lmkd only sends SIGKILL.
 */
export class Lmkd implements Actor {
  readonly thread: Thread;
  wait: AllocWait | null = null;
  running = false;
  readonly reapers: Reaper[];
  readonly triggers: PsiTriggers;
  readonly killLog: KillRecord[] = [];
  readonly killsByReason: Record<string, number> = {};
  reaperRuns = 0;
  reaperBusySkips = 0;
  /** PSI events delivered, wake-ups (events and polls), wake-ups skipped while waiting for a victim. */
  events = 0;
  wakeups = 0;
  skippedWakeups = 0;
  /** Wake-ups that bailed out early (no reclaim, no refaults). */
  bails = 0;
  /** No more kills (the world winds down). */
  quiet = false;
  readonly state: DecideState;
  /** The ro.lmk.* properties (the knobs do not change during a run). */
  readonly props: LmkProps;
  /** Reads what a wake-up sees. */
  private readonly vm: VmReader;

  /** The victim lmkd waits for (pidfd), and when it was killed. */
  private pending: {pid: number; atNs: number} | null = null;
  /** The decision lmkd is carrying out (its CPU work), or null. */
  private deciding: {d: Decision; atNs: number} | null = null;
  private polling = false;
  private paused = false;
  private pollStartNs = DOUBLE_MINUS_ONE;
  private nextPollNs = DOUBLE_MINUS_ONE;

  constructor(private readonly w: AndroidWorld) {
    const sched = w.engine.sched;
    this.thread = sched.createThread('world', 0, 'lmkd', 0);
    // lmkd runs SCHED_FIFO so that it is never starved when memory is short.
    this.thread.rt = true;
    this.reapers = [1, 2].map((owner, i) => {
      // Zappers are indexed by thread.owner next to tasks (pid ≥ 1000): reapers take 1 and 2.
      // reaper_main: "Ensure the thread does not use little cores" (the foreground cpuset), and
      // setpriority(ANDROID_PRIORITY_HIGHEST): nice −20, like the victims it reaps.
      const thread = sched.createThread('reaper', owner, `lmkd_reaper${i}`, -20, w.bigCpus);
      w.engine.reaperThreads.push(thread);
      return {thread, busyPid: -1};
    });
    this.triggers = new PsiTriggers(w, (level) => this.onPsiEvent(level));
    this.props = lmkProps(w.k);
    this.vm = new VmReader(w);

    this.state = initialDecideState(this.props);
  }

  get kills(): number {
    return this.killLog.length;
  }

  /** A task stalled on memory: the kernel's triggers watch the stall. */
  onStall(): void {
    this.triggers.onStall();
  }

  /** A PSI trigger fired: lmkd wakes from epoll. */
  onPsiEvent(level: 'medium' | 'critical'): void {
    this.events++;
    this.handler(level);
  }

  /** The 'lmkd-poll' event: the polling timeout. */
  onPoll(): void {
    const e = this.w.engine;
    if (e.nowNs !== this.nextPollNs) return;
    this.nextPollNs = -1;
    if (this.polling) this.handler(null);
  }

  /** The 'lmkd-timeout' event: kill_timeout_ms after the last kill. */
  onKillTimeout(atNs: number): void {
    if (!this.pending || this.pending.atNs !== atNs) return;
    this.pending = null;
    this.resume();
  }

  /** A process died: if it is the victim lmkd waits for, its pidfd wakes lmkd, which looks again at once. */
  onProcDead(pid: number): void {
    for (let i = this.killLog.length - 1; i >= 0; i--) {
      const rec = this.killLog[i]!;
      if (rec.pid !== pid) continue;
      if (rec.deadNs < 0) rec.deadNs = this.w.engine.nowNs;
      break;
    }
    if (!this.pending || this.pending.pid !== pid) return;
    this.pending = null;
    this.resume();
  }

  /** What lmkd reads on a wake-up (valid until the next call). */
  view(): VmView {
    return this.vm.read();
  }

  /**
   * mp_event_psi. `level` is the event that woke lmkd, null for a poll. While waiting for a victim
   * younger than kill_timeout_ms lmkd skips the wake-up; otherwise it decides, and a kill follows
   * its decision work (lmkdDecisionUs on its SCHED_FIFO thread).
   */
  handler(level: 'medium' | 'critical' | null): void {
    const e = this.w.engine;
    if (this.deciding || this.quiet) return;
    this.wakeups++;
    const timeoutNs = this.w.k.lmkKillTimeoutMs * NS_PER_MS;
    if (this.pending && timeoutNs > 0 && e.nowNs - this.pending.atNs < timeoutNs) {
      const p = e.procs.get(this.pending.pid);
      if (p !== undefined && p.state !== 'dead') {
        this.skippedWakeups++;
        return;
      }
    }
    this.pending = null;
    const d = decide(this.state, this.view(), this.props, level === 'critical');
    if (d.bailed) this.bails++;
    if (d.reason !== null && this.victim(d.minScoreAdj)) {
      this.deciding = {d, atNs: e.nowNs};
      this.w.run(this, this.w.k.lmkdDecisionUs * 1000);
      return;
    }
    this.afterWakeup(level !== null, d, false);
  }

  segmentDone(): void {
    const {d, atNs} = this.deciding!;
    this.deciding = null;
    this.w.sleep(this);
    const app = this.quiet ? null : this.victim(d.minScoreAdj);
    if (app) {
      this.kill(app, d, atNs);
      noteKill(this.state, d, this.props);
    }
    this.afterWakeup(true, d, app !== null);
  }

  /** find_and_kill_process: the highest oom_score_adj at or above `minScoreAdj`; at or below perceptible, the heaviest. */
  victim(minScoreAdj: number): App | null {
    let best: App | null = null;
    let bestSize = -1;
    for (const app of this.w.apps) {
      const p = app.proc;
      if (!p || p.state !== 'alive' || p.oomScoreAdj < minScoreAdj) continue;
      const size = p.mm.rss + p.mm.swapents;
      const cur = best?.proc;
      if (!cur || p.oomScoreAdj > cur.oomScoreAdj || (p.oomScoreAdj === cur.oomScoreAdj && p.oomScoreAdj <= PERCEPTIBLE_APP_ADJ && size > bestSize)) {
        best = app;
        bestSize = size;
      }
    }
    return best;
  }

  /** Kill `app` now: a free reaper sends SIGKILL and reaps, else lmkd sends SIGKILL itself. */
  kill(app: App, d: Decision, decidedNs: number): void {
    const w = this.w;
    const e = w.engine;
    const proc = app.proc!;
    const adj = proc.oomScoreAdj;
    const reason = d.reason!;
    const reaper = w.k.processMrelease > 0 ? this.reapers.find((r) => r.busyPid < 0) : undefined;
    const how = reaper ? `${reaper.thread.comm}: SIGKILL + process_mrelease` : w.k.processMrelease > 0 ? 'reapers busy: SIGKILL only' : 'SIGKILL';
    prepareKill(w, app, w.k.victimBoost > 0);
    e.kill(proc.pid, reason);
    e.log('info', `lmkd: ${reason}: ${d.desc}; thrashing ${d.thrashing}%, min adj ${d.minScoreAdj} (${how})`);
    let reaped = false;
    if (reaper) {
      reaper.busyPid = proc.pid;
      reaped = e.startReap(reaper.thread, proc.pid, () => {
        reaper.busyPid = -1;
      });
      if (reaped) this.reaperRuns++;
      else reaper.busyPid = -1;
    } else if (w.k.processMrelease > 0) {
      this.reaperBusySkips++;
    }
    this.killsByReason[reason] = (this.killsByReason[reason] ?? 0) + 1;
    w.camera.onLmkdKill();
    this.killLog.push({tNs: e.nowNs, decidedNs, pid: proc.pid, comm: proc.comm, adj, reason, minScoreAdj: d.minScoreAdj, reaped, deadNs: DOUBLE_MINUS_ONE});
    const timeoutNs = w.k.lmkKillTimeoutMs * NS_PER_MS;
    if (timeoutNs > 0) {
      this.pending = {pid: proc.pid, atNs: e.nowNs};
      e.at(e.nowNs + timeoutNs, 'lmkd-timeout', e.nowNs);
    }
  }

  snapshot(): LmkdSnapshot {
    const last = this.killLog.at(-1);
    return {
      lastKill: last ? {comm: last.comm, reason: last.reason, atNs: last.tNs} : null,
      killsByReason: {...this.killsByReason},
      waitingForPid: this.pending?.pid ?? null,
      thrashingPct: this.state.thrashing,
      thrashingLimitPct: this.state.thrashingLimit,
    };
  }

  /**
   * The polling update at the end of a wake-up (no_kill: and call_handler): waiting for a victim
   * pauses polling; an event, a kill or direct reclaim (re)starts the 1 s polling window; otherwise
   * polling stops once the window is over. Fast polling while swap is low or right after a kill.
   */
  private afterWakeup(restart: boolean, d: Decision, killed: boolean): void {
    const e = this.w.engine;
    if (this.pending) {
      this.polling = false;
      this.paused = true;
      return;
    }
    if (restart || killed || d.reclaim === 'direct') {
      this.polling = true;
      this.pollStartNs = e.nowNs;
    } else if (this.polling && e.nowNs - this.pollStartNs > PSI_WINDOW_NS) {
      this.polling = false;
    }
    if (this.polling) this.schedulePoll(d.swapLow || killed ? POLL_SHORT_NS : POLL_LONG_NS);
  }

  /** The victim died or kill_timeout_ms passed: polling resumes with a wake-up now. */
  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.polling = true;
    this.pollStartNs = this.w.engine.nowNs;
    this.handler(null);
  }

  private schedulePoll(delayNs: number): void {
    const e = this.w.engine;
    const t = e.nowNs + delayNs;
    this.nextPollNs = t;
    e.at(t, 'lmkd-poll');
  }
}
