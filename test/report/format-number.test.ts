import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {int} from '../../src/report/format-number.ts';

const icu = (n: number): string => Math.round(n).toLocaleString('en-US');

describe('int', () => {
  it('writes what toLocaleString writes', () => {
    for (const n of [0, -0, -0.4, 0.5, -0.5, 1, 999, 1000, -1000, 12_345.6, 999_999.5, 1e6, -1234567, 2 ** 53, 1e20, 1e21, -1e22, NaN, Infinity, -Infinity]) {
      expect(int(n)).toBe(icu(n));
    }
  });

  it('agrees with toLocaleString on any double', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({min: -2_000_000_000, max: 2_000_000_000}), fc.double(), fc.double({min: -1e7, max: 1e7})), (n) => {
        expect(int(n)).toBe(icu(n));
      }),
      {numRuns: 2000},
    );
  });
});
