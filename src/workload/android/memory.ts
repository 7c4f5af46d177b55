import {NS_PER_MS} from '../../engine/engine.ts';
import {reclaimRoom} from './apps.ts';
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
  /** Pages the current direct-reclaim segment moves to zram. */
  planned: number;
  /** The current segment is futile scanning (nothing reclaimable). */
  futile: boolean;
  /** Sleeping after __alloc_pages_may_oom. */
  sleeping: boolean;
  /** Reclaim passes in a row without progress (no_progress_loops). */
  noProgress: number;
}

/**
 * The page allocator's view of memory: the fast path against the min watermark, the slow path
 * (wake kswapd, direct reclaim from the allocating task's own context, __alloc_pages_may_oom), and
 * the reclaim itself, which moves cold anon pages of background apps into zram, least recently
 * used app first, never past the share the app has aged to (apps.ts).
 */
export class Memory {
  /** Tasks stalled on memory (PSI memstall): in direct reclaim or waiting after may_oom. */
  stalled = 0;
  readonly window = new PsiWindow();
  allocStalls = 0;
  oomPathEntries = 0;
  pagesReclaimed = 0;

  constructor(private readonly w: AndroidWorld) {}

  /** Free memory one reclaimed page yields: the page minus its compressed copy in zram. */
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
    actor.wait = {pages, granted, planned: 0, futile: false, sleeping: false, noProgress: 0};
    this.allocStalls++;
    this.setStalled(this.stalled + 1);
    this.directReclaim(actor);
    return false;
  }

  /**
   * The actor's direct-reclaim pass finished. After each pass the allocator tries the free lists
   * again (memory a dying task returned meanwhile counts); more than MAX_RECLAIM_RETRIES passes in
   * a row without progress (should_reclaim_retry) send it to __alloc_pages_may_oom.
   */
  reclaimDone(actor: Actor): void {
    const wait = actor.wait!;
    const done = wait.futile ? 0 : this.reclaim(wait.planned, true);
    wait.planned = 0;
    wait.noProgress = done > 0 ? 0 : wait.noProgress + 1;
    if (this.grant(actor)) return;
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
    if (!this.grant(actor)) this.directReclaim(actor);
  }

  /** The actor's task died while it waited: it is no longer stalled. */
  cancel(actor: Actor): void {
    if (!actor.wait) return;
    actor.wait = null;
    this.setStalled(this.stalled - 1);
  }

  /**
   * Pages reclaim could move to zram now, at most `limit` (swap space permitting). kswapd takes
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

  /** Reclaim up to `pages` into zram, least recently used app first; returns pages reclaimed. */
  reclaim(pages: number, direct = false): number {
    const e = this.w.engine;
    let left = Math.min(pages, e.swapTotalPages - e.zramPages);
    const now = e.nowNs;
    const floor = direct ? this.w.k.directReclaimSharePct / 100 : 0;
    for (const app of this.w.reclaimOrder()) {
      if (left <= 0) break;
      const take = Math.min(left, reclaimRoom(app, now, floor));
      if (take > 0) left -= e.swapOutPages(app.proc!, take);
    }
    const done = Math.max(0, pages - Math.max(0, left));
    this.pagesReclaimed += done;
    return done;
  }

  /** PSI state of the whole system; called when the number of stalled or running tasks changes. */
  setStalled(stalled: number): void {
    this.stalled = stalled;
    const e = this.w.engine;
    const productive = Math.max(0, this.w.runningActors - stalled) + e.exitingTaskCount;
    e.psi.setState(e.nowNs, stalled, productive);
    const totals = e.psi.totalsAt(e.nowNs);
    this.window.record(e.nowNs, totals.someNs, totals.fullNs, stalled > 0, stalled > 0 && productive === 0);
    if (stalled > 0) this.w.lmkd.onStall();
  }

  /** get_page_from_freelist again: true (and the stall is over) when the pages are there now. */
  private grant(actor: Actor): boolean {
    const e = this.w.engine;
    const wait = actor.wait!;
    if (e.freePages - wait.pages < e.minPages) return false;
    e.freePages -= wait.pages;
    actor.wait = null;
    this.setStalled(this.stalled - 1);
    wait.granted();
    return true;
  }

  /** try_to_free_pages from the allocating task: reclaim what it lacks, or scan in vain. */
  private directReclaim(actor: Actor): void {
    const e = this.w.engine;
    const wait = actor.wait!;
    const deficit = wait.pages - (e.freePages - e.minPages);
    const want = Math.min(DIRECT_RECLAIM_BATCH, Math.max(SWAP_CLUSTER_MAX, Math.ceil(deficit / this.netPerPage)));
    const room = this.room(want, true);
    wait.planned = room;
    wait.futile = room === 0;
    this.w.run(actor, room > 0 ? room * this.w.k.reclaimNsPerPage : FUTILE_SCAN_NS);
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
    if (e.liveExits().length === 0) this.w.oomKill();
    wait.sleeping = true;
    this.w.sleep(actor);
    e.at(e.nowNs + JIFFY_NS, 'mem-retry', t.id);
  }
}
