/**
 * Snapshot fields that other parts of aswap add (the release policies' counters, the Android
 * world's page cache, camera phases and lmkd's kill reasons). They are optional here: a panel shows
 * them when a snapshot has them and reads the same as before when it does not (older traces, the
 * host source). Each accessor is the one place that knows a field's shape.
 */
import type {ForegroundSnapshot, MemorySnapshot, NodeSnapshot, Snapshot} from '../src/engine/snapshot.ts';

/** One counter of a release policy, kernel-style name (`deferred handles pending`, `zram held`). */
export interface ReleaseCounter {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** The running release policy's own counters (every policy, gather list or not). */
export interface ReleaseSnapshot {
  readonly policy: string;
  readonly counters: readonly ReleaseCounter[];
}

export const releaseOf = (s: Snapshot): ReleaseSnapshot | null => (s as {release?: ReleaseSnapshot | null}).release ?? null;

/** A workqueue's pool_workqueue on one node (async_swap_free, or another policy's queue). */
export interface WorkqueueSnapshot {
  readonly name: string;
  readonly nrActive: number;
  readonly maxActive: number;
  readonly pending: number;
}

export const workqueuesOf = (n: NodeSnapshot): readonly WorkqueueSnapshot[] | null => (n as {workqueues?: readonly WorkqueueSnapshot[]}).workqueues ?? null;

/** Where memory is, beyond free and zram (the Android world's page cache). */
export interface MemoryParts {
  readonly fileBytes?: number;
  readonly fileActiveBytes?: number;
  readonly fileInactiveBytes?: number;
  readonly anonBytes?: number;
  readonly kernelBytes?: number;
  /** workingset_refault_file per simulated second. */
  readonly refaultsPerSec?: number;
}

export const memoryParts = (m: MemorySnapshot): MemoryParts => m as MemoryParts;

/** The camera's launch phases, when the world reports them. */
export interface ForegroundPhase {
  /** Launch start → first frame of the launch in progress or the last one, ms. */
  readonly firstFrameMs?: number | null;
  /** Late frames by cause since the preview started. */
  readonly lateForCpu?: number;
  readonly lateForMemory?: number;
  /** Simulated time until the next scheduled launch, when one is scheduled. */
  readonly nextLaunchInNs?: number | null;
}

export const foregroundPhase = (f: ForegroundSnapshot): ForegroundPhase => f as ForegroundPhase;

/** lmkd's last decision and what it waits for. */
export interface LmkdSnapshot {
  readonly lastKill: {readonly comm: string; readonly reason: string; readonly atNs: number} | null;
  readonly killsByReason: Readonly<Record<string, number>>;
  /** pid lmkd waits for (kill_timeout_ms), or null. */
  readonly waitingForPid: number | null;
  readonly thrashingPct: number;
  readonly thrashingLimitPct: number;
}

export const lmkdOf = (s: Snapshot): LmkdSnapshot | null => (s as {lmkd?: LmkdSnapshot | null}).lmkd ?? null;
