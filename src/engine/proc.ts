import {DOUBLE_MINUS_ONE, DOUBLE_ZERO} from './units.ts';
import type {Thread} from './cpu.ts';
import type {Mm} from './mm.ts';

export type ProcState = 'alive' | 'killed' | 'do_exit' | 'munmap' | 'dead';
/** Where do_exit is: before exit_mm, zapping, waiting for the reapers' walks, after exit_mm. */
export type ExitPhase = 'none' | 'prologue' | 'zap' | 'wait' | 'epilogue';

/** A process (thread group leader): its mm and the exit path's bookkeeping. */
export interface Proc {
  readonly pid: number;
  readonly comm: string;
  oomScoreAdj: number;
  state: ProcState;
  readonly mm: Mm;
  readonly thread: Thread;
  readonly meanRunEntries: number;
  /** The task is dying (fatal signal pending / PF_EXITING): its own zap may defer. */
  dying: boolean;
  phase: ExitPhase;
  startNs: number;
  killedAtNs: number;
  zapDoneNs: number;
  deadNs: number;
  /** When its last swap entry so far was freed. */
  lastFreeNs: number;
  /** When its last swap entry was freed, once all are; −1 until then (may come after do_task_dead). */
  releasedNs: number;
  entriesAtKill: number;
  /** exiting_task_count when this task entered do_exit, itself excluded. */
  /** oom_score_adj when it was killed (the live value may change after). */
  oomScoreAdjAtKill: number;
  exitingAtStart: number;
  /** Entries freed inline (swap slot and zram object) by the task or a reaper on its mm. */
  freedSync: number;
  /** Entries whose free a policy deferred (parked, then freed by a worker). */
  gathered: number;
  /** Deferred entries not yet freed. */
  parked: number;
  freedAsync: number;
  reaped: boolean;
  /** CPU work (ns at capacity 1.0) in free_swap_and_cache_nr and in its zram part, for the exit breakdown. */
  freeSwapWork: number;
  zramWork: number;
  exitWork: number;
  killReason: string;
  /** The record written at do_task_dead (its releasedNs is filled in when the last entry goes). */
  record: ExitRecord | null;
}

/** Per finished task, what the summary and the per-exit report need. */
export interface ExitRecord {
  readonly pid: number;
  readonly comm: string;
  readonly killed: boolean;
  /** oom_score_adj at SIGKILL. */
  readonly oomScoreAdj: number;
  readonly killReason: string;
  readonly startNs: number;
  readonly zapDoneNs: number;
  readonly deadNs: number;
  readonly entriesAtKill: number;
  /** exiting_task_count when it entered do_exit, itself excluded. */
  readonly exitingAtStart: number;
  /** Its last swap entry freed; −1 until then (release can come after do_task_dead). */
  releasedNs: number;
  readonly freeSwapWork: number;
  readonly zramWork: number;
  readonly exitWork: number;
  /** CPU time the task used, by device cluster name. */
  readonly cpuNsByCluster: Readonly<Record<string, number>>;
}

export function newProc(pid: number, comm: string, oomScoreAdj: number, mm: Mm, thread: Thread, meanRunEntries: number, nowNs: number): Proc {
  return {
    pid,
    comm,
    oomScoreAdj,
    state: 'alive',
    mm,
    thread,
    meanRunEntries,
    dying: false,
    phase: 'none',
    startNs: nowNs + DOUBLE_ZERO,
    killedAtNs: DOUBLE_MINUS_ONE,
    zapDoneNs: DOUBLE_MINUS_ONE,
    deadNs: DOUBLE_MINUS_ONE,
    lastFreeNs: DOUBLE_MINUS_ONE,
    releasedNs: DOUBLE_MINUS_ONE,
    entriesAtKill: 0,
    oomScoreAdjAtKill: oomScoreAdj,
    exitingAtStart: 0,
    freedSync: 0,
    gathered: 0,
    parked: 0,
    freedAsync: 0,
    reaped: false,
    freeSwapWork: DOUBLE_ZERO,
    zramWork: DOUBLE_ZERO,
    exitWork: DOUBLE_ZERO,
    killReason: '',
    record: null,
  };
}
