import {Gather} from './gather.ts';
import {definePolicy} from './types.ts';

/**
 * `gather-oom`: v0 1/2 + 2/2, the system in the seed and the default. As `gather`, and
 * __alloc_pages_may_oom (the allocation slow path after reclaim failed) calls
 * flush_cache_if_needed(false): any non-empty list gets a work queued; it does not wait. Same
 * parameters as `gather`; it shares gather's list when the policy is switched while running.
 */
export const gatherOomPolicy = definePolicy({
  name: 'gather-oom',
  description: 'v0 1/2 + 2/2: gather, and __alloc_pages_may_oom queues a flush of any non-empty list',
  knobs: {},
  create: (ctx) => new Gather(ctx, true),
});
