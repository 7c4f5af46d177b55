import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {memoPanel, sameData} from '../../components/memo.ts';
import {makeTheme} from '../../components/theme.ts';

/** Plain data as snapshots hold it: numbers (NaN, -0), strings, null, arrays, objects, Maps, Sets. */
const data = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.double(), fc.integer(), fc.string({maxLength: 3}), fc.constant(null), fc.constant(undefined), fc.boolean()),
  node: fc.oneof({depthSize: 'small'}, tie('leaf'), fc.array(tie('node'), {maxLength: 3}), fc.dictionary(fc.string({maxLength: 2}), tie('node'), {maxKeys: 3, noNullPrototype: true}), fc.array(fc.tuple(fc.integer({min: 0, max: 3}), tie('node')), {maxLength: 3}).map((e) => new Map(e)), fc.array(fc.integer({min: 0, max: 5}), {maxLength: 3}).map((e) => new Set(e))),
})).node;

describe('sameData', () => {
  it('holds for a value and its deep copy, and agrees with a comparison of their serializations', () => {
    fc.assert(fc.property(data, (x) => sameData(x, structuredClone(x))));
    // Maps and Sets serialized by their entries in order (equal data built alike has equal order).
    const ser = (x: unknown): string =>
      JSON.stringify(x, (_k, v: unknown) => {
        if (v instanceof Map) return {map: [...v.entries()]};
        if (v instanceof Set) return {set: [...v.values()].sort()};
        if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v;
        if (v === undefined) return 'undefined';
        return v;
      });
    fc.assert(fc.property(data, data, (a, b) => !sameData(a, b) || ser(a) === ser(b)));
  });

  it('tells apart what differs anywhere', () => {
    expect(sameData({a: [1, {b: 2}]}, {a: [1, {b: 3}]})).toBe(false);
    expect(sameData({a: 1}, {a: 1, b: undefined})).toBe(false);
    expect(sameData([1, 2], {0: 1, 1: 2})).toBe(false);
    expect(sameData(new Map([[1, {x: 1}]]), new Map([[1, {x: 2}]]))).toBe(false);
    expect(sameData(new Set([1]), new Set([2]))).toBe(false);
    expect(sameData(0, -0)).toBe(false);
    expect(sameData(NaN, NaN)).toBe(true);
    expect(sameData(() => 1, () => 1)).toBe(false);
  });
});

describe('memoPanel', () => {
  it('gives what the panel gives, calling it again only for props it has not just seen', () => {
    const theme = makeTheme(true);
    fc.assert(
      fc.property(fc.array(fc.record({n: fc.integer({min: 0, max: 3}), side: fc.constantFrom('A', 'B')}), {maxLength: 30}), (calls) => {
        let painted = 0;
        const panel = memoPanel((p: {readonly n: number; readonly side: string}) => {
          painted++;
          return [`${p.side}${p.n}`];
        });
        let fresh = 0;
        const seen: string[] = [];
        for (const c of calls) {
          const key = `${c.side}${c.n}`;
          if (!seen.slice(0, 2).includes(key)) fresh++;
          const i = seen.indexOf(key);
          if (i >= 0) seen.splice(i, 1);
          seen.unshift(key);
          expect(panel({...c}, theme)).toEqual([key]);
        }
        expect(painted).toBe(fresh);
      }),
    );
  });
});
