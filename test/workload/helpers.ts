/**
 * Builds Android worlds for the workload tests: a built-in scenario (or the quiet phone: apps, kswapd
 * and lmkd but no camera, no user, no restarts, no background load) with knobs on top, and the
 * engine around it. The world object is returned so tests can reach lmkd, kswapd and the camera.
 */
import {Engine} from '../../src/engine/engine.ts';
import type {PolicyName} from '../../src/engine/snapshot.ts';
import {resolveRun, type RunSpec} from '../../src/run-config.ts';
import type {AndroidKnobs} from '../../src/workload/android/knobs.ts';
import {AndroidWorld, type Actor} from '../../src/workload/android/world.ts';

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

/**
 * Memory as tight as it gets: the page cache (and every background app's mapped files) reclaimed,
 * then free memory drained to `pagesAboveMin` above the min watermark. With a full zram disk
 * nothing is left to reclaim.
 */
export function squeeze(run: WorldRun, pagesAboveMin = 0): void {
  const {engine, world} = run;
  world.reclaim.fileNow(1 << 30);
  engine.freePages -= engine.freePages - engine.minPages - pagesAboveMin;
}

/** A task pinned to the prime core (capacity 1.0) that allocates on demand and counts its grants. */
export function allocator(run: WorldRun): {actor: Actor; grants: () => number; grantedAt: () => number[]; alloc: (pages: number) => boolean} {
  const {engine, world} = run;
  const prime = engine.sched.count - 1;
  const at: number[] = [];
  const actor: Actor = {
    thread: engine.sched.createThread('world', 0, 'allocator', 0, [prime]),
    wait: null,
    running: false,
    segmentDone: () => world.sleep(actor),
  };
  world.attach(actor);
  return {
    actor,
    grants: () => at.length,
    grantedAt: () => at,
    alloc: (pages) =>
      world.mem.alloc(actor, pages, () => {
        at.push(engine.nowNs);
      }),
  };
}
