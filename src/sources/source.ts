import type {Params, PolicyName, Snapshot} from '../engine/snapshot.ts';

/** What a key asks of a source. Commands flow from the UI to the source, never the other way. */
export type Command =
  | {readonly type: 'flush'}
  | {readonly type: 'set-param'; readonly key: keyof Omit<Params, 'policy'>; readonly value: number}
  | {readonly type: 'set-policy'; readonly policy: PolicyName}
  | {readonly type: 'camera-launch'}
  | {readonly type: 'pause'}
  | {readonly type: 'resume'}
  | {readonly type: 'step'}
  | {readonly type: 'speed'; readonly value: number}
  /** Same seed again; `defaults` false keeps the policy, knobs and speed the user set, true takes the run's own. */
  | {readonly type: 'restart'; readonly defaults: boolean}
  | {readonly type: 'seek'; readonly deltaS: number}
  /** Run (or play) on fast to the next camera launch or kill wave. */
  | {readonly type: 'next-event'}
  /** Auto slow motion around kill waves on or off. */
  | {readonly type: 'slow-motion'; readonly enabled: boolean};

export type CommandType = Command['type'];

/** Auto slow motion: while tasks exit the clock runs at `speed` (if that is slower than the user's). */
export interface SlowMotionStatus {
  readonly enabled: boolean;
  /** Slowing the clock right now. */
  readonly active: boolean;
  readonly speed: number;
}

/** Pacing state of a source, shown in the header. */
export interface SourceStatus {
  readonly paused: boolean;
  /** Simulated seconds per wall second, as the clock runs now. */
  readonly speed: number;
  /** The speed the user chose (differs from `speed` during slow motion). @default speed */
  readonly baseSpeed?: number;
  /** Replay: the trace ended or was cut short (message), else null. */
  readonly note: string | null;
  /** Sources that slow down around kill waves. */
  readonly slowMotion?: SlowMotionStatus;
  /** Running on fast to the next event (the `n` key): what it looks for. */
  readonly jumping?: string | null;
  /** Replay: where the cursor is in the trace and how long the trace is, simulated ns from its first frame. */
  readonly position?: {readonly atNs: number; readonly lengthNs: number};
  /** Replay: the cursor is on the last frame. */
  readonly ended?: boolean;
}

/**
 * A snapshot source: the simulator with its pacer, a host's /proc, or a trace being replayed.
 * `subscribe`/`getSnapshot` fit React's useSyncExternalStore: getSnapshot returns the same object
 * until something changed, and listeners are called at most once per frame.
 */
export interface Source {
  readonly kind: Snapshot['source'];
  subscribe(listener: () => void): () => void;
  getSnapshot(): Snapshot;
  getStatus(): SourceStatus;
  /** Commands this source understands; the others show as unavailable. */
  readonly supports: ReadonlySet<CommandType>;
  /**
   * Carries out a command. Returns a line for the status bar when the command did nothing or needs
   * a word ("flush: the gather list is empty"), else nothing.
   */
  control(command: Command): string | void;
  start(): void;
  stop(): void;
}
