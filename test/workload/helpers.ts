/**
 * Builds Android worlds for the workload tests: a built-in scenario (or the quiet phone: apps, kswapd
 * and lmkd but no camera, no user, no restarts, no background load) with knobs on top, and the
 * engine around it. The world object is returned so tests can reach lmkd, kswapd and the camera.
 */
import {Engine} from '../../src/engine/engine.ts';
import type {PolicyName} from '../../src/engine/snapshot.ts';
import {resolveRun, type RunSpec} from '../../src/run-config.ts';
import type {AndroidKnobs} from '../../src/workload/android/knobs.ts';
import {AndroidWorld} from '../../src/workload/android/world.ts';

export const MS = 1_000_000;
export const S = 1_000_000_000;
export const MB_PAGES = 256;

/** Nothing happens in this world unless the test makes it happen. */
export const QUIET: Readonly<Record<string, number>> = {cameraFirstSec: 0, switchSecMin: 0, switchSecMax: 0, restartSecMean: 0, bgThreads: 0};

export interface WorldRun {
  readonly engine: Engine;
  readonly world: AndroidWorld;
  readonly spec: RunSpec;
}

export function androidWorld(
  opts: {scenario?: string; policy?: PolicyName; seed?: number; set?: Readonly<Record<string, number>>; trace?: boolean} = {},
): WorldRun {
  const set = Object.entries(opts.set ?? {}).map(([k, v]) => `${k}=${v}`);
  const spec = resolveRun({scenario: opts.scenario ?? 'camera-launch', policy: opts.policy ?? 'sync', seed: opts.seed ?? 1, set});
  const world = new AndroidWorld(spec.scenario.name, spec.workloadKnobs as unknown as AndroidKnobs);
  const engine = new Engine(
    {
      scenario: spec.scenario.name,
      device: spec.device,
      seed: spec.seed,
      params: spec.params,
      nodeAllocFailRate: spec.nodeAllocFailRate,
      workAllocFailRate: spec.workAllocFailRate,
      trace: opts.trace ?? false,
    },
    world,
  );
  return {engine, world, spec};
}

export function quietWorld(opts: {policy?: PolicyName; seed?: number; set?: Readonly<Record<string, number>>} = {}): WorldRun {
  return androidWorld({...opts, set: {...QUIET, ...opts.set}});
}
