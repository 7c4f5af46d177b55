/**
 * Auto slow motion around kill waves, as a pure state machine over simulated time: the clock slows
 * down when tasks start exiting (or kworkers start freeing) and speeds up again once the world has
 * been quiet for a moment. A kill wave of a dozen exits passes in about 1.6 simulated seconds: at
 * 0.25× that is six to seven seconds of wall time, long enough to watch the tasks, the gather list
 * and the kworkers; the hold afterwards shows the list draining.
 */

export const SLOW_MOTION_SPEED = 0.25;
/** Simulated time the clock stays slow after the last exit ended and the last kworker went idle. */
export const SLOW_MOTION_HOLD_NS = 500_000_000;

export interface SlowMotion {
  readonly enabled: boolean;
  /** Slowing the clock now. */
  readonly active: boolean;
  /** The user picked a speed during this wave: no slow motion until the wave is over. */
  readonly suspended: boolean;
  /** When the world went quiet during an active (or suspended) wave, else null. */
  readonly quietSinceNs: number | null;
}

export const initialSlowMotion = (enabled = true): SlowMotion => ({enabled, active: false, suspended: false, quietSinceNs: null});

/** The state after a frame in which the world was `busy` (tasks exiting or kworkers freeing) at `nowNs`. */
export function stepSlowMotion(s: SlowMotion, busy: boolean, nowNs: number): SlowMotion {
  if (!s.enabled) return s.active || s.suspended ? {...s, active: false, suspended: false, quietSinceNs: null} : s;
  if (busy) {
    const next = {...s, active: !s.suspended, quietSinceNs: null};
    return next.active === s.active && s.quietSinceNs === null ? s : next;
  }
  if (!s.active && !s.suspended) return s;
  if (s.quietSinceNs === null) return {...s, quietSinceNs: nowNs};
  if (nowNs - s.quietSinceNs >= SLOW_MOTION_HOLD_NS) return {...s, active: false, suspended: false, quietSinceNs: null};
  return s;
}

/** The user chose a speed: an active slow motion gives way for the rest of this wave. */
export function userSpeed(s: SlowMotion): SlowMotion {
  return s.active ? {...s, active: false, suspended: true} : s;
}

export function setEnabled(s: SlowMotion, enabled: boolean): SlowMotion {
  return enabled === s.enabled ? s : {...initialSlowMotion(enabled)};
}

/** The speed the clock runs at: the user's, or slower while slow motion is active. */
export function effectiveSpeed(s: SlowMotion, base: number): number {
  return s.active ? Math.min(base, SLOW_MOTION_SPEED) : base;
}
