/**
 * The cost of free_swap_and_cache_nr (mm/swapfile.c) for a run of swap entries: the swap core part
 * and zram's part (zram_slot_free_notify → zs_free), with zsmalloc contention between the CPUs
 * freeing at the same moment.
 */
import type {Scheduler} from './cpu.ts';
import type {Costs} from './devices.ts';

export class FreeCost {
  /** The zram part of the last `cost` (ns at capacity 1.0). */
  zramWork = 0;

  constructor(
    private readonly sched: Scheduler,
    private readonly costs: Costs,
  ) {}

  /** Work (ns at capacity 1.0) of freeing `entries` swap entries in `runs` runs on `cpu`. */
  cost(cpu: number, entries: number, runs: number): number {
    const c = this.costs;
    const others = this.sched.zramCpusExcept(cpu);
    const zram = entries * c.zramNs * (1 + c.zsContention * others);
    this.zramWork = zram;
    return runs * c.runNs + entries * c.swapCoreNs + zram;
  }
}
