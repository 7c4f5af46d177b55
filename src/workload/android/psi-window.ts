import {DOUBLE_ZERO} from '../../engine/units.ts';

/**
 * Stall time within a trailing window, exactly: the world is the only one that changes the PSI
 * state, so it records the cumulative totals at every change and interpolates between them (both
 * totals grow at rate 1 or 0 between changes). This is what a kernel PSI trigger with a 1 s window
 * measures ("growth of the total within the window"), and what lmkd polls.
 *
 * Records are numbered in order; record n lives at n & mask of ring buffers (typed arrays) that
 * double when full, so recording allocates nothing once the buffers fit two windows of changes.
 */
export class PsiWindow {
  private t = new Float64Array(256);
  private some = new Float64Array(256);
  private full = new Float64Array(256);
  /** Bit 0: `some` accrues from this record on; bit 1: `full` does. */
  private on = new Uint8Array(256);
  private mask = 255;
  /** The number of the next record. */
  private end = 0;
  /** The oldest record kept: those before it are dropped. */
  private head = 0;
  /** The newest record at or before two windows ago (never before `head`); found incrementally. */
  private cut = 0;
  /** What `find` found, and what `growth` returns. */
  private atSome = DOUBLE_ZERO;
  private atFull = DOUBLE_ZERO;
  private readonly grown = {someNs: DOUBLE_ZERO, fullNs: DOUBLE_ZERO};

  /** Cumulative totals at `tNs` and whether `some`/`full` accrue from then on (`tNs` never goes back). */
  record(tNs: number, someNs: number, fullNs: number, someOn: boolean, fullOn: boolean): void {
    const n = this.end;
    let j: number;
    if (n > this.head && this.t[(n - 1) & this.mask] === tNs) j = (n - 1) & this.mask;
    else {
      if (n - this.head > this.mask) this.grow();
      j = n & this.mask;
      this.t[j] = tNs;
      this.end = n + 1;
    }
    this.some[j] = someNs;
    this.full[j] = fullNs;
    this.on[j] = (someOn ? 1 : 0) | (fullOn ? 2 : 0);
    // Keep two windows' worth, and always one record at or before the oldest time asked for; drop
    // in steps of more than 64 records. Time only moves on, so the cut only moves on.
    const oldest = tNs - 2_000_000_000;
    const t = this.t;
    const mask = this.mask;
    let cut = this.cut;
    while (cut + 1 < this.end && t[(cut + 1) & mask]! <= oldest) cut++;
    this.cut = cut;
    if (cut - this.head > 64) this.head = cut;
  }

  /** Totals at `tNs` (at or after the oldest record kept). */
  at(tNs: number): {someNs: number; fullNs: number} {
    this.find(tNs);
    return {someNs: this.atSome, fullNs: this.atFull};
  }

  /** Stall time within (tNs − windowNs, tNs]: one object, overwritten by the next call (triggers ask at every stall). */
  growth(tNs: number, windowNs: number): {readonly someNs: number; readonly fullNs: number} {
    this.find(tNs);
    const someNow = this.atSome;
    const fullNow = this.atFull;
    this.find(tNs - windowNs);
    const g = this.grown;
    g.someNs = someNow - this.atSome;
    g.fullNs = fullNow - this.atFull;
    return g;
  }

  /** Totals at `tNs` into `atSome`/`atFull` (no object per look-up). */
  private find(tNs: number): void {
    const t = this.t;
    const mask = this.mask;
    // The newest record at or before tNs (binary search over the kept ones).
    let lo = this.head;
    let hi = this.end - 1;
    if (hi < lo || t[lo & mask]! > tNs) {
      this.atSome = 0;
      this.atFull = 0;
      return;
    }
    // Most look-ups are for now: the newest record.
    if (t[hi & mask]! <= tNs) lo = hi;
    while (lo < hi) {
      // (Record numbers are small non-negative integers: ⌈(hi − lo) / 2⌉ by a shift.)
      const mid = lo + ((hi - lo + 1) >> 1);
      if (t[mid & mask]! <= tNs) lo = mid;
      else hi = mid - 1;
    }
    const j = lo & mask;
    const dt = tNs - t[j]!;
    const on = this.on[j]!;
    this.atSome = this.some[j]! + (on & 1 ? dt : 0);
    this.atFull = this.full[j]! + (on & 2 ? dt : 0);
  }

  /** Twice the room, the kept records at the same numbers. */
  private grow(): void {
    const size = 2 * (this.mask + 1);
    const mask = size - 1;
    const t = new Float64Array(size);
    const some = new Float64Array(size);
    const full = new Float64Array(size);
    const on = new Uint8Array(size);
    for (let n = this.head; n < this.end; n++) {
      const from = n & this.mask;
      const to = n & mask;
      t[to] = this.t[from]!;
      some[to] = this.some[from]!;
      full[to] = this.full[from]!;
      on[to] = this.on[from]!;
    }
    this.t = t;
    this.some = some;
    this.full = full;
    this.on = on;
    this.mask = mask;
  }
}
