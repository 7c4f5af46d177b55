/**
 * Replays the snapshots of a `--trace` file at their recorded simulated times, scaled by speed.
 * Wall-clock pacing lives here (a ~12 Hz interval); which frame to show is the pure logic of
 * replay-timeline.ts. Like the live simulation it slows down around kill waves and can jump to the
 * next camera launch or kill wave.
 */
import type {Snapshot} from '../engine/snapshot.ts';
import type {Trace} from '../record/trace.ts';
import {effectiveSpeed, initialSlowMotion, setEnabled, SLOW_MOTION_SPEED, stepSlowMotion, userSpeed, type SlowMotion} from './slow-motion.ts';
import type {Command, CommandType, Source, SourceStatus} from './source.ts';
import {buildTimeline, initialReplayState, reduceReplay, tick, type ReplayState} from './replay-timeline.ts';

export interface ReplayOptions {
  /** @default 1 */
  readonly speed?: number;
  /** Start paused on the first frame. @default false */
  readonly paused?: boolean;
  /** Pacer period in wall ms. @default 80 (12.5 Hz) */
  readonly frameMs?: number;
  /** Wall clock in ms, for the pacer. @default performance.now */
  readonly now?: () => number;
  /** Auto slow motion around kill waves. @default true */
  readonly slowMotion?: boolean;
}

const SUPPORTS: ReadonlySet<CommandType> = new Set<CommandType>(['pause', 'resume', 'step', 'speed', 'seek', 'next-event', 'slow-motion']);

/** Tasks exiting or kworkers freeing in a frame: what slow motion watches. */
const busyFrame = (s: Snapshot): boolean => s.tasks.length > 0 || (s.nodes ?? []).some((n) => n.kworkers.some((k) => k.busy));

/** Newest log sequence number of a frame, or -1. */
const lastSeq = (s: Snapshot): number => (s.log.length > 0 ? s.log[s.log.length - 1]!.seq : -1);

/** Whether a frame's log has a camera launch or a kill after `seq`. */
function eventAfter(s: Snapshot, seq: number): boolean {
  for (let i = s.log.length - 1; i >= 0 && s.log[i]!.seq > seq; i--) if (s.log[i]!.kind === 'kill' || s.log[i]!.kind === 'launch') return true;
  return false;
}

/** The frame of the next camera launch or kill wave after frame `from`: past the wave in progress, then the first such log entry. */
export function nextEventFrame(frames: readonly Snapshot[], from: number): number | null {
  let i = from;
  while (i < frames.length - 1 && frames[i]!.tasks.length > 0) i++;
  const after = lastSeq(frames[i]!);
  for (let j = i + 1; j < frames.length; j++) if (eventAfter(frames[j]!, after) || frames[j]!.nowNs < frames[j - 1]!.nowNs) return j;
  return null;
}

export class ReplaySource implements Source {
  readonly kind = 'replay' as const;
  readonly supports = SUPPORTS;

  private readonly frames: readonly Snapshot[];
  private readonly times: readonly number[];
  private readonly error: string | null;
  private readonly frameMs: number;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();
  private state: ReplayState;
  private slow: SlowMotion;
  private status: SourceStatus;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastWallMs = 0;
  private dirty = false;

  /** `trace.snapshots` must not be empty (check before: there is nothing to show otherwise). */
  constructor(trace: Pick<Trace, 'snapshots' | 'error'>, options: ReplayOptions = {}) {
    if (trace.snapshots.length === 0) throw new Error(trace.error ?? 'the trace has no snapshots');
    this.frames = trace.snapshots.map((s) => (s.source === 'replay' ? s : {...s, source: 'replay'}));
    this.times = buildTimeline(trace.snapshots.map((s) => s.nowNs));
    this.error = trace.error;
    this.frameMs = options.frameMs ?? 80;
    this.now = options.now ?? (() => performance.now());
    this.state = initialReplayState(options);
    this.slow = initialSlowMotion(options.slowMotion ?? true);
    this.status = this.makeStatus();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.frames[this.state.index]!;

  getStatus = (): SourceStatus => this.status;

  /** Replay time of the cursor, ns from the first frame, and the trace's length. */
  getPosition(): {readonly cursorNs: number; readonly durationNs: number; readonly index: number; readonly frames: number} {
    return {cursorNs: this.state.cursorNs, durationNs: this.times[this.times.length - 1]!, index: this.state.index, frames: this.frames.length};
  }

  control(command: Command): string | void {
    switch (command.type) {
      case 'pause':
      case 'resume':
      case 'step':
      case 'seek':
        this.apply(reduceReplay(this.times, this.state, command));
        return;
      case 'speed':
        this.slow = userSpeed(this.slow);
        this.apply(reduceReplay(this.times, this.state, command), true);
        return;
      case 'slow-motion':
        this.slow = setEnabled(this.slow, command.enabled);
        this.apply(this.state, true);
        return command.enabled ? `a: slow motion on: ${SLOW_MOTION_SPEED}× while tasks exit` : 'a: slow motion off';
      case 'next-event': {
        const to = nextEventFrame(this.frames, this.state.index);
        if (to === null) return 'n: no camera launch or kill wave later in this trace';
        this.apply(reduceReplay(this.times, this.state, {type: 'goto', index: to}));
        return;
      }
      default:
        return;
    }
  }

  /**
   * Advances by `wallMs` of wall time and notifies listeners once if anything changed (including
   * commands since the last tick). start() calls it from its interval.
   */
  advance(wallMs: number): void {
    const speed = effectiveSpeed(this.slow, this.state.speed);
    const input = speed === this.state.speed ? this.state : {...this.state, speed};
    const moved = tick(this.times, input, wallMs);
    const next = moved === input ? this.state : {...moved, speed: this.state.speed};
    const slow = stepSlowMotion(this.slow, busyFrame(this.frames[next.index]!), this.times[next.index]!);
    const slowChanged = slow !== this.slow;
    this.slow = slow;
    this.apply(next, slowChanged);
    this.flush();
  }

  start(): void {
    if (this.timer) return;
    this.lastWallMs = this.now();
    this.timer = setInterval(() => {
      const now = this.now();
      const wallMs = now - this.lastWallMs;
      this.lastWallMs = now;
      this.advance(wallMs);
    }, this.frameMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private apply(next: ReplayState, force = false): void {
    if (next === this.state && !force) return;
    const prev = this.state;
    this.state = next;
    // The header shows the position to a tenth of a second: finer moves are not news.
    const tenth = (ns: number) => Math.floor(ns / 1e8);
    const statusChanged = force || next.paused !== prev.paused || next.speed !== prev.speed || next.ended !== prev.ended || tenth(next.cursorNs) !== tenth(prev.cursorNs);
    if (statusChanged) this.status = this.makeStatus();
    if (statusChanged || next.index !== prev.index) this.dirty = true;
    // Without a pacer (not started, or tests), commands still reach listeners at once.
    if (!this.timer) this.flush();
  }

  private flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    for (const listener of [...this.listeners]) listener();
  }

  private makeStatus(): SourceStatus {
    const {paused, speed, ended, cursorNs} = this.state;
    const lengthNs = this.times[this.times.length - 1]!;
    const now = effectiveSpeed(this.slow, speed);
    return {
      paused,
      speed: now,
      baseSpeed: speed,
      // A cut-short trace keeps saying so for the whole replay; the end is a state of its own.
      note: this.error,
      ended,
      position: {atNs: cursorNs, lengthNs},
      slowMotion: {enabled: this.slow.enabled, active: this.slow.active && now < speed, speed: SLOW_MOTION_SPEED},
    };
  }
}
