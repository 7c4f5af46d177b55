/**
 * Replays the snapshots of a `--trace` file at their recorded simulated times, scaled by speed.
 * Wall-clock pacing lives here (a ~12 Hz interval); which frame to show is the pure logic of
 * replay-timeline.ts.
 */
import type {Snapshot} from '../engine/snapshot.ts';
import type {Trace} from '../record/trace.ts';
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
}

const SUPPORTS: ReadonlySet<CommandType> = new Set<CommandType>(['pause', 'resume', 'step', 'speed', 'seek']);

function formatS(ns: number): string {
  return `${(ns / 1e9).toFixed(1)} s`;
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

  control(command: Command): void {
    switch (command.type) {
      case 'pause':
      case 'resume':
      case 'step':
      case 'speed':
      case 'seek':
        this.apply(reduceReplay(this.times, this.state, command));
        return;
      default:
        return;
    }
  }

  /**
   * Advances by `wallMs` of wall time and notifies listeners once if anything changed (including
   * commands since the last tick). start() calls it from its interval.
   */
  advance(wallMs: number): void {
    this.apply(tick(this.times, this.state, wallMs));
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

  private apply(next: ReplayState): void {
    if (next === this.state) return;
    const prev = this.state;
    this.state = next;
    const statusChanged = next.paused !== prev.paused || next.speed !== prev.speed || next.ended !== prev.ended;
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
    const {paused, speed, ended} = this.state;
    const end = formatS(this.times[this.times.length - 1]!);
    let note: string | null = this.error;
    if (ended) note = this.error ? `end of trace at ${end}: ${this.error}` : `end of trace at ${end}`;
    return {paused, speed, note};
  }
}
