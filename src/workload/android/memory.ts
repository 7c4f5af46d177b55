import {NS_PER_MS, NS_PER_S} from '../../engine/engine.ts';
import {reclaimRoom, type App} from './apps.ts';
import {oomKill} from './oom-kill.ts';
import {PsiWindow} from './psi-window.ts';
import type {Actor, AndroidWorld} from './world.ts';

/** SWAP_CLUSTER_MAX: the least a direct reclaim pass tries to reclaim. */
export const SWAP_CLUSTER_MAX = 32;
/**
 * MAX_RECLAIM_RETRIES: should_reclaim_retry gives up when no_progress_loops exceeds it, so the
 * 17th reclaim pass in a row without progress sends the allocator to __alloc_pages_may_oom.
 */
export const MAX_RECLAIM_RETRIES = 16;
/** A direct-reclaim pass reclaims at most this much before the allocator retries (pages). */
const DIRECT_RECLAIM_BATCH = 8 * SWAP_CLUSTER_MAX;
/** One futile shrink_zones pass: it scans LRUs of GBs that have nothing left to give, ns. */
const FUTILE_SCAN_NS = 4_000_000;
/** After __alloc_pages_may_oom the allocator sleeps a jiffy (HZ = 250) and retries. */
export const JIFFY_NS = 4 * NS_PER_MS;

/** An allocation in the slow path: the task is stalled on memory until it is granted. */
export interface AllocWait {
  readonly pages: number;
  readonly granted: () => void;
  /** What the current direct-reclaim segment takes: file pages evicted, anon pages moved to zram. */
  plan: ReclaimPlan;
  /** The current segment is futile scanning (nothing reclaimable). */
  futile: boolean;
  /** Sleeping after __alloc_pages_may_oom. */
  sleeping: boolean;
  /** Reclaim passes in a row without progress (no_progress_loops). */
  noProgress: number;
}

/** One batch of reclaim: file pages to evict and anon pages to swap out. */
export interface ReclaimPlan {
  readonly file: number;
  readonly anon: number;
}

const NO_PLAN: ReclaimPlan = {file: 0, anon: 0};

/**
 * The page allocator's view of memory: the fast path against the min watermark, the slow path
 * (wake kswapd, direct reclaim from the allocating task's own context, __alloc_pages_may_oom), and
 * reclaim itself, which takes file pages from the tail of the inactive file list and cold anon
 * pages of background apps into zram, balanced the way get_scan_count balances them. A stalled
 * allocation is granted as soon as someone returns enough memory (an exit, a reclaim, a worker
 * freeing zram), in the same simulated instant.
 */
export class Memory {
  readonly window = new PsiWindow();
  allocStalls = 0;
  oomPathEntries = 0;
  /** Anon pages moved to zram. */
  pagesReclaimed = 0;
  /** pgscan_kswapd / pgscan_direct: pages reclaim looked at (futile passes included). */
  pgscanKswapd = 0;
  pgscanDirect = 0;
  /** Allocations of readahead pages that gave up rather than reclaim (__GFP_NORETRY). */
  readaheadDropped = 0;
  /** Tasks whose allocation waits, oldest first. */
  private readonly waiters: Actor[] = [];
  /** Tasks waiting for a refault read (a memory stall too, psi_memstall_enter in filemap_read_folio). */
  private ioStalled = 0;
  private grantQueued = false;
  private refaultsAtReclaim = 0;
  /** Recent file refaults, decayed by half every second: the file LRU's reclaim cost. */
  private fileCost = 0;
  private fileCostAtNs = 0;

  constructor(private readonly w: AndroidWorld) {}

  /** Tasks stalled on memory now (PSI memstall). */
  get stalled(): number {
    return this.waiters.length + this.ioStalled;
  }

  /** Free memory one reclaimed anon page yields: the page minus its compressed copy in zram. */
  get netPerPage(): number {
    const e = this.w.engine;
    return e.zramChargesRam ? 1 - 1 / e.device.zramRatio : 1;
  }

  /**
   * Allocate `pages` for `actor`. True when granted at once (the caller goes on); otherwise the
   * actor is stalled in the slow path and `granted` runs when the pages are its.
   */
  alloc(actor: Actor, pages: number, granted: () => void): boolean {
    const e = this.w.engine;
    if (e.freePages - pages >= e.minPages) {
      e.freePages -= pages;
      if (e.freePages < e.lowPages) this.w.kswapd.wake();
      return true;
    }
    this.w.kswapd.wake();
    actor.wait = {pages, granted, plan: NO_PLAN, futile: false, sleeping: false, noProgress: 0};
    this.waiters.push(actor);
    this.allocStalls++;
    this.refreshPsi();
    this.directReclaim(actor);
    return false;
  }

  /** An allocation that never reclaims (readahead, __GFP_NORETRY | __GFP_NOWARN): true if it got the pages. */
  tryAlloc(pages: number): boolean {
    const e = this.w.engine;
    if (e.freePages - pages < e.minPages) {
      this.w.kswapd.wake();
      this.readaheadDropped += pages;
      return false;
    }
    e.freePages -= pages;
    if (e.freePages < e.lowPages) this.w.kswapd.wake();
    return true;
  }

  /** Free memory rose: waiting allocations try the free lists again, at this same instant. */
  onFreeRise(): void {
    if (this.grantQueued || this.waiters.length === 0) return;
    this.grantQueued = true;
    this.w.engine.at(this.w.engine.nowNs, 'mem-grant');
  }

  /** The 'mem-grant' event: every waiting allocation that fits now is granted, oldest first. */
  grantWaiting(): void {
    this.grantQueued = false;
    for (const actor of [...this.waiters]) {
      const wait = actor.wait;
      if (!wait || !this.fits(wait.pages)) continue;
      // Whatever its reclaim pass was doing is abandoned (nothing of it is counted).
      if (!wait.sleeping) this.w.sleep(actor);
      this.grant(actor);
    }
  }

  /**
   * The actor's direct-reclaim pass finished. After each pass the allocator tries the free lists
   * again; more than MAX_RECLAIM_RETRIES passes in a row without progress (should_reclaim_retry)
   * send it to __alloc_pages_may_oom.
   */
  reclaimDone(actor: Actor): void {
    const wait = actor.wait!;
    const done = wait.futile ? 0 : this.reclaim(wait.plan, true);
    wait.plan = NO_PLAN;
    wait.noProgress = done > 0 ? 0 : wait.noProgress + 1;
    if (this.fits(wait.pages)) {
      this.grant(actor);
      return;
    }
    if (wait.noProgress > MAX_RECLAIM_RETRIES) {
      this.mayOom(actor);
      return;
    }
    this.directReclaim(actor);
  }

  /** The jiffy after __alloc_pages_may_oom is over: the OOM path counts as progress, the loop starts over. */
  retry(actor: Actor): void {
    const wait = actor.wait;
    if (!wait || !wait.sleeping) return;
    wait.sleeping = false;
    wait.noProgress = 0;
    if (this.fits(wait.pages)) this.grant(actor);
    else this.directReclaim(actor);
  }

  /** The actor's task died (or gave up) while it waited: it is no longer stalled. */
  cancel(actor: Actor): void {
    if (!actor.wait) return;
    actor.wait = null;
    this.removeWaiter(actor);
    this.refreshPsi();
  }

  /** A task starts (+1) or ends (−1) waiting for a refault read. */
  ioStall(delta: number): void {
    this.ioStalled += delta;
    this.refreshPsi();
  }

  /**
   * Anon pages reclaim could move to zram now, at most `limit` (swap space permitting). kswapd takes
   * what apps have aged into; direct reclaim also takes warmer pages, up to `directReclaimSharePct`.
   */
  room(limit: number, direct = false): number {
    const e = this.w.engine;
    let room = 0;
    const now = e.nowNs;
    const floor = direct ? this.w.k.directReclaimSharePct / 100 : 0;
    for (const app of this.w.reclaimOrder()) {
      room += reclaimRoom(app, now, floor);
      if (room >= limit) break;
    }
    return Math.max(0, Math.min(room, limit, e.swapTotalPages - e.zramPages));
  }

  /**
   * get_scan_count, as counts: how a batch of `want` pages splits between the file and anon LRUs.
   * With plenty of inactive file and no file refaults since the last reclaim, only file
   * (cache_trim_mode); with too little file left, only anon (file_is_tiny); otherwise in proportion
   * to each LRU's reclaimable pages weighted by swappiness and by recent reclaim cost (file
   * refaults make file dear, which shifts reclaim to anon, SCAN_FRACT).
   */
  plan(want: number, direct: boolean): ReclaimPlan {
    const w = this.w;
    const e = w.engine;
    const pc = w.cache;
    const mapped = w.maps.total();
    const mappedInactive = w.maps.inactive();
    const fileAvail = pc.pages + mappedInactive;
    const anonAvail = this.room(want, direct);
    if (fileAvail + anonAvail === 0) return NO_PLAN;
    if (anonAvail > 0 && fileAvail + e.freePages <= e.highPages) return {file: 0, anon: Math.min(want, anonAvail)};
    const trim = pc.inactivePages + mappedInactive >= want && !pc.inactiveLow(mapped, mappedInactive) && pc.workingsetRefault === this.refaultsAtReclaim;
    if (trim || anonAvail === 0) return {file: Math.min(want, fileAvail), anon: 0};
    const swp = w.k.swappiness;
    const fc = this.decayedFileCost();
    const ap = swp * (fc + 1);
    const fp = 200 - swp;
    const wa = (ap / (ap + fp)) * anonAvail;
    const wf = (fp / (ap + fp)) * fileAvail;
    let file = Math.min(fileAvail, Math.round((want * wf) / Math.max(1e-9, wa + wf)));
    const anon = Math.min(anonAvail, want - file);
    file = Math.min(fileAvail, want - anon);
    return {file, anon};
  }

  /** CPU work of a reclaim batch at capacity 1.0, ns. */
  planNs(p: ReclaimPlan): number {
    return p.file * this.w.k.fileReclaimNsPerPage + p.anon * this.w.k.reclaimNsPerPage;
  }

  /** Carry out a reclaim batch; returns pages freed (file pages, plus what anon's compression saved). */
  reclaim(p: ReclaimPlan, direct = false): number {
    const w = this.w;
    const e = w.engine;
    const pc = w.cache;
    this.noteRefaults();
    this.refaultsAtReclaim = pc.workingsetRefault;
    let freed = 0;
    if (p.file > 0) freed += this.evictFile(p.file);
    let swapped = 0;
    if (p.anon > 0) {
      let left = Math.min(p.anon, e.swapTotalPages - e.zramPages);
      const now = e.nowNs;
      const floor = direct ? w.k.directReclaimSharePct / 100 : 0;
      for (const app of w.reclaimOrder()) {
        if (left <= 0) break;
        const take = Math.min(left, reclaimRoom(app, now, floor));
        if (take > 0) {
          const done = e.swapOutPages(app.proc!, take);
          left -= done;
          swapped += done;
        }
      }
      this.pagesReclaimed += swapped;
      freed += swapped;
    }
    const scanned = Math.max(SWAP_CLUSTER_MAX, p.file + p.anon);
    if (direct) this.pgscanDirect += scanned;
    else this.pgscanKswapd += scanned;
    return freed;
  }

  /** Evict up to `pages` file pages at once, with no CPU time (for a time-lapse); returns pages freed. */
  reclaimFileNow(pages: number): number {
    return this.evictFile(pages);
  }

  /**
   * Take `pages` file pages from the inactive list, oldest first: mapped pages of background apps
   * (as old as the time each app left the foreground) and the page cache's own buckets, interleaved
   * by age. Returns pages freed.
   */
  private evictFile(pages: number): number {
    const w = this.w;
    const e = w.engine;
    const pc = w.cache;
    const order = w.reclaimOrder();
    let left = pages;
    for (let round = 0; left > 0 && round < 64; round++) {
      const a = w.maps.reclaim(left, pc.oldestInactiveNs(), order);
      left -= a;
      if (left <= 0) break;
      const b = pc.evict(left, e.nowNs, w.maps.total(), w.maps.inactive(), this.oldestBackgroundNs(order));
      left -= b;
      if (a === 0 && b === 0) break;
    }
    const freed = pages - left;
    e.freePages += freed;
    return freed;
  }

  /** When the least recently used background app with mapped pages left the foreground (Infinity: none). */
  private oldestBackgroundNs(order: readonly App[]): number {
    let oldest = Infinity;
    for (const app of order) if (app.proc && app.filePages > 0 && app.unallocated === 0) oldest = Math.min(oldest, app.bgSinceNs);
    return oldest;
  }

  /** PSI state of the whole system; call when stalled or running tasks change. */
  refreshPsi(): void {
    const e = this.w.engine;
    const stalled = this.stalled;
    // Without a stall PSI accrues nothing, whatever runs: nothing to record until one starts.
    if (stalled === 0 && e.psi.stalledTasks === 0) return;
    let stalledRunning = 0;
    for (const a of this.waiters) if (a.running) stalledRunning++;
    const productive = Math.max(0, this.w.runningActors - stalledRunning) + e.exitingTaskCount;
    e.psi.setState(e.nowNs, stalled, productive);
    const totals = e.psi.totalsAt(e.nowNs);
    this.window.record(e.nowNs, totals.someNs, totals.fullNs, stalled > 0, stalled > 0 && productive === 0);
    if (stalled > 0) this.w.lmkd.onStall();
  }

  private fits(pages: number): boolean {
    const e = this.w.engine;
    return e.freePages - pages >= e.minPages;
  }

  /** get_page_from_freelist succeeded: the stall is over. */
  private grant(actor: Actor): void {
    const wait = actor.wait!;
    this.w.engine.freePages -= wait.pages;
    actor.wait = null;
    this.removeWaiter(actor);
    this.refreshPsi();
    wait.granted();
  }

  private removeWaiter(actor: Actor): void {
    const i = this.waiters.indexOf(actor);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /** try_to_free_pages from the allocating task: reclaim what it lacks, or scan in vain. */
  private directReclaim(actor: Actor): void {
    const e = this.w.engine;
    const wait = actor.wait!;
    const deficit = wait.pages - (e.freePages - e.minPages);
    const want = Math.min(DIRECT_RECLAIM_BATCH, Math.max(SWAP_CLUSTER_MAX, deficit));
    const plan = this.plan(want, true);
    wait.plan = plan;
    wait.futile = plan.file + plan.anon === 0;
    if (wait.futile) this.pgscanDirect += SWAP_CLUSTER_MAX;
    this.w.run(actor, wait.futile ? FUTILE_SCAN_NS : this.planNs(plan));
  }

  /**
   * __alloc_pages_may_oom: v0 2/2 queues a flush of the gather list first (a no-op under the other
   * policies); then the kernel OOM killer, unless a killed task is still exiting (it waits for that
   * victim instead). Either way the allocator sleeps a jiffy and retries.
   */
  private mayOom(actor: Actor): void {
    const e = this.w.engine;
    const wait = actor.wait!;
    this.oomPathEntries++;
    const t = actor.thread;
    e.forceFlush('oom', e.sched.nodeOf(t.cpu >= 0 ? t.cpu : Math.max(0, t.lastCpu)));
    if (e.liveExits().length === 0) oomKill(this.w);
    wait.sleeping = true;
    this.w.sleep(actor);
    e.at(e.nowNs + JIFFY_NS, 'mem-retry', t.id);
  }

  /** Fold the refaults since the last look into the decaying file cost (lru_note_cost). */
  private noteRefaults(): void {
    this.fileCost = this.decayedFileCost() + (this.w.cache.workingsetRefault - this.refaultsAtReclaim);
    this.fileCostAtNs = this.w.engine.nowNs;
  }

  private decayedFileCost(): number {
    const dt = (this.w.engine.nowNs - this.fileCostAtNs) / NS_PER_S;
    return this.fileCost * Math.pow(0.5, dt);
  }
}
