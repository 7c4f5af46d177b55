import {share} from './share.ts';

/** Inactive pages inserted within this long share a bucket. */
const BUCKET_NS = 250_000_000;
/** More buckets than this and the two oldest merge (old pages age at a coarser grain). */
const MAX_BUCKETS = 48;

/**
 * The inactive file list of the page cache (page-cache.ts) in age order, as a queue of buckets:
 * one per quarter second of insertion, each with its pages per file group; pages unmapped by a
 * dying process go to a bucket at the tail that is older than any (−∞). Reclaim takes from the
 * tail, a touch takes pages wherever they are. The buckets live in a ring of flat typed arrays
 * (the bucket in slot s has its pages of group i at s·groups + i), and nothing is allocated per
 * bucket. Each group keeps the slots of the buckets that hold some of its pages, oldest first: a
 * touch visits those only (most buckets hold none of the group a reader touches).
 */
export class InactiveList {
  /** Pages of each group on the list (the sum over the buckets). */
  readonly perGroup: number[];
  private mask = 63;
  private tNs = new Float64Array(64);
  private total = new Float64Array(64);
  private pages: Float64Array;
  /** The ring slot of the oldest bucket, and how many there are. */
  private head = 0;
  private count = 0;
  /** For each group, the slots of the buckets with some of its pages, oldest first (`heldLen[i]` of them). */
  private held: Int32Array[] = [];
  private readonly heldLen: Int32Array;
  /** For `evict`: one bucket's pages as a plain array, and how they split. */
  private readonly weights: number[];
  private readonly parts: number[];

  constructor(private readonly groups: number) {
    this.perGroup = new Array<number>(groups).fill(0);
    this.pages = new Float64Array(64 * groups);
    this.weights = new Array<number>(groups).fill(0);
    this.parts = new Array<number>(groups).fill(0);
    this.heldLen = new Int32Array(groups);
    for (let i = 0; i < groups; i++) this.held.push(new Int32Array(64));
  }

  /** When the oldest page on the list was put there (Infinity: the list is empty). */
  oldestNs(): number {
    return this.count > 0 ? this.tNs[this.head]! : Infinity;
  }

  /** `n` pages of group `i` inserted at `nowNs`: at the head of the list. */
  push(i: number, n: number, nowNs: number): void {
    let s = this.count > 0 ? this.slot(this.count - 1) : -1;
    if (s < 0 || nowNs - this.tNs[s]! >= BUCKET_NS) {
      s = this.append(nowNs);
      if (this.count > MAX_BUCKETS) this.mergeOldest();
    }
    this.add(s, i, n);
  }

  /** `n` cold pages of group `i`: at the tail, in the bucket older than any. */
  pushOld(i: number, n: number): void {
    if (this.count === 0 || this.tNs[this.head] !== -Infinity) {
      this.grow();
      this.head = (this.head - 1) & this.mask;
      this.count++;
      this.clear(this.head, -Infinity);
    }
    this.add(this.head, i, n);
  }

  /**
   * Take up to `pages` from the tail, no page put there at or after `olderThanNs`, each bucket's
   * share by group (largest remainder); evicted pages of group i add to `shadows[i]` where
   * `shadowed[i]`. Returns the pages taken.
   */
  evict(pages: number, olderThanNs: number, shadows: number[], shadowed: readonly boolean[]): number {
    const G = this.groups;
    const w = this.weights;
    let left = pages;
    while (left > 0 && this.count > 0 && this.tNs[this.head]! < olderThanNs) {
      const s = this.head;
      const take = Math.min(left, this.total[s]!);
      for (let i = 0; i < G; i++) w[i] = this.pages[s * G + i]!;
      const parts = share(w, take, this.parts);
      for (let i = 0; i < G; i++) {
        const n = parts[i]!;
        if (n === 0) continue;
        this.pages[s * G + i] = w[i]! - n;
        this.perGroup[i] = this.perGroup[i]! - n;
        if (shadowed[i]) shadows[i] = shadows[i]! + n;
        if (w[i]! - n === 0) this.releaseOldest(i, s);
      }
      this.total[s] = this.total[s]! - take;
      left -= take;
      if (this.total[s] === 0) {
        for (let i = 0; i < G; i++) this.releaseOldest(i, s);
        this.head = (this.head + 1) & this.mask;
        this.count--;
      }
    }
    return pages - left;
  }

  /** Take `n` pages of group i wherever they are (a touch is spread over the list), in proportion, the rest from the head. */
  remove(i: number, n: number): void {
    const G = this.groups;
    const pages = this.pages;
    const total = this.total;
    const have = this.perGroup[i]!;
    let left = n;
    // Every bucket has pages (emptied ones are dropped at once): only those emptied here go.
    let emptied = false;
    // Some bucket no longer holds group i (most touches leave every bucket some).
    let released = false;
    const held = this.held[i]!;
    const len = this.heldLen[i]!;
    for (let h = 0; h < len; h++) {
      const s = held[h]!;
      const p = pages[s * G + i]!;
      // n·p < have: the share below rounds down to 0 (whole page counts, so this test is exact).
      if (n * p < have) continue;
      const t = Math.floor((n * p) / have);
      pages[s * G + i] = p - t;
      total[s] = total[s]! - t;
      left -= t;
      if (t === p) released = true;
      if (total[s] === 0) emptied = true;
    }
    for (let h = len - 1; h >= 0 && left > 0; h--) {
      const s = held[h]!;
      const p = pages[s * G + i]!;
      const t = Math.min(left, p);
      if (t === 0) continue;
      pages[s * G + i] = p - t;
      total[s] = total[s]! - t;
      left -= t;
      if (t === p) released = true;
      if (total[s] === 0) emptied = true;
    }
    // The buckets this emptied of group i no longer hold it.
    if (released) {
      let kept = 0;
      for (let h = 0; h < len; h++) if (pages[held[h]! * G + i] !== 0) held[kept++] = held[h]!;
      this.heldLen[i] = kept;
    }
    this.perGroup[i] = have - n;
    if (emptied) this.dropEmpty();
  }

  private slot(k: number): number {
    return (this.head + k) & this.mask;
  }

  private add(s: number, i: number, n: number): void {
    const j = s * this.groups + i;
    const before = this.pages[j]!;
    this.pages[j] = before + n;
    if (before === 0 && this.pages[j] !== 0) this.hold(i, s);
    this.total[s] = this.total[s]! + n;
    this.perGroup[i] = this.perGroup[i]! + n;
  }

  /** A new empty bucket at the head of the list; returns its slot. */
  private append(tNs: number): number {
    this.grow();
    const s = this.slot(this.count);
    this.count++;
    this.clear(s, tNs);
    return s;
  }

  private clear(s: number, tNs: number): void {
    this.tNs[s] = tNs;
    this.total[s] = 0;
    this.pages.fill(0, s * this.groups, (s + 1) * this.groups);
  }

  /** The two oldest buckets become one, as old as the older. */
  private mergeOldest(): void {
    const G = this.groups;
    const a = this.head;
    const b = this.slot(1);
    for (let i = 0; i < G; i++) this.pages[b * G + i] = this.pages[a * G + i]! + this.pages[b * G + i]!;
    this.total[b] = this.total[a]! + this.total[b]!;
    this.tNs[b] = this.tNs[a]!;
    this.head = b;
    this.count--;
    this.reindex();
  }

  /** Drop the empty buckets, keeping the others in order. */
  private dropEmpty(): void {
    const G = this.groups;
    let kept = 0;
    for (let k = 0; k < this.count; k++) {
      const from = this.slot(k);
      if (this.total[from] === 0) continue;
      const to = this.slot(kept++);
      if (to === from) continue;
      this.tNs[to] = this.tNs[from]!;
      this.total[to] = this.total[from]!;
      this.pages.copyWithin(to * G, from * G, (from + 1) * G);
    }
    this.count = kept;
    this.reindex();
  }

  /** Bucket `s` (the newest or the oldest, or any) now holds pages of group i: into its slot list, in age order. */
  private hold(i: number, s: number): void {
    let held = this.held[i]!;
    const len = this.heldLen[i]!;
    if (len === held.length) {
      const more = new Int32Array(2 * held.length);
      more.set(held);
      this.held[i] = held = more;
    }
    const age = (s - this.head) & this.mask;
    let h = len;
    while (h > 0 && ((held[h - 1]! - this.head) & this.mask) > age) {
      held[h] = held[h - 1]!;
      h--;
    }
    held[h] = s;
    this.heldLen[i] = len + 1;
  }

  /** The oldest bucket, in slot `s`, holds no more pages of group i. */
  private releaseOldest(i: number, s: number): void {
    const held = this.held[i]!;
    const len = this.heldLen[i]!;
    if (len === 0 || held[0] !== s) return;
    held.copyWithin(0, 1, len);
    this.heldLen[i] = len - 1;
  }

  /** The buckets moved: list each group's buckets again. */
  private reindex(): void {
    const G = this.groups;
    for (let i = 0; i < G; i++) {
      let held = this.held[i]!;
      if (held.length < this.mask + 1) this.held[i] = held = new Int32Array(this.mask + 1);
      let len = 0;
      for (let k = 0; k < this.count; k++) {
        const s = this.slot(k);
        if (this.pages[s * G + i] !== 0) held[len++] = s;
      }
      this.heldLen[i] = len;
    }
  }

  /** Room for one more bucket (the ring doubles when full, the buckets in the same order). */
  private grow(): void {
    if (this.count <= this.mask) return;
    const G = this.groups;
    const size = 2 * (this.mask + 1);
    const tNs = new Float64Array(size);
    const total = new Float64Array(size);
    const pages = new Float64Array(size * G);
    for (let k = 0; k < this.count; k++) {
      const s = this.slot(k);
      tNs[k] = this.tNs[s]!;
      total[k] = this.total[s]!;
      pages.set(this.pages.subarray(s * G, (s + 1) * G), k * G);
    }
    this.tNs = tNs;
    this.total = total;
    this.pages = pages;
    this.mask = size - 1;
    this.head = 0;
    this.reindex();
  }
}
