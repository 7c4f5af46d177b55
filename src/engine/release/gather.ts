import {GATHER_CACHE, SwapGatherCache} from './gather-cache.ts';
import {definePolicy, type Counter, type ReleaseContext, type ReleasePolicy, type ZapTable} from './types.ts';

/**
 * `gather`: v0 1/2 exactly (MODEL.md §2). While a task is dying, each run of swap entries its own
 * zap finds goes on one global list (a 32-byte node allocated GFP_ATOMIC; a failure frees the run
 * inline) if exiting_task_count >= MIN_EXITING_TASKS_THRESHOLD and MM_SWAPENTS >= 100 *
 * SWAP_CLUSTER_MAX; at max_cache_entries every add queues a work on the unbound HIGHPRI workqueue
 * async_swap_free, whose worker splices the whole list and frees it. The mechanism is in
 * gather-cache.ts. Parameters (engine knobs): maxCacheEntries (32), minExitingTasks (1),
 * swapentsThreshold (3200), maxActive (0 = the kernel default); nodeAllocFailPct and
 * workAllocFailPct (0).
 */
export const gatherPolicy = definePolicy({
  name: 'gather',
  description: 'v0 1/2: runs of dying tasks are gathered on a global list, kworkers free them in batches',
  knobs: {},
  // The seed's kernel: release_wq is allocated at boot, whichever policy runs.
  boot: true,
  create: (ctx) => new Gather(ctx, false),
});

export class Gather implements ReleasePolicy {
  readonly cache: SwapGatherCache;

  constructor(
    ctx: ReleaseContext,
    private readonly oomFlush: boolean,
  ) {
    this.cache = ctx.mechanism(GATHER_CACHE, () => new SwapGatherCache(ctx));
  }

  zapTable(z: ZapTable): void {
    this.cache.zapTable(z);
  }

  /** v0 2/2: __alloc_pages_may_oom calls flush_cache_if_needed(false); v0 1/2 alone does nothing. */
  oomPath(node: number): number {
    return this.oomFlush ? this.cache.flushIfNeeded(false, node, 'oom') : 0;
  }

  counters(): readonly Counter[] {
    return this.cache.counters();
  }
}
