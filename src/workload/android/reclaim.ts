import {NS_PER_S} from '../../engine/engine.ts';
import {reclaimRoom, type App} from './apps.ts';
import {NO_PLAN, SWAP_CLUSTER_MAX, type ReclaimPlan} from './memory.ts';
import type {AndroidWorld} from './world.ts';
import {DOUBLE_ZERO} from '../../engine/units.ts';

/**
 * Reclaim (mm/vmscan.c) as counts: file pages from the tail of the inactive list (mapped pages of
 * background apps and the page cache's own, interleaved by age) and cold anon pages of background
 * apps into zram, least recently used app first, never past the share the app has aged to (or
 * directReclaimSharePct for direct reclaim). get_scan_count decides the split; kswapd and direct
 * reclaim carry it out.
 */
export class Reclaim {
  /** Anon pages moved to zram. */
  pagesReclaimed = 0;
  /** pgscan_kswapd / pgscan_direct: pages reclaim looked at (futile passes included). */
  pgscanKswapd = 0;
  pgscanDirect = 0;
  private refaultsAtReclaim = 0;
  /** Recent file refaults, decayed by half every second: the file LRU's reclaim cost. */
  private fileCost = DOUBLE_ZERO;
  private fileCostAtNs = DOUBLE_ZERO;

  constructor(private readonly w: AndroidWorld) {}

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
    const {total: mapped, inactive: mappedInactive} = w.maps.sizes();
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
  run(p: ReclaimPlan, direct = false): number {
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
  fileNow(pages: number): number {
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
      const m = w.maps.sizes();
      const b = pc.evict(left, e.nowNs, m.total, m.inactive, this.oldestBackgroundNs(order));
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
