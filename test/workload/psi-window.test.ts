import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {PsiWindow} from '../../src/workload/android/psi-window.ts';

/**
 * The window as it was first written: every call rescans from the oldest record and `at` walks back
 * from the newest. PsiWindow must answer exactly as it does, for any time asked.
 */
class Reference {
  private readonly recs: {t: number; some: number; full: number; someOn: boolean; fullOn: boolean}[] = [];

  record(t: number, some: number, full: number, someOn: boolean, fullOn: boolean): void {
    const last = this.recs.at(-1);
    if (last && last.t === t) Object.assign(last, {some, full, someOn, fullOn});
    else this.recs.push({t, some, full, someOn, fullOn});
    let drop = 0;
    while (drop + 1 < this.recs.length && this.recs[drop + 1]!.t <= t - 2_000_000_000) drop++;
    if (drop > 64) this.recs.splice(0, drop);
  }

  at(t: number): {someNs: number; fullNs: number} {
    let i = this.recs.length - 1;
    while (i > 0 && this.recs[i]!.t > t) i--;
    const r = this.recs[i];
    if (!r || r.t > t) return {someNs: 0, fullNs: 0};
    const dt = t - r.t;
    return {someNs: r.some + (r.someOn ? dt : 0), fullNs: r.full + (r.fullOn ? dt : 0)};
  }
}

describe('PsiWindow', () => {
  it('interpolates between records and measures a window’s growth', () => {
    const w = new PsiWindow();
    w.record(1_000, 0, 0, true, false);
    w.record(1_500, 500, 0, true, true);
    w.record(2_000, 1_000, 500, false, false);
    expect(w.at(999)).toEqual({someNs: 0, fullNs: 0});
    expect(w.at(1_200)).toEqual({someNs: 200, fullNs: 0});
    expect(w.at(1_700)).toEqual({someNs: 700, fullNs: 200});
    expect(w.at(5_000)).toEqual({someNs: 1_000, fullNs: 500});
    expect(w.growth(1_800, 600)).toEqual({someNs: 600, fullNs: 300});
  });

  it('answers as the rescanning window does, for any time, over long histories', () => {
    const step = fc.record({
      dt: fc.oneof(fc.constant(0), fc.integer({min: 1, max: 20_000_000}), fc.integer({min: 1, max: 900_000_000})),
      someOn: fc.boolean(),
      fullOn: fc.boolean(),
      back: fc.oneof(fc.integer({min: 0, max: 2_000_000_000}), fc.integer({min: 0, max: 60_000_000_000})),
    });
    fc.assert(
      fc.property(fc.array(step, {minLength: 1, maxLength: 3_000, size: 'max'}), (steps) => {
        const w = new PsiWindow();
        const ref = new Reference();
        let t = 0;
        let some = 0;
        let full = 0;
        let on = [false, false];
        for (const s of steps) {
          t += s.dt;
          if (on[0]) some += s.dt;
          if (on[1]) full += s.dt;
          on = [s.someOn, s.someOn && s.fullOn];
          w.record(t, some, full, on[0]!, on[1]!);
          ref.record(t, some, full, on[0]!, on[1]!);
          const q = t - s.back;
          expect(w.at(q)).toEqual(ref.at(q));
          expect(w.growth(t, 1_000_000_000)).toEqual({someNs: ref.at(t).someNs - ref.at(t - 1_000_000_000).someNs, fullNs: ref.at(t).fullNs - ref.at(t - 1_000_000_000).fullNs});
        }
      }),
      {numRuns: 40},
    );
  });
});
