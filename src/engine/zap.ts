/**
 * zap_pte_range (mm/memory.c), PTE table by PTE table: present pages are freed (RAM returns at
 * once), the table's swap runs go to the release policy, which frees them inline or defers them.
 * A table is one segment of CPU work of the zapping context.
 *
 * Every zapper of an mm (the dying task, reapers) walks all its PTE tables in order, as unmap_vmas
 * and __oom_reap_task_mm do, and zaps a table under that table's PTE lock (pte_offset_map_lock, a
 * spinlock). A table another zapper holds is a spin: CPU time without progress, until the holder's
 * zap_pte_range unlocks it; a table already zapped is only scanned (pte_none everywhere,
 * `pteTableNs`). So two zappers of one mm do not split its tables: the one behind spins on the
 * leader's table, scans it once released, and meets the leader again on the next one. The lock's
 * own cache-line transfer is not modelled.
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
  /** Walk position: the next table this zapper looks at (each zapper walks the whole mm in order). */
  pos: number;
  /** The table whose PTE lock this zapper spins on (another zapper holds it), or -1. */
  spinOn: number;
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
    pos: 0,
    spinOn: -1,
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

/** A spinner's segment: longer than any hold, replaced when the lock is released. */
const SPIN_NS = 1e15;

export class Zap {
  /** The zappers walking each mm (the dying task, reapers), in the order they started. */
  private readonly walkers = new Map<Proc, Zapper[]>();
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

  /** A zapper starts walking its mm. */
  join(z: Zapper): void {
    const w = this.walkers.get(z.proc);
    if (w) w.push(z);
    else this.walkers.set(z.proc, [z]);
  }

  /** Someone is still walking the mm of `proc`. */
  walking(proc: Proc): boolean {
    return this.walkers.has(proc);
  }

  /**
   * The zapper's next segment: spin on a table held by another zapper, zap a table, or scan tables
   * already emptied. False when its walk is over (it leaves the mm's walkers).
   */
  step(z: Zapper): boolean {
    const mm = z.proc.mm;
    const n = mm.present.length;
    const now = this.clock.ns;
    z.table = -1;
    if (z.pos >= n) {
      this.leave(z);
      return false;
    }
    const t = z.pos;
    if (this.heldByOther(z, t)) {
      z.spinOn = t;
      this.sched.run(z.thread, now, SPIN_NS);
      return true;
    }
    if (mm.present[t] !== 0 || mm.swap[t] !== 0) {
      z.pos = t + 1;
      if (z.pos > mm.next) mm.next = z.pos;
      this.startTable(z, t);
      return true;
    }
    // Empty tables (already zapped by another): one scan up to a table with work or a lock held.
    let end = t + 1;
    while (end < n && mm.present[end] === 0 && mm.swap[end] === 0 && !this.heldByOther(z, end)) end++;
    z.pos = end;
    if (end > mm.next) mm.next = end;
    const work = (end - t) * this.costs.pteTableNs;
    z.proc.exitWork += work;
    this.sched.run(z.thread, now, work);
    return true;
  }

  /** The zapper's segment is over: fold its table, if it zapped one, and wake who spun on it. */
  tableDone(z: Zapper, wake: (w: Zapper) => void): void {
    const t = z.table;
    if (t < 0) return;
    this.finishTable(z);
    const walkers = this.walkers.get(z.proc);
    if (walkers === undefined || walkers.length < 2) return;
    // Backwards: a woken zapper may end its walk and leave the list (itself only).
    for (let i = walkers.length - 1; i >= 0; i--) {
      const w = walkers[i]!;
      if (w.spinOn !== t) continue;
      w.spinOn = -1;
      wake(w);
    }
  }

  private leave(z: Zapper): void {
    const walkers = this.walkers.get(z.proc);
    if (walkers === undefined) return;
    const i = walkers.indexOf(z);
    if (i >= 0) walkers.splice(i, 1);
    if (walkers.length === 0) this.walkers.delete(z.proc);
  }

  /** Another zapper of the same mm holds table `t`'s PTE lock. */
  private heldByOther(z: Zapper, t: number): boolean {
    const walkers = this.walkers.get(z.proc);
    if (walkers === undefined) return false;
    for (let i = 0; i < walkers.length; i++) {
      const w = walkers[i]!;
      if (w !== z && w.table === t) return true;
    }
    return false;
  }

  /** Claim table `table` of the zapper's mm and start its work. */
  startTable(z: Zapper, table: number): void {
    const mm = z.proc.mm;
    const c = this.costs;
    const p = mm.present[table]!;
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
    // The exit's cost breakdown is the work of tearing the task and its mm down, whoever does it:
    // a reaper's zap counts (as a profile of the exit path would see it), spinning does not. The
    // CPU time itself is the context's: a reaper's is lmkd's.
    z.proc.freeSwapWork += z.freeWork;
    z.proc.zramWork += z.zramWork;
    z.proc.exitWork += work;
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
