/**
 * A sweep's worker thread: resolves one point's options exactly as `aswap run` does and runs it
 * through the same `runPoint`, so a point's summary is the one `aswap run --json` prints.
 * Compiled to `dist/sweep-worker.js` (scripts/build.js); from the sources it runs under tsx.
 *
 * A worker gets the whole list of points once and claims them itself from a counter shared by
 * every thread of the sweep (src/report/pool.ts), so it never waits for the calling thread, which
 * runs points too, to hand it the next one. On `port` it says `{started: true}`, sends each result
 * as soon as it is done, then `{done: true}`.
 */
import type {MessagePort} from 'node:worker_threads';
import type {PolicyName} from '../engine/snapshot.ts';
import {resolveRun, type RunOptions} from '../run-config.ts';
import {runPoint, type PointResult} from './run-point.ts';

export interface PointTask {
  readonly options: RunOptions;
  readonly policy: string;
}

/** What the pool gives a worker: every task, the shared counter of the next unclaimed one, the reply port. */
export interface WorkerJob {
  readonly tasks: readonly PointTask[];
  readonly next: SharedArrayBuffer;
  readonly port: MessagePort;
}

export type WorkerReply = {readonly started: true} | {readonly i: number; readonly result: PointResult} | {readonly done: true};

export const runTask = (task: PointTask): PointResult => runPoint(resolveRun(task.options), task.policy as PolicyName);

/** The index of the next unclaimed task, or -1 when every task is taken. */
export function claim(next: Int32Array, count: number): number {
  const i = Atomics.add(next, 0, 1);
  return i < count ? i : -1;
}

export default function runJob({tasks, next, port}: WorkerJob): number {
  const counter = new Int32Array(next);
  let ran = 0;
  port.postMessage({started: true} satisfies WorkerReply);
  try {
    for (let i = claim(counter, tasks.length); i >= 0; i = claim(counter, tasks.length)) {
      port.postMessage({i, result: runTask(tasks[i]!)} satisfies WorkerReply);
      ran++;
    }
  } catch (e) {
    // The first failure stops the sweep: no thread claims another point (the calling thread may be
    // busy with a point of its own and hear of this error only when it is done).
    Atomics.store(counter, 0, tasks.length);
    throw e;
  } finally {
    port.postMessage({done: true} satisfies WorkerReply);
  }
  return ran;
}
