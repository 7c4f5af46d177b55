import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {STREAMS, createStreams, type StreamName} from '../../src/engine/rng.ts';

const draws = (seed: number, name: StreamName, n: number): number[] => {
  const s = createStreams(seed)[name];
  return Array.from({length: n}, () => s.float());
};

describe('seeded streams', () => {
  it('same seed, same sequence, in every stream', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 2 ** 31 - 1}), fc.constantFrom(...STREAMS), (seed, name) => {
        expect(draws(seed, name, 20)).toEqual(draws(seed, name, 20));
      }),
      {numRuns: 30, seed: 2},
    );
  });

  it('drawing from one stream does not change another', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 2 ** 31 - 1}), fc.integer({min: 1, max: 50}), (seed, n) => {
        const untouched = createStreams(seed);
        const busy = createStreams(seed);
        for (let i = 0; i < n; i++) {
          busy.alloc.float();
          busy.layout.between(-1, 1);
          busy.apps.exp(3);
        }
        for (const name of ['kills', 'lmkd', 'kswapd', 'user'] as const) {
          expect(Array.from({length: 10}, () => busy[name].float())).toEqual(Array.from({length: 10}, () => untouched[name].float()));
        }
      }),
      {numRuns: 20, seed: 3},
    );
  });

  it('streams differ from each other and between seeds', () => {
    const firsts = STREAMS.map((name) => draws(42, name, 4).join());
    expect(new Set(firsts).size).toBe(STREAMS.length);
    expect(draws(1, 'kills', 8)).not.toEqual(draws(2, 'kills', 8));
  });

  it('draws stay in their ranges', () => {
    const r = createStreams(9).apps;
    for (let i = 0; i < 1000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
      const k = r.int(3, 5);
      expect([3, 4, 5]).toContain(k);
      const b = r.between(-0.25, 0.25);
      expect(b >= -0.25 && b < 0.25).toBe(true);
      expect(r.exp(10)).toBeGreaterThanOrEqual(0);
    }
  });

  it('chance(0) and chance(1) draw nothing, so a disabled knob does not shift the stream', () => {
    const r = createStreams(5).alloc;
    const before = r.getState();
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    expect(r.getState()).toEqual(before);
    r.chance(0.5);
    expect(r.getState()).not.toEqual(before);
  });

  it('chance(p) comes true about p of the time', () => {
    const r = createStreams(11).alloc;
    let n = 0;
    for (let i = 0; i < 10_000; i++) if (r.chance(0.3)) n++;
    expect(n).toBeGreaterThan(2_800);
    expect(n).toBeLessThan(3_200);
  });
});
