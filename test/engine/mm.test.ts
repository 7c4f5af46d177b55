import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {PTRS_PER_PTE, createMm, runSize, runsFor, swapOut} from '../../src/engine/mm.ts';
import {createStreams} from '../../src/engine/rng.ts';

const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0);

describe('createMm', () => {
  it('lays out exactly the pages asked for, in tables of at most 512, runs never more than entries', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 0, max: 150_000}),
        fc.integer({min: 0, max: 150_000}),
        fc.integer({min: 1, max: 600}),
        fc.option(fc.integer({min: 0, max: 1000}), {nil: null}),
        (presentPages, swapEntries, meanRunEntries, seed) => {
          const mm = createMm({presentPages, swapEntries, meanRunEntries}, seed === null ? null : createStreams(seed).layout);
          expect(sum(mm.present)).toBe(presentPages);
          expect(sum(mm.swap)).toBe(swapEntries);
          expect(mm.swapents).toBe(swapEntries);
          expect(mm.rss).toBe(presentPages);
          expect(mm.present.length).toBe(Math.max(1, Math.ceil((presentPages + swapEntries) / PTRS_PER_PTE)));
          for (let i = 0; i < mm.present.length; i++) {
            const s = mm.swap[i]!;
            const r = mm.runs[i]!;
            expect(mm.present[i]! + s).toBeLessThanOrEqual(PTRS_PER_PTE);
            expect(r).toBeLessThanOrEqual(s);
            expect(r > 0).toBe(s > 0);
          }
          expect(mm.next).toBe(0);
        },
      ),
      {numRuns: 60, seed: 4},
    );
  });

  it('a fully swapped region without an rng is one 512-entry run per table', () => {
    const mm = createMm({presentPages: 0, swapEntries: 5 * 512, meanRunEntries: 512}, null);
    expect(Array.from(mm.swap)).toEqual([512, 512, 512, 512, 512]);
    expect(Array.from(mm.runs)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(mm.present)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('runs', () => {
  it('runsFor rounds entries / mean, at least 1, at most one per entry', () => {
    expect(runsFor(0, 16)).toBe(0);
    expect(runsFor(512, 16)).toBe(32);
    expect(runsFor(10, 16)).toBe(1);
    expect(runsFor(3, 1)).toBe(3);
    expect(runsFor(512, 0)).toBe(512);
  });

  it('runSize splits a table evenly and the sizes add up', () => {
    fc.assert(
      fc.property(fc.integer({min: 1, max: 512}), fc.integer({min: 1, max: 512}), (swap, want) => {
        const runs = Math.min(swap, want);
        const sizes = Array.from({length: runs}, (_, j) => runSize(swap, runs, j));
        expect(sum(sizes)).toBe(swap);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
      }),
      {numRuns: 100, seed: 5},
    );
    expect([0, 1, 2].map((j) => runSize(10, 3, j))).toEqual([4, 3, 3]);
  });
});

describe('swapOut', () => {
  it('moves resident pages to swap, coldest tables first, and keeps the totals', () => {
    const mm = createMm({presentPages: 1000, swapEntries: 24, meanRunEntries: 16}, null);
    const present = sum(mm.present);
    expect(swapOut(mm, 600, 16)).toBe(600);
    expect(sum(mm.present)).toBe(present - 600);
    expect(sum(mm.swap)).toBe(624);
    expect(mm.swapents).toBe(624);
    expect(mm.rss).toBe(400);
    expect(mm.present[0]).toBe(0);
    // Only what is resident can go.
    expect(swapOut(mm, 10_000, 16)).toBe(400);
    expect(mm.rss).toBe(0);
    for (let i = 0; i < mm.swap.length; i++) expect(mm.runs[i]).toBe(runsFor(mm.swap[i]!, 16));
  });
});
