import {describe, expect, it} from 'vitest';
import {percentile, percentiles} from '../../src/engine/stats.ts';

describe('percentile (nearest rank)', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('picks the ceil(p·n)-th value', () => {
    expect([0, 10, 50, 51, 90, 95, 99, 100].map((p) => percentile(ten, p))).toEqual([1, 1, 5, 6, 9, 10, 10, 10]);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('percentiles sorts a copy, rounds to 0.001 and gives zeros for nothing', () => {
    const sample = [3.00049, 1, 2.0004, 100.1234];
    expect(percentiles(sample)).toEqual({p50: 2, p95: 100.123, p99: 100.123, max: 100.123});
    expect(sample[0]).toBe(3.00049);
    expect(percentiles([])).toEqual({p50: 0, p95: 0, p99: 0, max: 0});
  });
});
