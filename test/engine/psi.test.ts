import {describe, expect, it} from 'vitest';
import {PSI_PERIOD_NS, Psi} from '../../src/engine/psi.ts';

const S = 1_000_000_000;

describe('PSI memory pressure', () => {
  it('some counts time with a stalled task, full only while no task is productive', () => {
    const psi = new Psi();
    psi.setState(0, 1, 1); // one stalled, one productive: some
    psi.setState(S / 2, 2, 0); // everyone stalled: some and full
    psi.setState(S, 0, 3);
    expect(psi.totalsAt(2 * S)).toEqual({someNs: S, fullNs: S / 2});
  });

  it('averages every 2 s with the kernel decay factors', () => {
    const psi = new Psi();
    psi.setState(0, 1, 0); // stalled for 1 s of the 2 s period: a 50% sample, some and full
    psi.setState(S, 0, 1);
    psi.updateAverages(PSI_PERIOD_NS);
    expect(psi.some.avg10).toBeCloseTo(50 * (1 - Math.exp(-2 / 10)), 9);
    expect(psi.some.avg60).toBeCloseTo(50 * (1 - Math.exp(-2 / 60)), 9);
    expect(psi.full.avg300).toBeCloseTo(50 * (1 - Math.exp(-2 / 300)), 9);
    // A quiet period decays them.
    psi.updateAverages(2 * PSI_PERIOD_NS);
    expect(psi.some.avg10).toBeCloseTo(50 * (1 - Math.exp(-2 / 10)) * Math.exp(-2 / 10), 9);
    expect(psi.someAvg10Max).toBeCloseTo(50 * (1 - Math.exp(-2 / 10)), 9);
  });
});
