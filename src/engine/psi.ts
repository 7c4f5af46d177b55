/**
 * Memory pressure stall information, the kernel way (kernel/sched/psi.c): `some` is time during
 * which at least one task stalls on memory, `full` time during which every non-idle task does.
 * avg10/avg60/avg300 are updated every 2 s: avg = avg·e + sample·(1 − e), e = exp(−2/window),
 * sample = the share of the period spent stalled, in percent; `total` is cumulative microseconds.
 * This model aggregates the whole system rather than per CPU.
 */
import {DOUBLE_ZERO} from './units.ts';

export const PSI_PERIOD_NS = 2_000_000_000;
const EXP = [Math.exp(-2 / 10), Math.exp(-2 / 60), Math.exp(-2 / 300)] as const;

export interface PsiAverages {
  avg10: number;
  avg60: number;
  avg300: number;
}

export class Psi {
  someNs = DOUBLE_ZERO;
  fullNs = DOUBLE_ZERO;
  readonly some: PsiAverages = {avg10: DOUBLE_ZERO, avg60: DOUBLE_ZERO, avg300: DOUBLE_ZERO};
  readonly full: PsiAverages = {avg10: DOUBLE_ZERO, avg60: DOUBLE_ZERO, avg300: DOUBLE_ZERO};
  someAvg10Max = DOUBLE_ZERO;
  fullAvg10Max = DOUBLE_ZERO;
  private stalled = 0;
  private productive = 0;
  private lastNs = DOUBLE_ZERO;
  private periodSomeStart = DOUBLE_ZERO;
  private periodFullStart = DOUBLE_ZERO;

  /** Tasks stalled on memory and non-idle tasks that are not stalled, from now on. */
  setState(nowNs: number, stalled: number, productive: number): void {
    this.accrue(nowNs);
    this.stalled = stalled;
    this.productive = productive;
  }

  get stalledTasks(): number {
    return this.stalled;
  }

  /** The 2-second averaging update (psi_avgs_work → calc_avgs). */
  updateAverages(nowNs: number): void {
    this.accrue(nowNs);
    const someSample = (100 * (this.someNs - this.periodSomeStart)) / PSI_PERIOD_NS;
    const fullSample = (100 * (this.fullNs - this.periodFullStart)) / PSI_PERIOD_NS;
    this.periodSomeStart = this.someNs;
    this.periodFullStart = this.fullNs;
    decay(this.some, Math.min(100, someSample));
    decay(this.full, Math.min(100, fullSample));
    this.someAvg10Max = Math.max(this.someAvg10Max, this.some.avg10);
    this.fullAvg10Max = Math.max(this.fullAvg10Max, this.full.avg10);
  }

  private accrue(nowNs: number): void {
    const dt = nowNs - this.lastNs;
    if (dt > 0 && this.stalled > 0) {
      this.someNs += dt;
      if (this.productive === 0) this.fullNs += dt;
    }
    this.lastNs = nowNs;
  }

  /** Cumulative totals up to now, without changing state. */
  totalsAt(nowNs: number): {someNs: number; fullNs: number} {
    const dt = Math.max(0, nowNs - this.lastNs);
    const s = this.stalled > 0 ? dt : 0;
    return {someNs: this.someNs + s, fullNs: this.fullNs + (this.productive === 0 ? s : 0)};
  }
}

function decay(avg: PsiAverages, sample: number): void {
  avg.avg10 = avg.avg10 * EXP[0] + sample * (1 - EXP[0]);
  avg.avg60 = avg.avg60 * EXP[1] + sample * (1 - EXP[1]);
  avg.avg300 = avg.avg300 * EXP[2] + sample * (1 - EXP[2]);
}
