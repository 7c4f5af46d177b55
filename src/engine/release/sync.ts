import {FREE_ALL} from '../contention.ts';
import {definePolicy, type ReleaseContext, type ReleasePolicy, type ZapTable} from './types.ts';

/**
 * `sync`: today's kernel. zap_nonpresent_ptes calls free_swap_and_cache_nr for every swap run it
 * finds, inline, in the context that zaps (the dying task, a reaper, a munmap). No parameters.
 */
export const syncPolicy = definePolicy({
  name: 'sync',
  description: "today's kernel: every swap run is freed inline by the exiting task",
  knobs: {},
  create: (ctx) => new Sync(ctx),
});

/** Frees every run of a table inline; also what the other policies do with what they do not defer. */
export class Sync implements ReleasePolicy {
  constructor(private readonly ctx: ReleaseContext) {}

  zapTable(z: ZapTable): void {
    freeInline(this.ctx, z, z.swap, z.runs);
  }

  oomPath(): number {
    return 0;
  }

  counters(): [] {
    return [];
  }
}

/** free_swap_and_cache_nr inline for `entries` in `runs` runs of the table. */
export function freeInline(ctx: ReleaseContext, z: ZapTable, entries: number, runs: number): void {
  if (entries === 0) return;
  z.syncEntries += entries;
  z.freeWork += ctx.free.cost(z.cpu, entries, runs, FREE_ALL);
  z.zramWork += ctx.free.zramWork;
  z.zram = true;
}
