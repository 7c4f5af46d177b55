import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {fixed, int} from '../../src/report/format-number.ts';

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

describe('fixed', () => {
  const icuFixed = (n: number, d: number): string => n.toLocaleString('en-US', {minimumFractionDigits: d, maximumFractionDigits: d});

  it('writes what toLocaleString writes with that many decimals', () => {
    for (const d of [1, 2]) for (const n of [0, -0, 0.04, -0.04, 1.5, 999.95, 1234.5, -98765.43, 1e6 + 0.1]) expect(fixed(n, d)).toBe(icuFixed(n, d));
  });

  it('agrees with toLocaleString on doubles a table shows', () => {
    fc.assert(
      fc.property(fc.double({min: -1e9, max: 1e9, noNaN: true}), fc.integer({min: 1, max: 3}), (n, d) => {
        expect(fixed(n, d)).toBe(icuFixed(n, d));
      }),
      {numRuns: 2000},
    );
  });
});
