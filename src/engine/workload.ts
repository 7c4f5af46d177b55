/**
 * What a scenario plugs into the engine: a workload creates processes, schedules world events and
 * hears of what the engine did (segments done, exits, releases, free memory). Generic over the
 * engine so that this module does not import it (engine.ts exports `Workload = WorkloadOf<Engine>`).
 */
import type {Thread} from './cpu.ts';
import type {Proc} from './proc.ts';
import type {LmkdSnapshot, MemorySnapshot, Snapshot} from './snapshot.ts';

/** Something a scenario plugs into the engine: it creates processes and schedules world events. */
export interface WorkloadOf<Engine> {
  readonly name: string;
  init(engine: Engine): void;
  onEvent?(engine: Engine, tag: string, a: number): void;
  /** A 'world' thread finished its segment. */
  onThreadDone?(engine: Engine, thread: Thread): void;
  /** A process finished do_task_dead (or its munmap). */
  onProcDone?(engine: Engine, proc: Proc): void;
  /** A dead task's last swap entry was freed (at do_task_dead, or later when a policy deferred some). */
  onProcReleased?(engine: Engine, proc: Proc): void;
  /** Called once per simulated second. */
  onTick?(engine: Engine): void;
  foreground?(engine: Engine): Snapshot['foreground'];
  /** A world command from the dashboard (e.g. 'camera-launch'); false when this workload has none. */
  command?(engine: Engine, name: string): boolean;
  /** Extra sections of the headless summary (foreground, lmkd, …). */
  summary?(engine: Engine): Readonly<Record<string, unknown>>;
  /**
   * A zap just unmapped `pages` present pages of `proc`; returns how many of them stay allocated
   * (file pages, which go back to the page cache instead of the free lists). Default: none.
   */
  onUnmapPresent?(engine: Engine, proc: Proc, pages: number): number;
  /** Free memory changed by `deltaPages` (either way, from the engine or the workload). */
  onFreePagesChanged?(engine: Engine, deltaPages: number): void;
  /** What the workload adds to the snapshot (memory breakdown, lmkd). */
  snapshotExtras?(engine: Engine): SnapshotExtras;
}

/** Snapshot parts only a workload knows. */
export interface SnapshotExtras {
  readonly memory?: Partial<MemorySnapshot>;
  readonly lmkd?: LmkdSnapshot;
}
