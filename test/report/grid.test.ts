/** The sweep grid: value lists and ranges, the canonical point order, and shards that partition it. */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {gridSize, parseParam, parseSeeds, parseShard, parseValues, pointAt, shardIndices, type Grid} from '../../src/report/grid.ts';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

describe('parseValues', () => {
  it('reads lists, ranges and stepped ranges, exactly', () => {
    expect(parseValues('x', '8,16,32')).toEqual([8, 16, 32]);
    expect(parseValues('x', '1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseValues('x', '0..100:25')).toEqual([0, 25, 50, 75, 100]);
    expect(parseValues('x', '0..0.3:0.1')).toEqual([0, 0.1, 0.2, 0.3]);
    expect(parseValues('x', '2, 8..32:8 ,64')).toEqual([2, 8, 16, 24, 32, 64]);
    expect(parseValues('x', '7..7')).toEqual([7]);
  });

  it('refuses empty, malformed and backward ranges in one line naming the problem', () => {
    expect(message(() => parseValues('--param a', ''))).toBe("--param a: no values; expected e.g. 8,16,32 or 1..5 or 0..100:20");
    expect(message(() => parseValues('--param a', '1,,2'))).toMatch(/empty item/);
    expect(message(() => parseValues('--param a', '1..'))).toMatch(/'1\.\.' is missing a number/);
    expect(message(() => parseValues('--param a', '..5'))).toMatch(/missing a number/);
    expect(message(() => parseValues('--param a', '5..1'))).toMatch(/runs backwards/);
    expect(message(() => parseValues('--param a', '1..5:0'))).toMatch(/step .* must be positive/);
    expect(message(() => parseValues('--param a', '1..5:1:2'))).toMatch(/malformed range/);
    expect(message(() => parseValues('--param a', 'abc'))).toBe("--param a: 'abc' is not a number");
    expect(message(() => parseValues('--param a', '1,2,1'))).toBe('--param a: 1 appears twice');
    expect(message(() => parseValues('--param a', '0..1e9'))).toMatch(/has 1000000001 values, more than 100000/);
  });

  it('reads --param, --seeds and --shard', () => {
    expect(parseParam('maxCacheEntries=8,32')).toEqual({name: 'maxCacheEntries', values: [8, 32]});
    expect(message(() => parseParam('8,32'))).toMatch(/expected NAME=VALUES/);
    expect(parseSeeds('1..3')).toEqual([1, 2, 3]);
    expect(message(() => parseSeeds('1.5'))).toBe('--seeds: 1.5 is not an integer');
    expect(message(() => parseSeeds('-1'))).toMatch(/not a seed/);
    expect(parseShard('2/5')).toEqual({k: 2, n: 5});
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0']) expect(message(() => parseShard(bad))).toMatch(/expected K\/N with 1 ≤ K ≤ N/);
  });
});

describe('the grid', () => {
  const grid: Grid = {params: [{name: 'a', values: [1, 2]}, {name: 'b', values: [10, 20, 30]}], policies: ['sync', 'gather'], seeds: [1, 2]};

  it('orders points with the first parameter slowest and the seed fastest', () => {
    expect(gridSize(grid)).toBe(24);
    expect(pointAt(grid, 0)).toEqual({index: 0, params: {a: 1, b: 10}, policy: 'sync', seed: 1});
    expect(pointAt(grid, 1)).toEqual({index: 1, params: {a: 1, b: 10}, policy: 'sync', seed: 2});
    expect(pointAt(grid, 2)).toEqual({index: 2, params: {a: 1, b: 10}, policy: 'gather', seed: 1});
    expect(pointAt(grid, 4)).toEqual({index: 4, params: {a: 1, b: 20}, policy: 'sync', seed: 1});
    expect(pointAt(grid, 23)).toEqual({index: 23, params: {a: 2, b: 30}, policy: 'gather', seed: 2});
    const keys = new Set(Array.from({length: 24}, (_, i) => JSON.stringify({...pointAt(grid, i), index: 0})));
    expect(keys.size).toBe(24);
  });

  it('shards partition the grid exactly: no point twice, none missing', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 500}), fc.integer({min: 1, max: 40}), (size, n) => {
        const all = Array.from({length: n}, (_, k) => shardIndices(size, {k: k + 1, n})).flat();
        expect(all.sort((x, y) => x - y)).toEqual(Array.from({length: size}, (_, i) => i));
      }),
    );
    expect(shardIndices(7, null)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(shardIndices(7, {k: 2, n: 3})).toEqual([1, 4]);
  });
});
