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
  | {readonly type: 'restart'}
  | {readonly type: 'seek'; readonly deltaS: number};

export type CommandType = Command['type'];

/** Pacing state of a source, shown in the header. */
export interface SourceStatus {
  readonly paused: boolean;
  /** Simulated seconds per wall second. */
  readonly speed: number;
  /** Replay: the trace ended or was cut short (message), else null. */
  readonly note: string | null;
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
  control(command: Command): void;
  start(): void;
  stop(): void;
}
