import type {Params, PolicyName} from './snapshot.ts';

export const POLICIES: readonly {readonly name: PolicyName; readonly description: string}[] = [
  {name: 'sync', description: "today's kernel: every swap run is freed inline by the exiting task"},
  {name: 'gather', description: 'v0 1/2: runs of dying tasks are gathered on a global list, kworkers free them in batches'},
  {name: 'gather-oom', description: 'v0 1/2 + 2/2: gather, and __alloc_pages_may_oom queues a flush of any non-empty list'},
];
export const POLICY_NAMES: readonly PolicyName[] = POLICIES.map((p) => p.name);

export const DEFAULT_PARAMS: Params = {
  policy: 'gather-oom',
  minExitingTasks: 1,
  swapentsThreshold: 100 * 32,
  maxCacheEntries: 32,
  maxActive: 0,
};

/** Kernel default max_active for max_active 0 on the 6.12 baseline (WQ_DFL_ACTIVE; 1024 from 6.13). */
export const WQ_DFL_ACTIVE = 256;
/** WQ_DFL_MIN_ACTIVE: each node's share of max_active is at least this (Linux 6.9+). */
export const WQ_DFL_MIN_ACTIVE = 8;
/** WQ_MAX_ACTIVE */
export const WQ_MAX_ACTIVE = 2048;

export type NumericParam = keyof Omit<Params, 'policy'>;

const LIMITS: Readonly<Record<NumericParam, readonly [number, number]>> = {
  minExitingTasks: [0, 100_000],
  swapentsThreshold: [0, 1 << 30],
  maxCacheEntries: [1, 1 << 30],
  maxActive: [0, WQ_MAX_ACTIVE],
};

/** Validates a numeric parameter; returns an error message or null. */
export function checkParam(key: NumericParam, value: number): string | null {
  const [lo, hi] = LIMITS[key];
  if (!Number.isInteger(value) || value < lo || value > hi) return `${key} must be an integer from ${lo} to ${hi}, got ${value}`;
  return null;
}

export function isPolicy(name: string): name is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(name);
}

/**
 * Per-node max_active of an unbound workqueue (wq_update_node_max_active, Linux 6.9+): the budget is
 * split in proportion to each node's CPUs, clamped to [min(WQ_DFL_MIN_ACTIVE, max), max].
 */
export function nodeMaxActive(maxActive: number, nodeCpus: number, totalCpus: number): number {
  const max = maxActive === 0 ? WQ_DFL_ACTIVE : maxActive;
  const min = Math.min(max, WQ_DFL_MIN_ACTIVE);
  return Math.min(max, Math.max(min, Math.ceil((max * nodeCpus) / totalCpus)));
}
