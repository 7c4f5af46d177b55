/**
 * The cost of free_swap_and_cache_nr (mm/swapfile.c) for a run of swap entries: the swap core part
 * (swap_map, cluster, memcg uncharge, shadow) and zram's part (zram_slot_free_notify →
 * zram_free_page → zs_free), plus what contention with the other CPUs freeing at this moment adds
 * (contention.ts). A policy may do only some parts here and leave the rest to a worker.
 */
import {Contention, EXTRA_RUN_MEMCG, EXTRA_RUN_SWAP, EXTRA_SLOT, EXTRA_ZS, PART_CORE, PART_CORE_LINES, PART_MARK, PART_SLOT, PART_ZS} from './contention.ts';
import type {Scheduler} from './cpu.ts';
import type {Device} from './device-types.ts';
import {DOUBLE_MINUS_ONE, DOUBLE_ZERO} from './units.ts';

/** 2^i, for CPU sets as sums of powers of two. */
const POW2 = Float64Array.from({length: 64}, (_, i) => 2 ** i);

export class FreeCost {
  /** The zram part of the last `cost` (ns at capacity 1.0). */
  zramWork = DOUBLE_ZERO;
  readonly contention: Contention;
  private lastSet = DOUBLE_MINUS_ONE;
  private lastRow: Float64Array = new Float64Array(0);

  constructor(
    private readonly sched: Scheduler,
    private readonly device: Device,
  ) {
    this.contention = Contention.of(device);
  }

  /**
   * Work (ns at capacity 1.0) of the given parts (PART_* flags) of freeing `entries` swap entries
   * in `runs` runs on `cpu`, contention included; `coreScale` scales the swap core part.
   */
  cost(cpu: number, entries: number, runs: number, parts: number, coreScale = 1): number {
    const c = this.device.costs;
    const slotNs = c.zramNs * (1 - c.zsFreeShare);
    const zsNs = c.zramNs * c.zsFreeShare;
    let zram = 0;
    if (parts & PART_SLOT) zram += entries * slotNs;
    if (parts & PART_ZS) zram += entries * zsNs;
    if (parts & PART_MARK) zram += entries * c.gcMarkNs;
    let work = zram;
    if (parts & PART_CORE) work += runs * c.runNs + entries * c.swapCoreNs * coreScale;
    if (cpu >= 0) {
      const mask = this.sched.zramMask;
      const set = this.sched.freeing(cpu) ? mask : mask + POW2[cpu]!;
      // Consecutive frees mostly see the same set: the memo's row for it is kept at hand.
      if (set !== this.lastSet) {
        this.lastSet = set;
        this.lastRow = this.contention.extras(set);
      }
      const row = this.lastRow;
      const cap = this.sched.capacityOf(cpu);
      const at = cpu * 4;
      let zramExtra = 0;
      if (parts & PART_SLOT) zramExtra += entries * row[at + EXTRA_SLOT]!;
      if (parts & PART_ZS) zramExtra += entries * row[at + EXTRA_ZS]!;
      let coreExtra = 0;
      if (parts & PART_CORE) coreExtra += runs * row[at + EXTRA_RUN_MEMCG]!;
      if (parts & PART_CORE_LINES) coreExtra += runs * row[at + EXTRA_RUN_SWAP]!;
      // Transfers and spinning take wall time whatever the core: as work, scale by its capacity.
      zram += zramExtra * cap;
      work += (zramExtra + coreExtra) * cap;
    }
    this.zramWork = zram;
    return work;
  }
}
