import {NS_PER_S, type Engine} from '../engine/engine.ts';
import type {Params, Snapshot} from '../engine/snapshot.ts';
import type {RunSpec} from '../run-config.ts';
import {createEngine} from '../run.ts';
import {NextEventJump, newestSeq} from './next-event.ts';
import {effectiveSpeed, initialSlowMotion, setEnabled, SLOW_MOTION_SPEED, stepSlowMotion, userSpeed, type SlowMotion} from './slow-motion.ts';
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
  /** Auto slow motion around kill waves. @default true unless manual */
  readonly slowMotion?: boolean;
}

type Knobs = Omit<Params, 'policy'>;

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
  private slow: SlowMotion;
  private jump: NextEventJump | null = null;
  /** Why the last jump stopped without an event, for the header. */
  private jumpMessage: string | null = null;
  private lastWallMs = 0;
  private lastPublishMs = -Infinity;
  private lastLogSeq = -1;
  private snapshot: Snapshot;
  private status: SourceStatus;
  private readonly clock: () => number;
  private readonly followers: SimSource[] = [];

  constructor(
    private readonly spec: RunSpec,
    private readonly options: SimSourceOptions = {},
  ) {
    this.speed = clampSpeed(options.speed ?? 1);
    this.slow = initialSlowMotion(options.slowMotion ?? !options.manual);
    this.clock = options.clock ?? (() => performance.now());
    this.engine = this.build(options.policy ?? spec.policy, null);
    this.snapshot = this.engine.snapshot();
    this.status = this.makeStatus();
    const supports: CommandType[] = ['flush', 'set-param', 'set-policy', 'pause', 'resume', 'step', 'speed', 'restart', 'next-event', 'slow-motion'];
    if (this.engine.hasWorldCommands) supports.push('camera-launch');
    this.supports = new Set(supports);
  }

  /** A fresh engine at t = 0 with this policy and, unless null, these knobs instead of the spec's. */
  private build(policy: RunSpec['policy'], knobs: Knobs | null): Engine {
    const spec = knobs === null ? this.spec : {...this.spec, params: {...this.spec.params, ...knobs}};
    return createEngine(spec, {policy});
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

  getStatus = (): SourceStatus => this.status;

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
    if (this.jump) this.runJump();
    else if (!this.paused) this.advance(Math.round(dtMs * 1e6 * effectiveSpeed(this.slow, this.speed)));
    this.updateSlowMotion();
    if (this.quiet() && !this.jump && wall - this.lastPublishMs < QUIET_FRAME_MS) return;
    this.lastPublishMs = wall;
    this.publish();
  }

  /** Tasks exiting or kworkers freeing, here or in a follower. */
  private busy(): boolean {
    const busyHere = (e: Engine) => e.liveExits().length > 0 || e.wq.workers.some((w) => w.busy);
    return busyHere(this.engine) || this.followers.some((f) => busyHere(f.engine));
  }

  private updateSlowMotion(): void {
    const next = stepSlowMotion(this.slow, this.busy(), this.engine.nowNs);
    if (next === this.slow) return;
    this.slow = next;
    this.status = this.makeStatus();
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

  /**
   * One frame's share of the `n` jump, within the frame budget. It stops at the event, at the
   * user's pace, so the moment itself is watched (slow motion takes over when exits start).
   */
  private runJump(): void {
    const started = this.clock();
    const result = this.jump!.run(() => !this.options.manual && this.clock() - started > MAX_ENGINE_MS_PER_FRAME);
    if (result.done) {
      this.jump = null;
      this.jumpMessage = result.message;
      this.lastWallMs = this.clock();
      this.status = this.makeStatus();
    }
    for (const f of this.followers) f.advanceTo(this.engine.nowNs);
  }

  publish(): void {
    const next = this.engine.snapshot();
    if (next === this.snapshot) return;
    this.snapshot = next;
    for (const l of this.listeners) l();
  }

  private makeStatus(): SourceStatus {
    const speed = effectiveSpeed(this.slow, this.speed);
    return {
      paused: this.paused,
      speed,
      baseSpeed: this.speed,
      note: this.jumpMessage,
      slowMotion: {enabled: this.slow.enabled, active: this.slow.active && speed < this.speed, speed: SLOW_MOTION_SPEED},
      jumping: this.jump ? 'next camera launch or kill wave' : null,
    };
  }

  /** The knobs the user tuned, to carry over a restart. */
  private knobs(): Knobs {
    const {policy: _policy, ...knobs} = this.engine.params;
    return knobs;
  }

  control(command: Command): string | void {
    const e = this.engine;
    const seq = newestSeq(e);
    let notice: string | undefined;
    switch (command.type) {
      case 'flush': {
        const parked = e.snapshot().gather?.cacheCount ?? 0;
        if (e.forceFlush('manual') === 0 && parked === 0) notice = `f: the gather list is empty (policy ${e.params.policy}), nothing to flush`;
        break;
      }
      case 'set-param': {
        const err = e.setParam(command.key, command.value);
        if (err) e.log('info', `rejected: ${err}`);
        break;
      }
      case 'set-policy':
        e.setPolicy(command.policy);
        break;
      case 'camera-launch':
        if (!e.worldCommand('camera-launch')) notice = 'c: this scenario has no camera to launch';
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
        this.advance(Math.max(1_000_000, Math.round((NS_PER_S / FRAME_HZ) * effectiveSpeed(this.slow, this.speed))));
        break;
      case 'speed':
        this.speed = clampSpeed(command.value);
        this.slow = userSpeed(this.slow);
        break;
      case 'slow-motion':
        this.slow = setEnabled(this.slow, command.enabled);
        notice = command.enabled ? `a: slow motion on: ${SLOW_MOTION_SPEED}× while tasks exit` : 'a: slow motion off';
        break;
      case 'next-event':
        if (this.jump) return 'n: already running on to the next event';
        this.jumpMessage = null;
        this.jump = new NextEventJump(e);
        if (this.options.manual) this.runJump();
        break;
      case 'restart':
        this.restart(command.defaults);
        break;
      case 'seek':
        return;
    }
    // Compare mode: the follower lives through the same world (flushes, thresholds, launches,
    // pacing) and differs only by policy; a step moves it to the same clock.
    for (const f of this.followers) {
      if (command.type === 'step' || command.type === 'next-event') f.advanceTo(this.engine.nowNs);
      else if (command.type !== 'set-policy') f.control(command);
    }
    this.status = this.makeStatus();
    this.publish();
    return notice ?? this.infoSince(seq);
  }

  /** What the engine said about the last command (a rejected value, a camera already up), for the status line. */
  private infoSince(seq: number): string | undefined {
    const log = this.engine.logView;
    for (let i = log.length - 1; i >= 0 && log[i]!.seq > seq; i--) if (log[i]!.kind === 'info') return log[i]!.text;
    return undefined;
  }

  /**
   * Same seed, t = 0. `r` keeps what the user set (policy, knobs, speed, slow motion) so the same
   * moment can be watched again with the new threshold; `R` takes the run's own settings.
   */
  private restart(defaults: boolean): void {
    const policy = defaults ? (this.options.policy ?? this.spec.policy) : this.engine.params.policy;
    const knobs = defaults ? null : this.knobs();
    this.engine = this.build(policy, knobs);
    this.jump = null;
    this.jumpMessage = null;
    if (defaults) {
      this.speed = clampSpeed(this.options.speed ?? 1);
      this.slow = initialSlowMotion(this.options.slowMotion ?? !this.options.manual);
    } else this.slow = initialSlowMotion(this.slow.enabled);
    const kept = defaults ? "the run's own policy, knobs and speed" : `policy ${policy}, ${describeKnobs(this.knobs())}`;
    this.engine.log('param', `restart: seed ${this.spec.seed}, ${kept}`);
    this.lastWallMs = this.clock();
  }
}

function describeKnobs(k: Knobs): string {
  return `max_cache_entries ${k.maxCacheEntries}, MIN_EXITING_TASKS_THRESHOLD ${k.minExitingTasks}, MM_SWAPENTS ≥ ${k.swapentsThreshold}, max_active ${k.maxActive}`;
}

export function clampSpeed(x: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, x));
}
