/**
 * The page cache's file LRUs as counts (page-cache.ts): a touch activates inactive hits and finds
 * refaults only where shadow entries are, eviction takes the oldest inactive pages first and leaves
 * shadows, shrink_active_list refills a low inactive list from the least recently touched groups,
 * and the integer split never loses or invents a page.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {PageCache} from '../../src/workload/android/page-cache.ts';
import {share} from '../../src/workload/android/share.ts';

const S = 1_000_000_000;

function cache(): PageCache {
  return new PageCache({system: 1000, camera: 400});
}

describe('PageCache', () => {
  it('a touch of a resident group activates its inactive hits and reads nothing', () => {
    const pc = cache();
    pc.preload('system', 600, 400, 0, 0);
    const r = pc.touch('system', 100, 1 * S);
    expect(r).toEqual({hits: 100, refaults: 0, reads: 0});
    // 40% of the set is inactive: 40 of the 100 touches were inactive hits, now active.
    expect(pc.active[0]).toBe(640);
    expect(pc.inactive[0]).toBe(360);
    expect(pc.workingsetRefault).toBe(0);
  });

  it('misses are refaults where shadow entries are, first reads elsewhere; add() counts the refaults', () => {
    const pc = cache();
    // 400 resident, 300 evicted earlier (shadows), 300 never read.
    pc.preload('system', 400, 0, 300, 0);
    const r = pc.touch('system', 500, S);
    // 60% of the touches miss: 300 pages, half of them shadowed.
    expect(r).toEqual({hits: 200, refaults: 150, reads: 150});
    expect(pc.shadows[0]).toBe(150);
    pc.add('system', r.refaults, true, S);
    pc.add('system', r.reads, false, S);
    expect(pc.workingsetRefault).toBe(150);
    expect(pc.active[0]).toBe(550);
    expect(pc.inactive[0]).toBe(150);
  });

  it('a sequential reader reads each missing page of its files once', () => {
    const pc = cache();
    pc.preload('camera', 0, 100, 300, 0);
    let read = 0;
    let refaults = 0;
    for (let i = 0; i < 8; i++) {
      const r = pc.touch('camera', 50, S, i * 50);
      pc.add('camera', r.refaults, true, S);
      refaults += r.refaults;
      read += r.refaults + r.reads;
    }
    expect(read).toBe(300);
    expect(refaults).toBe(300);
    expect(pc.residentOf('camera')).toBe(400);
  });

  it('evicts the oldest inactive pages first and leaves shadow entries for groups read again', () => {
    const pc = cache();
    pc.preload('camera', 0, 200, 0, -10 * S);
    pc.preload('stream', 0, 300, 0, -5 * S);
    pc.preload('system', 500, 0, 0, 0);
    expect(pc.oldestInactiveNs()).toBe(-10 * S);
    expect(pc.evict(250, S)).toBe(250);
    expect(pc.residentOf('camera')).toBe(0);
    expect(pc.shadows[1]).toBe(200);
    expect(pc.inactive[3]).toBe(250);
    // Data read once leaves no shadow worth counting: a read of it is never a refault.
    expect(pc.shadows[3]).toBe(0);
    expect(pc.evicted).toBe(250);
  });

  it('refills a low inactive list from the active one, least recently touched groups first', () => {
    const pc = cache();
    pc.preload('system', 800, 0, 0, 0);
    pc.preload('camera', 300, 0, 0, 0);
    pc.touch('system', 1, 10 * S);
    pc.touch('camera', 1, 2 * S);
    expect(pc.inactiveLow()).toBe(true);
    // Nothing inactive: evicting 100 pages first deactivates until the lists are balanced (ratio 1
    // below 1 GB: 550 of 1100), the camera's pages (touched 8 s ago) all, the system's the rest.
    expect(pc.evict(100, 10 * S)).toBe(100);
    expect(pc.pgrefill).toBe(550);
    expect(pc.active).toEqual([550, 0, 0, 0]);
    expect(pc.inactivePages).toBe(450);
    expect(pc.residentOf('system') + pc.residentOf('camera')).toBe(1000);
  });

  it('addOld puts unmapped pages at the tail: they go first', () => {
    const pc = cache();
    pc.preload('stream', 0, 100, 0, 0);
    pc.addOld('apps', 50);
    expect(pc.evict(50, S)).toBe(50);
    expect(pc.inactive[2]).toBe(0);
    expect(pc.inactive[3]).toBe(100);
  });
});

describe('share', () => {
  it('splits n over the weights in integers, in proportion, never more than a weight', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({max: 10_000}), {minLength: 1, maxLength: 6}), fc.nat({max: 50_000}), (weights, n) => {
        const parts = share(weights, n);
        const total = weights.reduce((a, b) => a + b, 0);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(Math.min(n, total));
        parts.forEach((p, i) => {
          expect(Number.isInteger(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(weights[i]!);
          if (total > 0 && n <= total) expect(Math.abs(p - (n * weights[i]!) / total)).toBeLessThan(1 + 1e-9);
        });
      }),
    );
  });
});
