/** Kernel default max_active for max_active 0 on the 6.12 baseline (WQ_DFL_ACTIVE; 1024 from 6.13). */
export const WQ_DFL_ACTIVE = 256;
/** WQ_DFL_MIN_ACTIVE: each node's share of max_active is at least this (Linux 6.9+). */
export const WQ_DFL_MIN_ACTIVE = 8;
/** WQ_MAX_ACTIVE */
export const WQ_MAX_ACTIVE = 2048;

/**
 * Per-node max_active of an unbound workqueue (wq_update_node_max_active, Linux 6.9+): the budget is
 * split in proportion to each node's CPUs, clamped to [min(WQ_DFL_MIN_ACTIVE, max), max].
 */
export function nodeMaxActive(maxActive: number, nodeCpus: number, totalCpus: number): number {
  const max = maxActive === 0 ? WQ_DFL_ACTIVE : maxActive;
  const min = Math.min(max, WQ_DFL_MIN_ACTIVE);
  return Math.min(max, Math.max(min, Math.ceil((max * nodeCpus) / totalCpus)));
}
