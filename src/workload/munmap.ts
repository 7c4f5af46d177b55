import type {Engine, Workload} from '../engine/engine.ts';
import {PAGE_SIZE} from '../engine/engine.ts';

export interface MunmapKnobs {
  /** Processes, all starting together, one per CPU (wrapping round when there are more than CPUs). */
  readonly procs: number;
  /** Size of each process's VMA, fully swapped out, MB. */
  readonly sizeMB: number;
  /** CPU of the first process; process i runs on CPU firstCpu + i. */
  readonly firstCpu: number;
}

/**
 * The micro-benchmark behind MODEL.md §5: P processes each unmap an S MB VMA that is fully
 * swapped out (so every PTE table is one run of 512 entries), pinned one per CPU, all at t = 0.
 * They are not dying, so no policy gathers their entries.
 */
export function munmap(k: MunmapKnobs): Workload {
  return {
    name: 'munmap',
    init(engine: Engine): void {
      // The VMAs were swapped out into zram, whose compressed pool lives in RAM: free memory is net of it.
      engine.zramChargesRam = true;
      const entries = Math.round((k.sizeMB * 1024 * 1024) / PAGE_SIZE);
      const pids: number[] = [];
      for (let i = 0; i < k.procs; i++) {
        const cpu = (k.firstCpu + i) % engine.sched.count;
        const proc = engine.spawn({
          comm: `munmap/${i}`,
          oomScoreAdj: 0,
          presentPages: 0,
          swapEntries: entries,
          meanRunEntries: 512,
          allowed: [cpu],
          layoutRng: null,
        });
        pids.push(proc.pid);
      }
      for (const pid of pids) engine.startMunmap(pid);
    },
  };
}
