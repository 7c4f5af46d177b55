/**
 * The inactive file list's bucket queue (inactive-list.ts, a ring of typed arrays with per-group
 * slot lists) must behave exactly as the plain list of bucket objects it replaced, which this file
 * keeps as the reference: same evictions, same per-group counts, same shadows, after any sequence
 * of insertions, cold insertions, touches and evictions.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {InactiveList} from '../../src/workload/android/inactive-list.ts';
import {share} from '../../src/workload/android/share.ts';

const G = 4;
const BUCKET_NS = 250_000_000;
const MAX_BUCKETS = 48;
const SHADOWED = [true, true, true, false];

interface Bucket {
  tNs: number;
  pages: number[];
  total: number;
}

/** The buckets as first written: one object per bucket, oldest first. */
class Reference {
  readonly perGroup = new Array<number>(G).fill(0);
  private buckets: Bucket[] = [];

  oldestNs(): number {
    return this.buckets[0]?.tNs ?? Infinity;
  }

  push(i: number, n: number, nowNs: number): void {
    let b = this.buckets.at(-1);
    if (!b || nowNs - b.tNs >= BUCKET_NS) {
      b = {tNs: nowNs, pages: new Array<number>(G).fill(0), total: 0};
      this.buckets.push(b);
      if (this.buckets.length > MAX_BUCKETS) {
        const [x, y] = this.buckets as [Bucket, Bucket];
        for (let g = 0; g < G; g++) x.pages[g]! += y.pages[g]!;
        x.total += y.total;
        this.buckets.splice(1, 1);
      }
    }
    b.pages[i]! += n;
    b.total += n;
    this.perGroup[i]! += n;
  }

  pushOld(i: number, n: number): void {
    let b = this.buckets[0];
    if (!b || b.tNs !== -Infinity) {
      b = {tNs: -Infinity, pages: new Array<number>(G).fill(0), total: 0};
      this.buckets.unshift(b);
    }
    b.pages[i]! += n;
    b.total += n;
    this.perGroup[i]! += n;
  }

  evict(pages: number, olderThanNs: number, shadows: number[]): number {
    let left = pages;
    while (left > 0 && this.buckets.length > 0 && this.buckets[0]!.tNs < olderThanNs) {
      const b = this.buckets[0]!;
      const take = Math.min(left, b.total);
      const parts = share(b.pages, take);
      for (let i = 0; i < G; i++) {
        b.pages[i]! -= parts[i]!;
        this.perGroup[i]! -= parts[i]!;
        if (SHADOWED[i]) shadows[i]! += parts[i]!;
      }
      b.total -= take;
      left -= take;
      if (b.total === 0) this.buckets.shift();
    }
    return pages - left;
  }

  remove(i: number, n: number): void {
    const have = this.perGroup[i]!;
    let left = n;
    for (const b of this.buckets) {
      const t = Math.floor((n * b.pages[i]!) / have);
      b.pages[i]! -= t;
      b.total -= t;
      left -= t;
    }
    for (let j = this.buckets.length - 1; j >= 0 && left > 0; j--) {
      const b = this.buckets[j]!;
      const t = Math.min(left, b.pages[i]!);
      b.pages[i]! -= t;
      b.total -= t;
      left -= t;
    }
    this.perGroup[i] = have - n;
    this.buckets = this.buckets.filter((b) => b.total > 0);
  }
}

type Op =
  | {kind: 'push'; group: number; pages: number; gapNs: number}
  | {kind: 'old'; group: number; pages: number}
  | {kind: 'evict'; pages: number; ageNs: number | null}
  | {kind: 'touch'; group: number; share: number};

const op: fc.Arbitrary<Op> = fc.oneof(
  {arbitrary: fc.record({kind: fc.constant('push' as const), group: fc.nat({max: G - 1}), pages: fc.integer({min: 1, max: 500}), gapNs: fc.nat({max: 400_000_000})}), weight: 6},
  {arbitrary: fc.record({kind: fc.constant('old' as const), group: fc.nat({max: G - 1}), pages: fc.integer({min: 1, max: 300})}), weight: 1},
  {arbitrary: fc.record({kind: fc.constant('evict' as const), pages: fc.integer({min: 1, max: 400}), ageNs: fc.option(fc.nat({max: 3_000_000_000}))}), weight: 1},
  {arbitrary: fc.record({kind: fc.constant('touch' as const), group: fc.nat({max: G - 1}), share: fc.double({min: 0, max: 0.3, noNaN: true})}), weight: 3},
);

describe('InactiveList', () => {
  it('evicts, touches and counts exactly as a list of bucket objects', () => {
    fc.assert(
      fc.property(fc.array(op, {minLength: 20, maxLength: 400, size: 'max'}), (ops) => {
        const list = new InactiveList(G);
        const ref = new Reference();
        const shadows = new Array<number>(G).fill(0);
        const refShadows = new Array<number>(G).fill(0);
        let now = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            now += o.gapNs;
            list.push(o.group, o.pages, now);
            ref.push(o.group, o.pages, now);
          } else if (o.kind === 'old') {
            list.pushOld(o.group, o.pages);
            ref.pushOld(o.group, o.pages);
          } else if (o.kind === 'evict') {
            const older = o.ageNs === null ? Infinity : now - o.ageNs;
            expect(list.evict(o.pages, older, shadows, SHADOWED)).toBe(ref.evict(o.pages, older, refShadows));
          } else {
            const n = Math.floor(o.share * ref.perGroup[o.group]!);
            if (n <= 0) continue;
            list.remove(o.group, n);
            ref.remove(o.group, n);
          }
          expect(list.perGroup).toEqual(ref.perGroup);
          expect(list.oldestNs()).toBe(ref.oldestNs());
        }
        expect(shadows).toEqual(refShadows);
        // Drain both: the same pages come out in the same order.
        while (ref.oldestNs() < Infinity) {
          expect(list.evict(97, Infinity, shadows, SHADOWED)).toBe(ref.evict(97, Infinity, refShadows));
          expect(list.perGroup).toEqual(ref.perGroup);
        }
        expect(list.oldestNs()).toBe(Infinity);
      }),
      {numRuns: 100},
    );
  });
});
