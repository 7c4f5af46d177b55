/**
 * The pure half of the replay: where a cursor in simulated time falls among the recorded frames,
 * and how pause/step/speed/seek/wall-clock ticks move it. No timers, no I/O: the ReplaySource
 * calls these from its pacer, tests call them directly.
 */

/**
 * Replay time of each frame, ns from the first one, never decreasing. A trace usually has increasing
 * `nowNs`; when it goes back (the simulation was restarted while recording) the timeline just
 * continues from where it was, so seeking stays well defined.
 */
export function buildTimeline(nowNs: readonly number[]): number[] {
  const times: number[] = [];
  let t = 0;
  for (let i = 0; i < nowNs.length; i++) {
    if (i > 0) {
      const delta = nowNs[i]! - nowNs[i - 1]!;
      if (Number.isFinite(delta) && delta > 0) t += delta;
    }
    times.push(t);
  }
  return times;
}

/** Index of the last frame at or before `tNs` (0 before the first). `times` must be non-decreasing and non-empty. */
export function frameAt(times: readonly number[], tNs: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || tNs >= times[hi]!) return Math.max(0, hi);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= tNs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface ReplayState {
  /** Replay time, ns from the first frame. */
  readonly cursorNs: number;
  /** Frame shown: frameAt(times, cursorNs), except after a step onto a frame with the same time. */
  readonly index: number;
  readonly paused: boolean;
  /** Simulated seconds per wall second. */
  readonly speed: number;
  /** The cursor reached the last frame. */
  readonly ended: boolean;
}

export const MIN_SPEED = 1 / 64;
export const MAX_SPEED = 1024;

export function initialReplayState(options: {readonly speed?: number; readonly paused?: boolean} = {}): ReplayState {
  return {cursorNs: 0, index: 0, paused: options.paused ?? false, speed: clampSpeed(options.speed ?? 1), ended: false};
}

function clampSpeed(speed: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

function endOf(times: readonly number[]): number {
  return times[times.length - 1] ?? 0;
}

function at(times: readonly number[], state: ReplayState, cursorNs: number): ReplayState {
  const end = endOf(times);
  const cursor = Math.min(end, Math.max(0, cursorNs));
  return {...state, cursorNs: cursor, index: frameAt(times, cursor), ended: times.length <= 1 || cursor >= end};
}

/** Wall time passes: the cursor moves by wallMs × speed unless paused or at the end. */
export function tick(times: readonly number[], state: ReplayState, wallMs: number): ReplayState {
  if (state.paused || state.ended || !(wallMs > 0)) return state;
  return at(times, state, state.cursorNs + wallMs * 1e6 * state.speed);
}

export type ReplayAction =
  | {readonly type: 'pause'}
  | {readonly type: 'resume'}
  | {readonly type: 'step'}
  | {readonly type: 'speed'; readonly value: number}
  | {readonly type: 'seek'; readonly deltaS: number}
  /** Show frame `index` (clamped), keeping pause and speed. */
  | {readonly type: 'goto'; readonly index: number};

/**
 * pause/resume toggle the pacer (resume at the end rewinds to the start); step pauses and shows the
 * next frame; speed sets simulated seconds per wall second (clamped to [1/64, 1024], ignored unless
 * positive); seek moves the cursor by deltaS simulated seconds, clamped to the trace; goto shows one frame.
 */
export function reduceReplay(times: readonly number[], state: ReplayState, action: ReplayAction): ReplayState {
  switch (action.type) {
    case 'pause':
      return state.paused ? state : {...state, paused: true};
    case 'resume':
      if (state.ended && times.length > 1) return {...at(times, state, 0), paused: false};
      return state.paused ? {...state, paused: false} : state;
    case 'step': {
      const index = Math.min(times.length - 1, state.index + 1);
      return {...state, paused: true, index, cursorNs: times[index] ?? 0, ended: index >= times.length - 1};
    }
    case 'speed':
      return Number.isFinite(action.value) && action.value > 0 ? {...state, speed: clampSpeed(action.value)} : state;
    case 'seek':
      return Number.isFinite(action.deltaS) ? at(times, state, state.cursorNs + action.deltaS * 1e9) : state;
    case 'goto': {
      const index = Math.min(times.length - 1, Math.max(0, Math.floor(action.index)));
      return {...state, index, cursorNs: times[index] ?? 0, ended: index >= times.length - 1};
    }
  }
}
