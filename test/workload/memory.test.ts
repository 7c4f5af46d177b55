/**
 * Memory pressure in the Android world: PSI averages follow the kernel's 2 s update rule on a
 * constructed stall pattern, the 1 s trigger window measures exactly; a refault stalls the task that
 * reads (PSI memstall) for the read's I/O time; kswapd runs from the low to just past the high
 * watermark, taking file pages first and cold anon only as far as apps have aged; direct reclaim
 * reaches __alloc_pages_may_oom only after 17 futile passes, where v0 2/2 flushes the gather list;
 * and memory an exit returns lets a stalled allocation through in the same simulated instant.
 */
import {describe, expect, it} from 'vitest';
import {AGING_CURVE, agedShare} from '../../src/workload/android/apps.ts';
import {ioNs, readFiles} from '../../src/workload/android/file-io.ts';
import {MB_PAGES, MS, S, allocator, quietWorld, squeeze, type WorldRun} from './helpers.ts';

describe('PSI from the world\'s stalls', () => {
  it('updates avg10/60/300 every 2 s the kernel way: avg = avg·e^(−2/w) + sample·(1 − e^(−2/w))', () => {
    const {engine, world} = quietWorld();
    world.quiesce(); // no kills: every task that is not stalled is idle, so `full` = `some`
    // Stalled 0.5–1.0 s of every 2 s period: each period's sample is 25%.
    for (let k = 0; k < 5; k++) {
      engine.runUntil(2 * k * S + 500 * MS);
      world.mem.ioStall(1);
      engine.runUntil(2 * k * S + 1000 * MS);
      world.mem.ioStall(-1);
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
    world.mem.ioStall(1);
    engine.runUntil(1000 * MS);
    world.mem.ioStall(1);
    engine.runUntil(1100 * MS);
    world.mem.ioStall(-2);
    const w = world.mem.window;
    expect(w.growth(1000 * MS, S).someNs).toBe(500 * MS);
    expect(w.growth(1100 * MS, S).someNs).toBe(600 * MS);
    expect(w.growth(1700 * MS, S).someNs).toBe(400 * MS);
    expect(w.growth(2200 * MS, S).someNs).toBe(0);
  });
});

describe('refaults', () => {
  it('a refault stalls the reading task on memory for the read; a first read is only I/O wait', () => {
    const run = quietWorld();
    const {engine, world} = run;
    world.quiesce();
    const pc = world.cache;
    // Reclaim evicts the services' files: they leave shadow entries.
    world.reclaim.fileNow(1 << 30);
    expect(pc.residentOf('system')).toBe(0);
    expect(pc.shadows[0]).toBe(pc.setPages[0]);
    const {actor} = allocator(run);
    const pages = 256;
    let doneAt = -1;
    let cost = {memStallNs: 0, ioNs: 0, refaults: 0};
    readFiles(world, actor, 'system', pages, 0, (c) => {
      doneAt = engine.nowNs;
      cost = c;
    });
    // The whole set is evicted: every page touched is a refault; the task sleeps in I/O, stalled.
    expect(world.mem.stalled).toBe(1);
    expect(actor.running).toBe(false);
    engine.runUntil(S);
    const io = ioNs(world.k, pages);
    expect(doneAt).toBe(io);
    expect(cost).toEqual({memStallNs: io, ioNs: io, refaults: pages});
    expect(pc.workingsetRefault).toBe(pages);
    expect(engine.psi.totalsAt(engine.nowNs).someNs).toBe(io);
    expect(world.mem.stalled).toBe(0);
    // New data (never read before, no shadow entry): the task waits for the read, not on memory.
    let readAt = -1;
    readFiles(world, actor, 'stream', pages, 0, () => {
      readAt = engine.nowNs;
    });
    expect(world.mem.stalled).toBe(0);
    expect(actor.running).toBe(false);
    const t1 = engine.nowNs;
    engine.runUntil(2 * S);
    expect(readAt - t1).toBe(io);
    expect(pc.workingsetRefault).toBe(pages);
    expect(engine.psi.totalsAt(engine.nowNs).someNs).toBe(io);
  });
});

describe('kswapd', () => {
  // camera-launch's zram disk may be full at the start; kswapd needs swap space for anon.
  const ROOM = {apps: 22, zramDiskMB: 8192};

  it('wakes below the low watermark, takes inactive file pages first, and stops just past the high one', () => {
    const {engine, world} = quietWorld({set: ROOM});
    engine.freePages -= engine.freePages - engine.lowPages + 10 * MB_PAGES;
    const zramBefore = engine.zramPages;
    const fileBefore = world.cache.pages + world.maps.total();
    world.kswapd.wake();
    expect(world.kswapd.active).toBe(true);
    engine.runUntil(5 * S);
    expect(world.kswapd.active).toBe(false);
    expect(engine.freePages).toBeGreaterThan(engine.highPages);
    // It checks the watermark after each chunk: it overshoots by less than one chunk's worth.
    expect(engine.freePages - engine.highPages).toBeLessThanOrEqual(world.kswapdChunkPages + 1);
    // Plenty of inactive file and no refaults (cache_trim_mode): no anon went to zram.
    expect(engine.zramPages).toBe(zramBefore);
    expect(fileBefore - world.cache.pages - world.maps.total()).toBe(engine.freePages - (engine.lowPages - 10 * MB_PAGES));
    expect(world.kswapd.wakeups).toBe(1);
  });

  it('does not wake above the low watermark, and gives up when nothing is left to reclaim', () => {
    const {engine, world} = quietWorld({set: ROOM});
    engine.freePages -= engine.freePages - engine.lowPages - MB_PAGES;
    world.kswapd.wake();
    expect(world.kswapd.active).toBe(false);
    // The page cache gone and the zram disk full: nothing can be reclaimed.
    const full = quietWorld({set: {apps: 6, zramDiskMB: 1024}});
    squeeze(full);
    full.world.kswapd.wake();
    expect(full.world.kswapd.active).toBe(false);
    expect(full.world.kswapd.failures).toBe(1);
  });

  it('with the file pages gone, takes an app no further than the share of its anon it has aged to (31% → 57% → 64% → 65%)', () => {
    expect(AGING_CURVE.map(([s]) => agedShare(s * S))).toEqual([0.31, 0.57, 0.64, 0.65]);
    expect(agedShare(30 * 60 * S)).toBe(0.65);
    const run = quietWorld({set: ROOM});
    const {engine, world} = run;
    squeeze(run);
    // Far more than the apps' aged room: kswapd reclaims all of it and stops there.
    for (let i = 0; i < 50; i++) {
      squeeze(run);
      engine.freePages -= 50 * MB_PAGES - (engine.freePages - engine.lowPages + 1);
      world.kswapd.wake();
      engine.runUntil(engine.nowNs + S);
    }
    // Only what the apps aged into during the last second is left.
    expect(world.reclaim.room(1 << 30)).toBeLessThan(MB_PAGES);
    for (const app of world.lru) {
      const share = app.proc!.mm.swapents / app.anonPages;
      expect(share).toBeLessThanOrEqual(agedShare(engine.nowNs - app.bgSinceNs) + 1e-9);
    }
  });
});

describe('direct reclaim and __alloc_pages_may_oom', () => {
  // A 1 GB zram disk is full at the start and the page cache is gone: direct reclaim has nothing to take.
  const FULL = {apps: 6, extraApps: 0, zramDiskMB: 1024};

  it('reaches __alloc_pages_may_oom on the 17th reclaim pass in a row without progress', () => {
    const run = quietWorld({set: FULL});
    const {engine, world} = run;
    world.quiesce(); // no lmkd kill, no OOM kill: nothing returns memory
    squeeze(run);
    expect(world.reclaim.plan(256, true)).toEqual({file: 0, anon: 0});
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

  it('a kill that frees memory lets a stalled allocation proceed in the same simulated instant', () => {
    const run = quietWorld({set: FULL});
    const {engine, world} = run;
    world.quiesce();
    squeeze(run);
    const a = allocator(run);
    const pages = 64;
    a.alloc(pages);
    engine.runUntil(engine.nowNs + 10 * MS);
    expect(a.grants()).toBe(0);
    // The first moment free memory is enough again, whoever returned it.
    let enoughAt = -1;
    const watch = world.onFreePagesChanged.bind(world);
    world.onFreePagesChanged = (e, delta) => {
      if (enoughAt < 0 && e.freePages - pages >= e.minPages) enoughAt = e.nowNs;
      watch(e, delta);
    };
    // An app is killed: its exit returns its resident pages PTE table by PTE table.
    engine.kill(world.lru.at(-1)!.proc!.pid, 'test');
    engine.runUntil(engine.nowNs + 40 * MS);
    expect(enoughAt).toBeGreaterThan(0);
    expect(a.grantedAt()).toEqual([enoughAt]);
    expect(world.mem.stalled).toBe(0);
    expect(world.mem.oomPathEntries).toBe(0);
  });
});

describe('v0 2/2 in the Android world: parked entries keep zram full until the OOM path flushes them', () => {
  /**
   * One app dies under a gather policy with max_cache_entries out of reach, so every run it gathers
   * stays on the list (nothing queues a work); its swap slots and zram memory stay taken. Then the
   * remaining swap space is filled, the page cache is gone, free memory is at the min watermark,
   * and a task allocates.
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
    world.reclaim.run({file: 0, anon: world.reclaim.room(1 << 30, true)}, true);
    expect(world.reclaim.room(1 << 30, true)).toBe(0);
    expect(engine.zramPages).toBe(engine.swapTotalPages);
    squeeze(run);
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
