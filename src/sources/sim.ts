import {NS_PER_S, type Engine} from '../engine/engine.ts';
import type {Snapshot} from '../engine/snapshot.ts';
import type {RunSpec} from '../run-config.ts';
import {createEngine} from '../run.ts';
import type {Command, CommandType, Source, SourceStatus} from './source.ts';

export const FRAME_HZ = 10;
/** Frame period while the world is quiet (nothing exiting, no kworker busy, no new log line). */
const QUIET_FRAME_MS = 500;
/** Wall time the engine may use per frame; beyond it the simulation falls behind rather than the UI. */
const MAX_ENGINE_MS_PER_FRAME = 40;
export const MIN_SPEED = 0.01;
export const MAX_SPEED = 1000;

export interface SimSourceOptions {
  /** Simulated seconds per wall second. @default 1 */
  readonly speed?: number;
  /** Policy for this source instead of the spec's (compare mode). */
  readonly policy?: RunSpec['policy'];
  /** Injected clock (ms) for tests; performance.now by default. */
  readonly clock?: () => number;
  /** Drive frames by hand (tests, deterministic recordings) instead of a timer. */
  readonly manual?: boolean;
}

/**
 * The simulator as a snapshot source: a pacer that advances the pure engine by speed × wall time
 * once per frame (SimPy's RealtimeEnvironment idea: wall time never enters the engine), and turns
 * key commands into engine parameter changes. Listeners hear at most once per frame.
 */
export class SimSource implements Source {
  readonly kind = 'sim' as const;
  readonly supports: ReadonlySet<CommandType>;
  private engine: Engine;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private paused = false;
  private speed: number;
  private lastWallMs = 0;
  private lastPublishMs = -Infinity;
  private lastLogSeq = -1;
  private snapshot: Snapshot;
  private readonly clock: () => number;
  private readonly followers: SimSource[] = [];

  constructor(
    private readonly spec: RunSpec,
    private readonly options: SimSourceOptions = {},
  ) {
    this.speed = clampSpeed(options.speed ?? 1);
    this.clock = options.clock ?? (() => performance.now());
    this.engine = this.build();
    this.snapshot = this.engine.snapshot();
    const supports: CommandType[] = ['flush', 'set-param', 'set-policy', 'pause', 'resume', 'step', 'speed', 'restart'];
    if (this.engine.hasWorldCommands) supports.push('camera-launch');
    this.supports = new Set(supports);
  }

  private build(): Engine {
    return createEngine(this.spec, {policy: this.options.policy ?? this.spec.policy});
  }

  /** Another source that moves in lockstep with this one (compare mode): same clock, same pacing. */
  follow(other: SimSource): void {
    this.followers.push(other);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  getStatus(): SourceStatus {
    return {paused: this.paused, speed: this.speed, note: null};
  }

  get nowNs(): number {
    return this.engine.nowNs;
  }

  /** The engine, for summaries at the end of a dashboard run. */
  get currentEngine(): Engine {
    return this.engine;
  }

  start(): void {
    if (this.timer || this.options.manual) return;
    this.lastWallMs = this.clock();
    this.timer = setInterval(() => this.frame(), 1000 / FRAME_HZ);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * One frame: advance by speed × the wall time since the last frame, publish a snapshot. While
   * nothing is exiting, no kworker is busy and the log is still, only the clock and slow gauges move:
   * then a frame is published every QUIET_FRAME_MS instead, which is most of the time between
   * kill waves and saves most of the rendering.
   */
  frame(): void {
    const wall = this.clock();
    const dtMs = Math.min(1000, Math.max(0, wall - this.lastWallMs));
    this.lastWallMs = wall;
    if (!this.paused) this.advance(Math.round(dtMs * 1e6 * this.speed));
    if (this.quiet() && wall - this.lastPublishMs < QUIET_FRAME_MS) return;
    this.lastPublishMs = wall;
    this.publish();
  }

  private quiet(): boolean {
    const e = this.engine;
    const logSeq = e.logView.length > 0 ? e.logView[e.logView.length - 1]!.seq : -1;
    const quiet = e.liveExits().length === 0 && e.wq.workers.every((w) => !w.busy) && logSeq === this.lastLogSeq;
    this.lastLogSeq = logSeq;
    return quiet;
  }

  /** Advance the simulation by `simNs` now (recordings drive this with their own clock). */
  advance(simNs: number): void {
    const target = this.engine.nowNs + simNs;
    const started = this.clock();
    // Run in slices so a slow frame cannot freeze the UI: past the budget, the simulation lags.
    const slice = Math.max(1, Math.round(simNs / 8));
    while (this.engine.nowNs < target) {
      this.engine.runUntil(Math.min(target, this.engine.nowNs + slice));
      if (!this.options.manual && this.clock() - started > MAX_ENGINE_MS_PER_FRAME) break;
    }
    for (const f of this.followers) f.advanceTo(this.engine.nowNs);
  }

  private advanceTo(tNs: number): void {
    if (tNs > this.engine.nowNs) this.engine.runUntil(tNs);
    this.publish();
  }

  publish(): void {
    const next = this.engine.snapshot();
    if (next === this.snapshot) return;
    this.snapshot = next;
    for (const l of this.listeners) l();
  }

  control(command: Command): void {
    const e = this.engine;
    switch (command.type) {
      case 'flush':
        e.forceFlush('manual');
        break;
      case 'set-param': {
        const err = e.setParam(command.key, command.value);
        if (err) e.log('info', `rejected: ${err}`);
        break;
      }
      case 'set-policy':
        e.setPolicy(command.policy);
        break;
      case 'camera-launch':
        if (!e.worldCommand('camera-launch')) e.log('info', 'this scenario has no camera to launch');
        break;
      case 'pause':
        this.paused = true;
        break;
      case 'resume':
        this.paused = false;
        this.lastWallMs = this.clock();
        break;
      case 'step':
        // One frame's worth of simulated time at the current speed.
        this.advance(Math.max(1_000_000, Math.round((NS_PER_S / FRAME_HZ) * this.speed)));
        break;
      case 'speed':
        this.speed = clampSpeed(command.value);
        break;
      case 'restart':
        this.engine = this.build();
        this.engine.log('info', `restart: seed ${this.spec.seed}`);
        break;
      case 'seek':
        return;
    }
    // Compare mode: the follower lives through the same world (flushes, thresholds, launches,
    // pacing) and differs only by policy; a step moves it to the same clock.
    for (const f of this.followers) {
      if (command.type === 'step') f.advanceTo(this.engine.nowNs);
      else if (command.type !== 'set-policy') f.control(command);
    }
    this.publish();
  }
}

export function clampSpeed(x: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, x));
}
