/**
 * A sweep's worker thread: resolves one point's options exactly as `aswap run` does and runs it
 * through the same `runPoint`, so a point's summary is the one `aswap run --json` prints.
 * Compiled to `dist/sweep-worker.js` (scripts/build.js); from the sources it runs under tsx.
 */
import type {PolicyName} from '../engine/snapshot.ts';
import {resolveRun, type RunOptions} from '../run-config.ts';
import {runPoint, type PointResult} from './run-point.ts';

export interface PointTask {
  readonly options: RunOptions;
  readonly policy: string;
}

export default function runTask(task: PointTask): PointResult {
  return runPoint(resolveRun(task.options), task.policy as PolicyName);
}
