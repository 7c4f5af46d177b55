import {NS_PER_MS} from '../../engine/engine.ts';
import type {AndroidWorld} from './world.ts';
import {DOUBLE_MINUS_ONE} from '../../engine/units.ts';

/** The trigger window lmkd registers (PSI_WINDOW_SIZE_MS). */
const WINDOW_NS = 1000 * NS_PER_MS;

/** One kernel PSI trigger: its last event and a breach held back by the one-event-per-window limit. */
interface Trigger {
  lastNs: number;
  pending: boolean;
}

/**
 * The two kernel PSI triggers lmkd registers on /proc/pressure/memory (kernel/sched/psi.c):
 * `some` ≥ ro.lmk.psi_partial_stall_ms and `full` ≥ ro.lmk.psi_complete_stall_ms within a 1 s
 * window, at most one event per window. They are evaluated exactly when the window could cross a
 * threshold (the stall history in psi-window.ts makes the window exact). A breach within the window
 * after an event is held back, not dropped (the trigger's `pending_event`), and delivered when that
 * window is over, even if the stall has ended by then.
 */
export class PsiTriggers {
  private nextCheckNs = DOUBLE_MINUS_ONE;
  /** The planned check was planned during a stall (a breach projection), not only for a held-back event. */
  private checkWhileStalled = false;
  private readonly some: Trigger = {lastNs: -Infinity, pending: false};
  private readonly full: Trigger = {lastNs: -Infinity, pending: false};

  constructor(
    private readonly w: AndroidWorld,
    private readonly fire: (level: 'medium' | 'critical') => void,
  ) {}

  private get someNs(): number {
    return this.w.k.lmkPsiPartialStallMs * NS_PER_MS;
  }

  private get fullNs(): number {
    return this.w.k.lmkPsiCompleteStallMs * NS_PER_MS;
  }

  /**
   * A task stalled on memory: the kernel re-checks the triggers while that lasts. The check is
   * planned for the earliest moment a trigger could fire (its threshold reached if the stall goes
   * on), so it fires exactly when the window's stall time crosses the threshold.
   */
  onStall(): void {
    // A planned check stays valid while the stall goes on, unless it only waits for a held-back event.
    if (this.nextCheckNs >= 0 && this.checkWhileStalled) return;
    const t = this.earliest();
    if (this.nextCheckNs >= 0 && this.nextCheckNs <= t) {
      this.checkWhileStalled = true;
      return;
    }
    this.plan(t);
  }

  /**
   * The kernel's trigger check (update_triggers): a window's stall growth at or above the threshold
   * is a breach; a breach makes an event unless the trigger fired less than a window ago.
   */
  onCheck(): void {
    const e = this.w.engine;
    if (e.nowNs !== this.nextCheckNs) return;
    this.nextCheckNs = -1;
    const g = this.w.mem.window.growth(e.nowNs, WINDOW_NS);
    const stalled = this.w.mem.stalled > 0;
    // A breach needs new stall activity: the stall is going on now.
    if (stalled && g.fullNs >= this.fullNs) this.full.pending = true;
    if (stalled && g.someNs >= this.someNs) this.some.pending = true;
    let level: 'medium' | 'critical' | null = null;
    if (this.full.pending && e.nowNs - this.full.lastNs >= WINDOW_NS) {
      this.full.lastNs = e.nowNs;
      this.full.pending = false;
      level = 'critical';
    } else if (this.some.pending && e.nowNs - this.some.lastNs >= WINDOW_NS) {
      this.some.lastNs = e.nowNs;
      this.some.pending = false;
      level = 'medium';
    }
    if (level) {
      const [what, ns, threshold] = level === 'critical' ? ['full', g.fullNs, this.fullNs] : ['some', g.someNs, this.someNs];
      const ms = (ns / NS_PER_MS).toFixed(0);
      const stall = ns >= threshold ? `${ms} ms in 1 s` : `≥ ${threshold / NS_PER_MS} ms in 1 s again within the rate-limit window (held back; ${ms} ms now)`;
      e.log('info', `psi: memory ${what} ${stall}: lmkd wakes (${level} pressure)`);
    }
    if (stalled || this.full.pending || this.some.pending) this.plan(this.earliest());
    if (level) this.fire(level);
  }

  /** Stall time of the trailing window, for the display. */
  windowStall(): {someNs: number; fullNs: number} {
    const g = this.w.mem.window.growth(this.w.engine.nowNs, WINDOW_NS);
    return {someNs: g.someNs, fullNs: g.fullNs};
  }

  private plan(tNs: number): void {
    if (!Number.isFinite(tNs)) return;
    this.nextCheckNs = tNs;
    this.checkWhileStalled = this.w.mem.stalled > 0;
    this.w.engine.at(tNs, 'psi-check');
  }

  /** The next moment a trigger can fire: a held-back event when its window is over, else a breach. */
  private earliest(): number {
    const now = this.w.engine.nowNs;
    const stalled = this.w.mem.stalled > 0;
    const g = stalled ? this.w.mem.window.growth(now, WINDOW_NS) : null;
    return Math.min(this.when(this.some, now, stalled, this.someNs, g?.someNs ?? 0), this.when(this.full, now, stalled, this.fullNs, g?.fullNs ?? 0));
  }

  /** When one trigger can fire next. */
  private when(t: Trigger, now: number, stalled: boolean, thresholdNs: number, grownNs: number): number {
    if (t.pending) return Math.max(now + 1, t.lastNs + WINDOW_NS);
    return stalled ? now + Math.max(1, Math.ceil(thresholdNs - grownNs)) : Infinity;
  }
}
