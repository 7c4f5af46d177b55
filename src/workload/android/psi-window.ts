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
    const t = this.t;
    // The newest record at or before tNs (binary search over the kept ones).
    let lo = this.head;
    let hi = t.length - 1;
    if (hi < lo || t[lo]! > tNs) return {someNs: 0, fullNs: 0};
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t[mid]! <= tNs) lo = mid;
      else hi = mid - 1;
    }
    const dt = tNs - t[lo]!;
    return {someNs: this.some[lo]! + (this.someOn[lo] ? dt : 0), fullNs: this.full[lo]! + (this.fullOn[lo] ? dt : 0)};
  }

  /** Stall time within (tNs − windowNs, tNs]. */
  growth(tNs: number, windowNs: number): {someNs: number; fullNs: number} {
    const now = this.at(tNs);
    const then = this.at(tNs - windowNs);
    return {someNs: now.someNs - then.someNs, fullNs: now.fullNs - then.fullNs};
  }

  /** Records before `k` are gone; the arrays are compacted once the dead part outgrows the live one. */
  private drop(k: number): void {
    this.head = k;
    if (k < 1024 || k < this.t.length - k) return;
    this.t.splice(0, k);
    this.some.splice(0, k);
    this.full.splice(0, k);
    this.someOn.splice(0, k);
    this.fullOn.splice(0, k);
    this.head = 0;
    this.cut -= k;
  }
}
