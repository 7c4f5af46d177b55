/**
 * Memory pressure in the Android world: PSI averages follow the kernel's 2 s update rule on a
 * constructed stall pattern, the 1 s trigger window measures exactly, kswapd runs from the low to
 * just past the high watermark and never beyond the share an app has aged to.
 */
import {describe, expect, it} from 'vitest';
import {AGING_CURVE, agedShare} from '../../src/workload/android/apps.ts';
import {MB_PAGES, MS, S, quietWorld} from './helpers.ts';

describe('PSI from the world\'s stalls', () => {
  it('updates avg10/60/300 every 2 s the kernel way: avg = avg·e^(−2/w) + sample·(1 − e^(−2/w))', () => {
    const {engine, world} = quietWorld();
    world.quiesce(); // no kills: every task that is not stalled is idle, so `full` = `some`
    // Stalled 0.5–1.0 s of every 2 s period: each period's sample is 25%.
    for (let k = 0; k < 5; k++) {
      engine.runUntil(2 * k * S + 500 * MS);
      world.mem.setStalled(1);
      engine.runUntil(2 * k * S + 1000 * MS);
      world.mem.setStalled(0);
    }
    engine.runUntil(10 * S);
    const expected = (window: number): number => 25 * (1 - Math.exp((-2 / window) * 5));
    const psi = engine.psi;
    expect(psi.some.avg10).toBeCloseTo(expected(10), 9);
    expect(psi.some.avg60).toBeCloseTo(expected(60), 9);
    expect(psi.some.avg300).toBeCloseTo(expected(300), 9);
    expect(psi.full.avg10).toBeCloseTo(expected(10), 9);
    expect(psi.totalsAt(engine.nowNs)).toEqual({someNs: 2500 * MS, fullNs: 2500 * MS});
    // And one more quiet period decays avg10 by e^(−0.2).
    engine.runUntil(12 * S);
    expect(psi.some.avg10).toBeCloseTo(expected(10) * Math.exp(-0.2), 9);
  });

  it('measures stall time within the trailing 1 s window exactly', () => {
    const {engine, world} = quietWorld();
    world.quiesce();
    engine.runUntil(500 * MS);
    world.mem.setStalled(1);
    engine.runUntil(1000 * MS);
    world.mem.setStalled(2);
    engine.runUntil(1100 * MS);
    world.mem.setStalled(0);
    const w = world.mem.window;
    expect(w.growth(1000 * MS, S).someNs).toBe(500 * MS);
    expect(w.growth(1100 * MS, S).someNs).toBe(600 * MS);
    expect(w.growth(1700 * MS, S).someNs).toBe(400 * MS);
    expect(w.growth(2200 * MS, S).someNs).toBe(0);
  });
});

describe('kswapd', () => {
  it('wakes below the low watermark and stops just past the high one', () => {
    const {engine, world} = quietWorld();
    const reclaimable = world.mem.room(1 << 30);
    expect(reclaimable).toBeGreaterThan(100 * MB_PAGES);
    engine.freePages -= engine.freePages - engine.lowPages + 10 * MB_PAGES;
    const zramBefore = engine.zramPages;
    world.kswapd.wake();
    expect(world.kswapd.active).toBe(true);
    engine.runUntil(5 * S);
    expect(world.kswapd.active).toBe(false);
    expect(engine.freePages).toBeGreaterThan(engine.highPages);
    // It checks the watermark after each chunk: it overshoots by less than one chunk's worth.
    expect(engine.freePages - engine.highPages).toBeLessThanOrEqual(Math.ceil(world.kswapdChunkPages * world.mem.netPerPage) + 1);
    expect(engine.zramPages).toBeGreaterThan(zramBefore);
    expect(world.kswapd.wakeups).toBe(1);
  });

  it('does not wake above the low watermark, and gives up when nothing is left to reclaim', () => {
    const {engine, world} = quietWorld();
    engine.freePages -= engine.freePages - engine.lowPages - MB_PAGES;
    world.kswapd.wake();
    expect(world.kswapd.active).toBe(false);
    // The zram disk is full: nothing can be swapped.
    const full = quietWorld({set: {zramDiskMB: 1024}});
    full.engine.freePages -= full.engine.freePages - full.engine.lowPages + MB_PAGES;
    full.world.kswapd.wake();
    expect(full.world.kswapd.active).toBe(false);
    expect(full.world.kswapd.failures).toBe(1);
  });

  it('takes an app no further than the share of its anon it has aged to (31% → 57% → 64% → 65%)', () => {
    expect(AGING_CURVE.map(([s]) => agedShare(s * S))).toEqual([0.31, 0.57, 0.64, 0.65]);
    expect(agedShare(30 * 60 * S)).toBe(0.65);
    const {engine, world} = quietWorld();
    engine.freePages -= engine.freePages - engine.lowPages + 10 * MB_PAGES;
    // Far more than the apps' aged room: kswapd reclaims all of it and stops there.
    for (let i = 0; i < 50; i++) {
      if (engine.freePages >= engine.lowPages) engine.freePages -= engine.freePages - engine.lowPages + 50 * MB_PAGES;
      world.kswapd.wake();
      engine.runUntil(engine.nowNs + S);
    }
    // Only what the apps aged into during the last second is left.
    expect(world.mem.room(1 << 30)).toBeLessThan(MB_PAGES);
    for (const app of world.lru) {
      const share = app.proc!.mm.swapents / app.anonPages;
      expect(share).toBeLessThanOrEqual(agedShare(engine.nowNs - app.bgSinceNs) + 1e-9);
    }
  });
});
