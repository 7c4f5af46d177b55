import {DOUBLE_ZERO} from '../../engine/units.ts';

/**
 * Stall time within a trailing window, exactly: the world is the only one that changes the PSI
 * state, so it records the cumulative totals at every change and interpolates between them (both
 * totals grow at rate 1 or 0 between changes). This is what a kernel PSI trigger with a 1 s window
 * measures ("growth of the total within the window"), and what lmkd polls.
 */
export class PsiWindow {
  private readonly t: number[] = [];
  private readonly some: number[] = [];
  private readonly full: number[] = [];
  private readonly someOn: boolean[] = [];
  private readonly fullOn: boolean[] = [];
  /** The oldest record kept: those before it are dropped (the arrays are compacted now and then). */
  private head = 0;
  /** The newest record at or before two windows ago (never before `head`); found incrementally. */
  private cut = 0;
  /** What `find` found, and what `growth` returns. */
  private atSome = DOUBLE_ZERO;
  private atFull = DOUBLE_ZERO;
  private readonly grown = {someNs: DOUBLE_ZERO, fullNs: DOUBLE_ZERO};

  /** Cumulative totals at `tNs` and whether `some`/`full` accrue from then on (`tNs` never goes back). */
  record(tNs: number, someNs: number, fullNs: number, someOn: boolean, fullOn: boolean): void {
    const t = this.t;
    const n = t.length;
    if (n > this.head && t[n - 1] === tNs) {
      this.some[n - 1] = someNs;
      this.full[n - 1] = fullNs;
      this.someOn[n - 1] = someOn;
      this.fullOn[n - 1] = fullOn;
    } else {
      t.push(tNs);
      this.some.push(someNs);
      this.full.push(fullNs);
      this.someOn.push(someOn);
      this.fullOn.push(fullOn);
    }
    // Keep two windows' worth, and always one record at or before the oldest time asked for; drop
    // in steps of more than 64 records. Time only moves on, so the cut only moves on.
    const oldest = tNs - 2_000_000_000;
    let cut = this.cut;
    while (cut + 1 < t.length && t[cut + 1]! <= oldest) cut++;
    this.cut = cut;
    if (cut - this.head > 64) this.drop(cut);
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
    // The newest record at or before tNs (binary search over the kept ones).
    let lo = this.head;
    let hi = t.length - 1;
    if (hi < lo || t[lo]! > tNs) {
      this.atSome = 0;
      this.atFull = 0;
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t[mid]! <= tNs) lo = mid;
      else hi = mid - 1;
    }
    const dt = tNs - t[lo]!;
    this.atSome = this.some[lo]! + (this.someOn[lo] ? dt : 0);
    this.atFull = this.full[lo]! + (this.fullOn[lo] ? dt : 0);
  }

  /** Records before `k` are gone; the arrays are compacted once the dead part outgrows the live one. */
  private drop(k: number): void {
    this.head = k;
    if (k < 1024 || k < this.t.length - k) return;
    dropFront(this.t, k);
    dropFront(this.some, k);
    dropFront(this.full, k);
    dropFront(this.someOn, k);
    dropFront(this.fullOn, k);
    this.head = 0;
    this.cut -= k;
  }
}

/** Remove the first `k` elements in place (splice would allocate an array of the removed ones). */
function dropFront<T>(xs: T[], k: number): void {
  const n = xs.length - k;
  for (let i = 0; i < n; i++) xs[i] = xs[i + k]!;
  xs.length = n;
}
