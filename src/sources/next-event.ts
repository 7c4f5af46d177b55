/**
 * The `n` key on a live simulation: run on fast to the next camera launch or kill wave. First out
 * of the wave in progress (until no task is exiting), then until the log gains a camera launch or
 * a kill. It runs in short slices so that a frame can stop it at its time budget and resume it in
 * the next one; the engine stays pure (this only calls runUntil and reads the log).
 */
import {NS_PER_S, type Engine} from '../engine/engine.ts';

/** How far it looks ahead before it gives up. */
export const JUMP_LIMIT_NS = 600 * NS_PER_S;
/** Simulated time per slice, between checks for the event. */
const SLICE_NS = 10_000_000;

/** Newest log sequence number, or -1. */
export function newestSeq(e: Engine): number {
  const log = e.logView;
  return log.length > 0 ? log[log.length - 1]!.seq : -1;
}

/** Whether the log gained a camera launch or a kill after `seq`. */
function eventAfter(e: Engine, seq: number): boolean {
  const log = e.logView;
  for (let i = log.length - 1; i >= 0 && log[i]!.seq > seq; i--) if (log[i]!.kind === 'kill' || log[i]!.kind === 'launch') return true;
  return false;
}

export type JumpResult = {readonly done: false} | {readonly done: true; readonly message: string | null};

export class NextEventJump {
  private phase: 'drain' | 'seek';
  /** Only log entries after this one count as the next event. */
  private afterSeq: number;
  private readonly untilNs: number;

  constructor(private readonly engine: Engine) {
    this.phase = engine.liveExits().length > 0 ? 'drain' : 'seek';
    this.afterSeq = newestSeq(engine);
    this.untilNs = engine.nowNs + JUMP_LIMIT_NS;
  }

  /** Runs slices until the event, the limit, or `timeUp()`; says whether the jump is over and why. */
  run(timeUp: () => boolean): JumpResult {
    const e = this.engine;
    for (;;) {
      if (this.phase === 'drain' && e.liveExits().length === 0) {
        this.phase = 'seek';
        this.afterSeq = newestSeq(e);
      }
      if (this.phase === 'seek' && eventAfter(e, this.afterSeq)) return {done: true, message: null};
      if (e.nowNs >= this.untilNs) return {done: true, message: `n: no camera launch or kill in the next ${JUMP_LIMIT_NS / NS_PER_S} s`};
      if (timeUp()) return {done: false};
      e.runUntil(e.nowNs + SLICE_NS);
    }
  }
}
