/**
 * Memory pressure in the Android world: PSI averages follow the kernel's 2 s update rule on a
 * constructed stall pattern, the 1 s trigger window measures exactly, kswapd runs from the low to
 * just past the high watermark and never beyond the share an app has aged to; direct reclaim retries
 * the free lists after every pass and reaches __alloc_pages_may_oom only after 17 futile passes in
 * a row, where v0 2/2 flushes the gather list (and v0 1/2 alone leaves it parked).
 */
import {describe, expect, it} from 'vitest';
import {AGING_CURVE, agedShare} from '../../src/workload/android/apps.ts';
import type {Actor} from '../../src/workload/android/world.ts';
import {MB_PAGES, MS, S, quietWorld, type WorldRun} from './helpers.ts';

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
  // camera-launch's zram disk is full at the start with seed 1; kswapd needs swap space here.
  const ROOM = {zramDiskMB: 8192};

  it('wakes below the low watermark and stops just past the high one', () => {
    const {engine, world} = quietWorld({set: ROOM});
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
    const {engine, world} = quietWorld({set: ROOM});
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
    const {engine, world} = quietWorld({set: ROOM});
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

/** An allocating task pinned to the prime core (capacity 1.0): its reclaim passes take their nominal time. */
function allocator(run: WorldRun): {actor: Actor; grants: () => number; alloc: (pages: number) => boolean} {
  const {engine, world} = run;
  const prime = engine.sched.count - 1;
  expect(engine.sched.capacityOf(prime)).toBe(1);
  let grants = 0;
  const actor: Actor = {
    thread: engine.sched.createThread('world', 0, 'allocator', 0, [prime]),
    wait: null,
    running: false,
    segmentDone: () => world.sleep(actor),
  };
  world.attach(actor);
  return {actor, grants: () => grants, alloc: (pages) => world.mem.alloc(actor, pages, () => grants++)};
}

/** Free memory down to the min watermark: the next allocation takes the slow path. */
function drainToMin(run: WorldRun): void {
  run.engine.freePages -= run.engine.freePages - run.engine.minPages;
}

describe('direct reclaim and __alloc_pages_may_oom', () => {
  // A 1 GB zram disk is full at the start: direct reclaim has nowhere to put anon pages.
  const FULL = {apps: 6, extraApps: 0, zramDiskMB: 1024};

  it('reaches __alloc_pages_may_oom on the 17th reclaim pass in a row without progress', () => {
    const run = quietWorld({set: FULL});
    const {engine, world} = run;
    world.quiesce(); // no lmkd kill, no OOM kill: nothing returns memory
    expect(world.mem.room(1 << 30, true)).toBe(0);
    drainToMin(run);
    const a = allocator(run);
    const t0 = engine.nowNs;
    expect(a.alloc(256)).toBe(false);
    expect(world.mem.stalled).toBe(1);
    // should_reclaim_retry gives up when no_progress_loops exceeds MAX_RECLAIM_RETRIES (16):
    // 17 futile passes of 4 ms each on a core of capacity 1.0.
    engine.runUntil(t0 + 67 * MS);
    expect(world.mem.oomPathEntries).toBe(0);
    engine.runUntil(t0 + 69 * MS);
    expect(world.mem.oomPathEntries).toBe(1);
    // The OOM path counts as progress: the loop starts over after a jiffy, and fails again.
    engine.runUntil(t0 + 300 * MS);
    expect(world.mem.oomPathEntries).toBe(4);
    expect(a.grants()).toBe(0);
    expect(world.mem.stalled).toBe(1);
  });

  it('retries the free lists after every pass: memory a dying task returns ends the stall', () => {
    const run = quietWorld({set: FULL});
    const {engine, world} = run;
    world.quiesce();
    drainToMin(run);
    const a = allocator(run);
    const t0 = engine.nowNs;
    a.alloc(256);
    engine.runUntil(t0 + 20 * MS);
    expect(a.grants()).toBe(0);
    // An app is killed: its exit frees its resident pages PTE table by PTE table.
    const victim = world.lru.at(-1)!.proc!;
    engine.kill(victim.pid, 'test');
    engine.runUntil(t0 + 40 * MS);
    expect(a.grants()).toBe(1);
    expect(world.mem.stalled).toBe(0);
    expect(world.mem.oomPathEntries).toBe(0);
  });
});

describe('v0 2/2 in the Android world: parked entries keep zram full until the OOM path flushes them', () => {
  /**
   * One app dies under a gather policy with max_cache_entries out of reach, so every run it gathers
   * stays on the list (nothing queues a work); its swap slots and zram memory stay taken. Then the
   * remaining swap space is filled, free memory is at the min watermark, and a task allocates.
   */
  function parkedWorld(policy: 'gather' | 'gather-oom'): {run: WorldRun; victimPid: number; parked: number} {
    const run = quietWorld({policy, set: {apps: 6, extraApps: 0, zramDiskMB: 2048, maxCacheEntries: 1_000_000}});
    const {engine, world} = run;
    world.quiesce();
    const victim = world.lru.map((app) => app.proc!).reduce((a, b) => (b.mm.swapents > a.mm.swapents ? b : a));
    expect(victim.mm.swapents).toBeGreaterThan(20_000);
    engine.kill(victim.pid, 'test');
    engine.runUntil(engine.nowNs + 3 * S);
    expect(victim.state).toBe('dead');
    expect(engine.flushes.threshold).toBe(0);
    expect(engine.workQueued).toBe(0);
    const parked = engine.entriesParked;
    expect(parked).toBeGreaterThan(victim.entriesAtKill - 4_000);
    // The exit's synchronous tail freed some swap: direct reclaim fills it, then there is no room.
    world.mem.reclaim(world.mem.room(1 << 30, true), true);
    expect(world.mem.room(1 << 30, true)).toBe(0);
    expect(engine.zramPages).toBe(engine.swapTotalPages);
    drainToMin(run);
    return {run, victimPid: victim.pid, parked};
  }

  it('gather-oom: the first __alloc_pages_may_oom queues a flush; the freed slots and zram let the allocation through', () => {
    const {run, victimPid} = parkedWorld('gather-oom');
    const {engine, world} = run;
    const a = allocator(run);
    const t0 = engine.nowNs;
    a.alloc(1024);
    engine.runUntil(t0 + 300 * MS);
    expect(world.mem.oomPathEntries).toBe(1);
    expect(engine.flushes.oom).toBe(1);
    expect(engine.logView.some((l) => l.text.startsWith('flush (OOM path)'))).toBe(true);
    expect(engine.entriesParked).toBe(0);
    expect(engine.procs.has(victimPid)).toBe(false); // all its entries are freed: released
    expect(a.grants()).toBe(1);
    expect(world.mem.stalled).toBe(0);
  });

  it('gather: the list stays below max_cache_entries, nothing frees it, and the allocation keeps failing', () => {
    const {run, victimPid, parked} = parkedWorld('gather');
    const {engine, world} = run;
    const a = allocator(run);
    const t0 = engine.nowNs;
    a.alloc(1024);
    engine.runUntil(t0 + 300 * MS);
    expect(world.mem.oomPathEntries).toBe(4);
    expect(engine.flushes.oom).toBe(0);
    expect(engine.workQueued).toBe(0);
    expect(engine.entriesParked).toBe(parked);
    expect(engine.procs.get(victimPid)?.parked).toBe(parked);
    expect(a.grants()).toBe(0);
    expect(world.mem.stalled).toBe(1);
  });
});
