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

  /** Cumulative totals at `tNs` and whether `some`/`full` accrue from then on. */
  record(tNs: number, someNs: number, fullNs: number, someOn: boolean, fullOn: boolean): void {
    const n = this.t.length;
    if (n > 0 && this.t[n - 1] === tNs) {
      this.some[n - 1] = someNs;
      this.full[n - 1] = fullNs;
      this.someOn[n - 1] = someOn;
      this.fullOn[n - 1] = fullOn;
    } else {
      this.t.push(tNs);
      this.some.push(someNs);
      this.full.push(fullNs);
      this.someOn.push(someOn);
      this.fullOn.push(fullOn);
    }
    // Keep two windows' worth, and always one record at or before the oldest time asked for.
    let drop = 0;
    while (drop + 1 < this.t.length && this.t[drop + 1]! <= tNs - 2_000_000_000) drop++;
    if (drop > 64) this.shift(drop);
  }

  /** Totals at `tNs` (at or after the oldest record kept). */
  at(tNs: number): {someNs: number; fullNs: number} {
    let i = this.t.length - 1;
    while (i > 0 && this.t[i]! > tNs) i--;
    if (i < 0 || this.t[i]! > tNs) return {someNs: 0, fullNs: 0};
    const dt = tNs - this.t[i]!;
    return {someNs: this.some[i]! + (this.someOn[i] ? dt : 0), fullNs: this.full[i]! + (this.fullOn[i] ? dt : 0)};
  }

  /** Stall time within (tNs − windowNs, tNs]. */
  growth(tNs: number, windowNs: number): {someNs: number; fullNs: number} {
    const now = this.at(tNs);
    const then = this.at(tNs - windowNs);
    return {someNs: now.someNs - then.someNs, fullNs: now.fullNs - then.fullNs};
  }

  private shift(k: number): void {
    this.t.splice(0, k);
    this.some.splice(0, k);
    this.full.splice(0, k);
    this.someOn.splice(0, k);
    this.fullOn.splice(0, k);
  }
}
