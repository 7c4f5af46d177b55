import {PART_CORE, PART_SLOT, PART_ZS} from '../contention.ts';
import {definePolicy, type ReleaseContext, type ReleasePolicy, type ZapTable} from './types.ts';

/**
 * `swap-table`: today's synchronous free on the swap core of the upstream swap-table rework
 * (Kairui Song, 2025): swap cache and swap_map state live in per-cluster tables, so
 * free_swap_and_cache_nr's swap core part is cheaper and no longer writes device-wide counters per
 * run; its author reports swap-core contention "barely observable" even with 96 threads. Only the
 * swap core changes: zram's part, its contention and memcg's uncharge are untouched.
 *
 * Parameter: swapTableCoreScale, the swap core part's cost relative to today's (default 0.7, an
 * estimate: the rework drops the swap cache xarray walk and the shadow clearing, about a third of
 * the swap core's work).
 */
export const swapTablePolicy = definePolicy({
  name: 'swap-table',
  description: "sync on the swap-table rework's faster swap core: cheaper, its contention barely observable",
  knobs: {
    swapTableCoreScale: {doc: 'swap-table: swap core cost relative to today', default: 0.7, min: 0, max: 1, integer: false},
  },
  create: (ctx) => new SwapTable(ctx),
});

class SwapTable implements ReleasePolicy {
  constructor(private readonly ctx: ReleaseContext) {}

  zapTable(z: ZapTable): void {
    const ctx = this.ctx;
    z.syncEntries += z.swap;
    // PART_CORE without PART_CORE_LINES: the device counters are no longer contended lines.
    z.freeWork += ctx.free.cost(z.cpu, z.swap, z.runs, PART_CORE | PART_SLOT | PART_ZS, ctx.knob('swapTableCoreScale'));
    z.zramWork += ctx.free.zramWork;
    z.zram = true;
  }

  oomPath(): number {
    return 0;
  }

  counters(): [] {
    return [];
  }
}
