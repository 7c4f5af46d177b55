import {Engine} from './engine/engine.ts';
import type {RunSpec} from './run-config.ts';
import {WORKLOAD_KINDS} from './workload/scenarios.ts';

/** Builds the engine of a run, with its workload, at t = 0. */
export function createEngine(spec: RunSpec, opts: {trace?: boolean; policy?: RunSpec['policy']} = {}): Engine {
  const kind = WORKLOAD_KINDS[spec.scenario.workload]!;
  return new Engine(
    {
      scenario: spec.scenario.name,
      workload: spec.scenario.workload,
      device: spec.device,
      seed: spec.seed,
      params: {...spec.params, policy: opts.policy ?? spec.policy},
      nodeAllocFailRate: spec.nodeAllocFailRate,
      workAllocFailRate: spec.workAllocFailRate,
      trace: opts.trace ?? false,
    },
    kind.create(spec.workloadKnobs),
  );
}
