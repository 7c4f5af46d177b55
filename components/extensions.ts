/**
 * Snapshot fields that other parts of aswap add (the release policies' counters, the Android
 * world's page cache, camera phases and lmkd's kill reasons). They are optional in the snapshot: a
 * panel shows them when a snapshot has them and reads the same as before when it does not (older
 * traces, the host source). The types are the snapshot's own; each accessor turns an absent field
 * into null.
 */
import type {ForegroundSnapshot, LmkdSnapshot, MemorySnapshot, NodeSnapshot, ReleaseSection, Snapshot, WorkqueueSnapshot} from '../src/engine/snapshot.ts';

export type {LmkdSnapshot, WorkqueueSnapshot};

/** The running release policy's own counters (every policy, gather list or not). */
export type ReleaseSnapshot = ReleaseSection;

export const releaseOf = (s: Snapshot): ReleaseSnapshot | null => s.release ?? null;

export const workqueuesOf = (n: NodeSnapshot): readonly WorkqueueSnapshot[] | null => n.workqueues ?? null;

/** Where memory is, beyond free and zram (the Android world's page cache). */
export type MemoryParts = Pick<MemorySnapshot, 'fileBytes' | 'fileActiveBytes' | 'fileInactiveBytes' | 'anonBytes' | 'kernelBytes' | 'refaultsPerSec'>;

/** The camera's launch phases, when the world reports them. */
export type ForegroundPhase = Pick<ForegroundSnapshot, 'firstFrameMs' | 'lateForCpu' | 'lateForMemory' | 'nextLaunchInNs'>;

export const lmkdOf = (s: Snapshot): LmkdSnapshot | null => s.lmkd ?? null;
