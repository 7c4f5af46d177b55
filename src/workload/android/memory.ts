import {NS_PER_MS} from '../../engine/engine.ts';
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

export const NO_PLAN: ReclaimPlan = {file: 0, anon: 0};

/**
 * The page allocator's view of memory: the fast path against the min watermark, the slow path
 * (wake kswapd, direct reclaim from the allocating task's own context (reclaim.ts), and
 * __alloc_pages_may_oom), and the PSI state of the tasks stalled on memory. A stalled allocation is
 * granted as soon as someone returns enough memory (an exit, a reclaim, a worker freeing zram), in
 * the same simulated instant.
 */
export class Memory {
  readonly window = new PsiWindow();
  allocStalls = 0;
  oomPathEntries = 0;
  /** Allocations of readahead pages that gave up rather than reclaim (__GFP_NORETRY). */
  readaheadDropped = 0;
  /** Tasks whose allocation waits, oldest first (an actor is here exactly while its `wait` is set). */
  private readonly waiters: Actor[] = [];
  /** Waiters that are running (in direct reclaim): the world keeps it as actors start and stop running. */
  runningWaiters = 0;
  /** Tasks waiting for a refault read (a memory stall too, psi_memstall_enter in filemap_read_folio). */
  private ioStalled = 0;
  private grantQueued = false;

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
    if (actor.running) this.runningWaiters++;
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
    const done = wait.futile ? 0 : this.w.reclaim.run(wait.plan, true);
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

  /** PSI state of the whole system; call when stalled or running tasks change. */
  refreshPsi(): void {
    const e = this.w.engine;
    const stalled = this.stalled;
    // Without a stall PSI accrues nothing, whatever runs: nothing to record until one starts.
    if (stalled === 0 && e.psi.stalledTasks === 0) return;
    const productive = Math.max(0, this.w.runningActors - this.runningWaiters) + e.exitingTaskCount;
    e.psi.setState(e.nowNs, stalled, productive);
    // setState brought the totals up to now (what totalsAt(now) would return, without its object).
    this.window.record(e.nowNs, e.psi.someNs, e.psi.fullNs, stalled > 0, stalled > 0 && productive === 0);
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
    const waiters = this.waiters;
    const i = waiters.indexOf(actor);
    if (i < 0) return;
    // (In place: splice would allocate an array of the removed element.)
    for (let j = i + 1; j < waiters.length; j++) waiters[j - 1] = waiters[j]!;
    waiters.length--;
    if (actor.running) this.runningWaiters--;
  }

  /** try_to_free_pages from the allocating task: reclaim what it lacks, or scan in vain. */
  private directReclaim(actor: Actor): void {
    const e = this.w.engine;
    const wait = actor.wait!;
    const deficit = wait.pages - (e.freePages - e.minPages);
    const want = Math.min(DIRECT_RECLAIM_BATCH, Math.max(SWAP_CLUSTER_MAX, deficit));
    const r = this.w.reclaim;
    const plan = r.plan(want, true);
    wait.plan = plan;
    wait.futile = plan.file + plan.anon === 0;
    if (wait.futile) r.pgscanDirect += SWAP_CLUSTER_MAX;
    this.w.run(actor, wait.futile ? FUTILE_SCAN_NS : r.planNs(plan));
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

}
