/**
 * zap_pte_range (mm/memory.c), PTE table by PTE table: present pages are freed (RAM returns at
 * once), the table's swap runs go to the release policy, which frees them inline or defers them.
 * A table is one segment of CPU work of the zapping context.
 */
import type {Scheduler, Thread} from './cpu.ts';
import type {Costs} from './devices.ts';
import type {Memory} from './memory.ts';
import type {Proc} from './proc.ts';
import type {ZapTable} from './release/types.ts';
import {DOUBLE_ZERO, type Clock} from './units.ts';

/** A context zapping page tables: the dying task itself, a reaper (process_mrelease) or a munmap. */
export interface Zapper extends ZapTable {
  readonly thread: Thread;
  proc: Proc;
  dying: boolean;
  table: number;
  cpu: number;
  node: number;
  swap: number;
  runs: number;
  onDone: (() => void) | null;
}

export function newZapper(thread: Thread, proc: Proc, dying: boolean, onDone: (() => void) | null): Zapper {
  return {
    thread,
    proc,
    dying,
    table: -1,
    cpu: -1,
    node: 0,
    swap: 0,
    runs: 0,
    syncEntries: 0,
    slotEntries: 0,
    freeWork: DOUBLE_ZERO,
    zramWork: DOUBLE_ZERO,
    extraWork: DOUBLE_ZERO,
    zram: false,
    onDone,
  };
}

export class Zap {
  /** PTE tables zapped (the unit of work of the exit path), for the benchmark. */
  tablesZapped = 0;
  totalFreedSync = 0;
  /** Of the present pages a zap unmaps, how many stay allocated (the workload's page cache keeps file pages). */
  keepPresent: ((proc: Proc, pages: number) => number) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly sched: Scheduler,
    private readonly costs: Costs,
    private readonly mem: Memory,
    private readonly release: {zapTable(z: ZapTable): void},
  ) {}

  /** Claim table `table` of the zapper's mm and start its work. */
  startTable(z: Zapper, table: number): void {
    const mm = z.proc.mm;
    const c = this.costs;
    const p = mm.present[table]!;
    mm.zapping++;
    z.table = table;
    // A zapper starting from sleep (a munmap, a reaper) is placed first: the cost depends on its CPU.
    if (z.thread.cpu < 0) this.sched.run(z.thread, this.clock.ns, 0);
    z.cpu = z.thread.cpu;
    z.node = this.sched.nodeOf(z.thread.cpu >= 0 ? z.thread.cpu : Math.max(0, z.thread.lastCpu));
    z.swap = mm.swap[table]!;
    z.runs = mm.runs[table]!;
    z.syncEntries = 0;
    z.slotEntries = 0;
    z.freeWork = 0;
    z.zramWork = 0;
    z.extraWork = 0;
    z.zram = false;
    if (z.swap > 0) this.release.zapTable(z);
    const work = c.pteTableNs + p * c.presentPageNs + z.extraWork + z.freeWork;
    // The exit's breakdown is the dying task's own work: a reaper's zap is charged to lmkd.
    if (z.thread.kind === 'task') {
      z.proc.freeSwapWork += z.freeWork;
      z.proc.zramWork += z.zramWork;
      z.proc.exitWork += work;
    }
    this.sched.run(z.thread, this.clock.ns, work, z.zram);
  }

  /** The table's work is done: fold its counts into the mm (add_mm_rss_vec), free what was freed inline. */
  finishTable(z: Zapper): void {
    const mm = z.proc.mm;
    const t = z.table;
    if (t < 0) return;
    const p = mm.present[t]!;
    const s = mm.swap[t]!;
    mm.present[t] = 0;
    mm.swap[t] = 0;
    mm.runs[t] = 0;
    mm.zapping--;
    this.tablesZapped++;
    mm.swapents -= s;
    const kept = p > 0 && this.keepPresent ? Math.min(p, Math.max(0, this.keepPresent(z.proc, p))) : 0;
    mm.rss -= p;
    this.mem.freePages += p - kept;
    if (z.syncEntries > 0) {
      z.proc.freedSync += z.syncEntries;
      this.totalFreedSync += z.syncEntries;
      z.proc.lastFreeNs = this.clock.ns;
      this.mem.freeSlots(z.syncEntries);
      this.mem.freeZram(z.syncEntries);
    }
    if (z.slotEntries > 0) this.mem.freeSlots(z.slotEntries);
    z.syncEntries = 0;
    z.slotEntries = 0;
    z.table = -1;
  }
}
