/**
 * The engine's tunables: the release policies (from the registry), the parameters of the patch and
 * of each policy with their defaults and ranges, and the workqueue limits.
 */
import {POLICIES, POLICY_KNOB_DOCS, POLICY_NAMES, type PolicyName} from './release/registry.ts';
import type {KnobDoc} from './release/types.ts';
import type {Params} from './snapshot.ts';
import {WQ_MAX_ACTIVE} from './wq-limits.ts';

export {POLICIES, POLICY_NAMES};
export type {KnobDoc};
export {WQ_DFL_ACTIVE, WQ_DFL_MIN_ACTIVE, WQ_MAX_ACTIVE, nodeMaxActive} from './wq-limits.ts';

/** The patch's own tunables (MODEL.md §2); the parameters the dashboard's keys change. */
const CORE_KNOB_DOCS = {
  maxCacheEntries: {doc: 'max_cache_entries: cache_count that queues a release work', default: 32, min: 1, max: 1 << 30, integer: true},
  minExitingTasks: {doc: 'MIN_EXITING_TASKS_THRESHOLD: exiting_task_count needed to gather', default: 1, min: 0, max: 100_000, integer: true},
  swapentsThreshold: {doc: 'MM_SWAPENTS threshold, 100 * SWAP_CLUSTER_MAX: MM_SWAPENTS needed to gather a run', default: 3200, min: 0, max: 1 << 30, integer: true},
  maxActive: {doc: 'max_active of async_swap_free (0 = kernel default 256)', default: 0, min: 0, max: WQ_MAX_ACTIVE, integer: true},
} as const satisfies Record<string, KnobDoc>;

/**
 * Every engine knob settable with `--set`, with its default and range: the patch's parameters,
 * the GFP_ATOMIC failure rates, and the release policies' own knobs.
 */
export const ENGINE_KNOB_DOCS: Readonly<Record<string, KnobDoc>> = {
  ...CORE_KNOB_DOCS,
  nodeAllocFailPct: {doc: 'percent of swap_entry_cache GFP_ATOMIC allocations that fail', default: 0, min: 0, max: 100, integer: false},
  workAllocFailPct: {doc: 'percent of work_struct GFP_ATOMIC allocations that fail', default: 0, min: 0, max: 100, integer: false},
  ...POLICY_KNOB_DOCS,
};

export const DEFAULT_PARAMS: Params = {
  policy: 'gather-oom',
  minExitingTasks: CORE_KNOB_DOCS.minExitingTasks.default,
  swapentsThreshold: CORE_KNOB_DOCS.swapentsThreshold.default,
  maxCacheEntries: CORE_KNOB_DOCS.maxCacheEntries.default,
  maxActive: CORE_KNOB_DOCS.maxActive.default,
  ...Object.fromEntries(Object.entries(POLICY_KNOB_DOCS).map(([k, d]) => [k, d.default])),
};

/** Parameters settable on a running engine (`Engine.setParam`). */
export type NumericParam = Exclude<keyof Params, 'policy'>;

/** Whether `key` is a parameter of the engine (as opposed to the rates, device or workload knobs). */
export function isParam(key: string): key is NumericParam {
  return key in CORE_KNOB_DOCS || key in POLICY_KNOB_DOCS;
}

/** Validates a parameter's value; returns an error message or null. */
export function checkParam(key: NumericParam, value: number): string | null {
  const d = ENGINE_KNOB_DOCS[key];
  if (!d) return `unknown parameter ${key}`;
  const kind = d.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(value) || (d.integer && !Number.isInteger(value)) || value < d.min || value > d.max) {
    return `${key} must be ${kind} from ${d.min} to ${d.max}, got ${value}`;
  }
  return null;
}

export function isPolicy(name: string): name is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(name);
}
