import {DOUBLE_ZERO} from '../../engine/units.ts';
import {InactiveList} from './inactive-list.ts';
import {share, sum} from './share.ts';

/**
 * The page cache's file LRUs (mm/vmscan.c, mm/workingset.c) as page counts, never per page: the
 * pages of a few file groups on an active list and an inactive list, the inactive list kept in
 * age order as a queue of buckets (inactive-list.ts), shadow entries of evicted
 * pages (a read of one is a refault, vmstat `workingset_refault_file`), and the vmstat counters
 * lmkd reads. Pure bookkeeping: the world allocates the pages and pays for I/O and reclaim.
 */

/** Groups of file pages the world tells apart. */
export const FILE_GROUPS = ['system', 'camera', 'apps', 'stream'] as const;
export type FileGroup = (typeof FILE_GROUPS)[number];
const G = FILE_GROUPS.length;
export const GROUP: Readonly<Record<FileGroup, number>> = {system: 0, camera: 1, apps: 2, stream: 3};

/**
 * GROUP[g] as a switch: a keyed load with four different string keys goes megamorphic, and every
 * read and every readahead asks (a switch on internalized strings compares pointers).
 */
function groupIndex(g: FileGroup): number {
  switch (g) {
    case 'system':
      return 0;
    case 'camera':
      return 1;
    case 'apps':
      return 2;
    default:
      return 3;
  }
}

/** Pages per GB (4 KB pages), for inactive_is_low. */
const PAGES_PER_GB = 262_144;
/** A group touched within this long counts as referenced: shrink_active_list rotates it last. */
const REFERENCED_NS = 1_000_000_000;

/** What a touch of a group's pages found: resident hits, refaults (shadowed) and first reads. */
export interface TouchResult {
  readonly hits: number;
  readonly refaults: number;
  readonly reads: number;
}

export class PageCache {
  /** Distinct pages each group's readers touch (Infinity: data read once and never again). */
  readonly setPages: readonly number[];
  /** Evicted pages of the group leave shadow entries (it is read again: a finite set). */
  private readonly shadowed: boolean[];
  /** Unmapped pages of each group on the active file list. */
  readonly active: number[] = new Array<number>(G).fill(0);
  /** The inactive file list, oldest first. */
  private readonly list = new InactiveList(G);
  /** Pages of each group on the inactive file list (the sum over its buckets). */
  readonly inactive: number[] = this.list.perGroup;
  /** Evicted pages of each group whose shadow entry is still in the mapping. */
  readonly shadows: number[] = new Array<number>(G).fill(0);
  readonly lastTouchNs: number[] = new Array<number>(G).fill(-Infinity);
  /** Fractions the integer counts have not yet taken, per group: activations, refaults, reads. */
  private readonly carry = Array.from({length: G}, () => new Float64Array(3));
  /** What `touch` returns: one object, overwritten by the next touch (a touch per read is hot). */
  private readonly touched = {hits: 0, refaults: 0, reads: 0};
  /** Scratch for deactivate: a split of pages over the groups, and the groups by last touch. */
  private readonly parts = new Array<number>(G).fill(0);
  private readonly byTouch = [...Array(G).keys()];

  // vmstat
  /** workingset_refault_file */
  workingsetRefault = 0;
  /** workingset_activate_file */
  workingsetActivate = 0;
  /** pgrefill: pages taken off the active list by shrink_active_list. */
  pgrefill = 0;
  /** pgsteal_file: file pages reclaimed. */
  evicted = DOUBLE_ZERO;

  constructor(setPages: Readonly<Partial<Record<FileGroup, number>>>) {
    this.setPages = FILE_GROUPS.map((g) => setPages[g] ?? Infinity);
    this.shadowed = this.setPages.map((n) => Number.isFinite(n));
  }

  get activePages(): number {
    return sum(this.active);
  }

  get inactivePages(): number {
    return sum(this.inactive);
  }

  /** Page cache pages not mapped by a live process: what reclaim can take. */
  get pages(): number {
    return this.activePages + this.inactivePages;
  }

  /** Resident pages of a group. */
  residentOf(g: FileGroup): number {
    const i = groupIndex(g);
    return this.active[i]! + this.inactive[i]!;
  }

  /**
   * A reader touches `pages` of group `g`, spread evenly over the group's set: resident pages are
   * hits (inactive ones are activated: mark_page_accessed), missing ones are refaults when their
   * shadow entry is there, first reads otherwise. The misses are not inserted here: the caller
   * allocates them and calls `add` when they are read. `readBefore` is for sequential readers.
   * The result is valid until the next touch.
   */
  touch(g: FileGroup, pages: number, nowNs: number, readBefore = 0): TouchResult {
    const i = groupIndex(g);
    this.lastTouchNs[i] = nowNs;
    const full = this.setPages[i]!;
    if (!Number.isFinite(full)) return this.result(0, 0, pages);
    // A sequential reader (a launch loading its files) does not come back to the `readBefore`
    // pages it already read (resident by now): what it reads next is drawn from the rest.
    const x = Math.min(readBefore, full - 1);
    const size = full - x;
    const resident = this.active[i]! + this.inactive[i]!;
    const k = Math.min(pages, size);
    let a = this.active[i]!;
    let inact = this.inactive[i]!;
    // (A reader that comes back to pages, x = 0, scales them by resident / resident = 1: no division.)
    if (x !== 0) {
      const scale = resident > 0 ? Math.max(0, resident - x) / resident : 0;
      a *= scale;
      inact *= scale;
    }
    const e = this.shadows[i]!;
    const never = Math.max(0, size - a - inact - e);
    const c = this.carry[i]!;
    const activate = this.take(c, 0, (k * inact) / size, this.inactive[i]!);
    const missing = (k * Math.max(0, size - a - inact)) / size;
    const refaults = this.take(c, 1, e + never > 0 ? (missing * e) / (e + never) : 0, e);
    const reads = this.take(c, 2, e + never > 0 ? (missing * never) / (e + never) : 0, never);
    if (activate > 0) {
      this.list.remove(i, activate);
      this.active[i] = this.active[i]! + activate;
    }
    this.shadows[i] = e - refaults;
    return this.result(Math.max(0, k - refaults - reads), refaults, reads);
  }

  private result(hits: number, refaults: number, reads: number): TouchResult {
    const r = this.touched;
    r.hits = hits;
    r.refaults = refaults;
    r.reads = reads;
    return r;
  }

  /**
   * `pages` of group `g` were read into the cache: refaulted pages go straight to the active list
   * (workingset_activate: their refault distance was within the working set), first reads to the
   * head of the inactive list.
   */
  add(g: FileGroup, pages: number, refault: boolean, nowNs: number): void {
    if (pages <= 0) return;
    const i = groupIndex(g);
    if (refault) {
      this.workingsetRefault += pages;
      this.workingsetActivate += pages;
      this.active[i] = this.active[i]! + pages;
      return;
    }
    this.list.push(i, pages, nowNs);
  }

  /**
   * The cache as the phone left it before the run: `active` pages on the active list, `inactive`
   * ones inserted at `tNs` (call oldest first), `shadows` evicted earlier. No vmstat counts.
   */
  preload(g: FileGroup, active: number, inactive: number, shadows: number, tNs: number): void {
    const i = groupIndex(g);
    this.active[i] = this.active[i]! + active;
    this.shadows[i] = this.shadows[i]! + shadows;
    if (inactive > 0) this.list.push(i, inactive, tNs);
  }

  /** File pages a dying process unmapped: cold, at the tail of the inactive list. */
  addOld(g: FileGroup, pages: number): void {
    if (pages <= 0) return;
    this.list.pushOld(groupIndex(g), pages);
  }

  /**
   * inactive_is_low (file): inactive × int_sqrt(10 × GB of file LRU) < active. `mapped` pages are
   * on the LRU too (they count for its size), `mappedInactive` of them on the inactive list.
   */
  inactiveLow(mapped = 0, mappedInactive = 0): boolean {
    return (this.inactivePages + mappedInactive) * this.ratio(mapped) < this.activePages;
  }

  /** When the oldest page on the inactive list was put there (Infinity: the list is empty). */
  oldestInactiveNs(): number {
    return this.list.oldestNs();
  }

  /**
   * shrink_inactive_list: evict up to `pages` from the tail of the inactive list (refilling it
   * from the active list first when it is low or too short), no page put there at or after
   * `olderThanNs`; returns the pages evicted. Evicted pages of groups that are read again leave a
   * shadow entry. `mapped`/`mappedInactive`: the mapped pages the caller keeps, for the list sizes.
   */
  evict(pages: number, nowNs: number, mapped = 0, mappedInactive = 0, olderThanNs = Infinity): number {
    if (pages <= 0) return 0;
    const short = pages - this.inactivePages - mappedInactive;
    if (short > 0 || this.inactiveLow(mapped, mappedInactive)) this.deactivate(Math.max(short, this.refillTarget(mapped, mappedInactive)), nowNs);
    const done = this.list.evict(pages, olderThanNs, this.shadows, this.shadowed);
    this.evicted += done;
    return done;
  }

  /**
   * shrink_active_list: move `pages` from the active to the inactive list. Groups nobody touched
   * for a second go first, least recently touched first; then the referenced ones, in proportion.
   */
  deactivate(pages: number, nowNs: number): number {
    let left = Math.min(pages, this.activePages);
    const moved = left;
    const order = this.groupsByTouch();
    for (const i of order) {
      if (left === 0 || nowNs - this.lastTouchNs[i]! < REFERENCED_NS) break;
      const n = Math.min(left, this.active[i]!);
      this.moveToInactive(i, n, nowNs);
      left -= n;
    }
    if (left > 0) {
      const parts = share(this.active, left, this.parts);
      for (let i = 0; i < G; i++) this.moveToInactive(i, parts[i]!, nowNs);
    }
    this.pgrefill += moved;
    return moved;
  }

  /** The groups, least recently touched first (a stable insertion sort, as Array.sort would order them). */
  private groupsByTouch(): readonly number[] {
    const order = this.byTouch;
    const last = this.lastTouchNs;
    for (let i = 0; i < G; i++) {
      let j = i;
      // (−∞ − −∞ is NaN, which Array.sort takes as a tie: a tie keeps the order.)
      while (j > 0 && last[order[j - 1]!]! - last[i]! > 0) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = i;
    }
    return order;
  }

  /** Pages shrink_active_list moves when the inactive list is low: enough to restore the ratio. */
  private refillTarget(mapped: number, mappedInactive: number): number {
    const ratio = this.ratio(mapped);
    return Math.max(0, Math.ceil((this.activePages - ratio * (this.inactivePages + mappedInactive)) / (ratio + 1)));
  }

  /** inactive_ratio: int_sqrt(10 × GB of file LRU), at least 1. */
  private ratio(mapped: number): number {
    const gb = Math.floor((this.pages + mapped) / PAGES_PER_GB);
    return gb > 0 ? Math.floor(Math.sqrt(10 * gb)) : 1;
  }

  private moveToInactive(i: number, n: number, nowNs: number): void {
    if (n <= 0) return;
    this.active[i] = this.active[i]! - n;
    this.list.push(i, n, nowNs);
  }

  /** Integer part of `carry[j] + x`, at most `max`; the fraction stays for next time. */
  private take(carry: Float64Array, j: number, x: number, max: number): number {
    const v = carry[j]! + x;
    const n = Math.max(0, Math.floor(Math.min(max, v)));
    carry[j] = Math.min(1, v - n);
    return n;
  }
}
