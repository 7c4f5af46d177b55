/** Small kill-burst runs for the determinism and property tests, built the way the CLI builds them. */
import type {Engine, Proc} from '../../src/engine/engine.ts';
import type {PolicyName} from '../../src/engine/snapshot.ts';
import {resolveRun, type RunSpec} from '../../src/run-config.ts';
import {createEngine} from '../../src/run.ts';

export interface BurstOptions {
  readonly policy?: PolicyName;
  readonly seed?: number;
  readonly device?: string;
  readonly simSeconds?: number;
  /** `--set` knobs: workload (apps, swapMBMin, …), engine (maxCacheEntries, …) and device knobs. */
  readonly set?: Readonly<Record<string, number>>;
}

export function burstSpec(opts: BurstOptions = {}): RunSpec {
  return resolveRun({
    scenario: 'kill-burst',
    policy: opts.policy ?? 'gather-oom',
    device: opts.device ?? 'phone',
    seed: opts.seed ?? 1,
    simSeconds: opts.simSeconds ?? 10,
    set: Object.entries(opts.set ?? {}).map(([k, v]) => `${k}=${v}`),
  });
}

/** The engine of a run with its trace on, and every process it spawned (they outlive the pid table). */
export function burstEngine(spec: RunSpec): {engine: Engine; procs: Proc[]} {
  const engine = createEngine(spec, {trace: true});
  return {engine, procs: [...engine.procs.values()]};
}

/** Sum of the nodes the workers spliced, from the trace (`async_release_func kworker/… spliced N`). */
export function splicedNodes(engine: Engine): number {
  let n = 0;
  for (const e of engine.trace ?? []) {
    const m = e.ev === 'async_release_func' ? /spliced (\d+)$/.exec(e.detail ?? '') : null;
    if (m) n += Number(m[1]);
  }
  return n;
}
