/**
 * lmkd as shipped (MODEL.md §8) in the Android world: PSI triggers wake it (a breach within the
 * rate-limit window held back, not dropped); without reclaim or refaults it does nothing; it kills
 * for a reason only, the highest oom_score_adj first; after a kill it waits for the victim's death
 * (skipping wake-ups) for up to kill_timeout_ms, and looks again the moment the victim dies;
 * perceptible apps survive a thrashing kill unless thrashing reaches twice the limit; two reapers.
 */
import {describe, expect, it} from 'vitest';
import {NICE_WEIGHT} from '../../src/engine/cpu.ts';
import type {Decision} from '../../src/workload/android/lmkd-decide.ts';
import {MS, S, quietWorld, squeeze, type WorldRun} from './helpers.ts';

/** The zram disk full (swap low), the page cache gone, free memory at the min watermark. */
function tight(set: Readonly<Record<string, number>> = {}): WorldRun {
  const run = quietWorld({set: {apps: 6, extraApps: 0, zramDiskMB: 1024, ...set}});
  squeeze(run);
  return run;
}

/** kswapd scanned since lmkd's last look (vmstat pgscan_kswapd moved). */
const scan = (run: WorldRun): void => {
  run.world.reclaim.pgscanKswapd += 32;
};

const DECISION: Decision = {
  bailed: false,
  reason: 'LOW_MEM_AND_SWAP',
  minScoreAdj: 0,
  desc: 'test',
  thrashing: 0,
  swapLow: true,
  reclaim: 'direct',
  wmark: 'low',
  cutThrashingLimit: false,
};

describe('lmkd: when it kills', () => {
  it('does nothing without reclaim or refaults, however low memory and swap are', () => {
    // The zram disk full, free memory at min (drained: no reclaim ran).
    const run = quietWorld({set: {apps: 6, extraApps: 0, zramDiskMB: 1024}});
    const {engine, world} = run;
    engine.freePages -= engine.freePages - engine.minPages;
    // A memory stall long enough for a PSI event: lmkd wakes, reads vmstat, finds nothing moved.
    world.mem.ioStall(1);
    engine.runUntil(70 * MS);
    world.mem.ioStall(-1);
    engine.runUntil(2 * S);
    expect(world.lmkd.events).toBe(1);
    expect(world.lmkd.bails).toBeGreaterThanOrEqual(1);
    expect(world.lmkd.kills).toBe(0);
    // The same wake-up with kswapd scanning kills, for LOW_MEM_AND_SWAP.
    scan(run);
    world.lmkd.handler('medium');
    engine.runUntil(engine.nowNs + MS);
    expect(world.lmkd.killLog.map((k) => k.reason)).toEqual(['LOW_MEM_AND_SWAP']);
  });

  it('kills the highest oom_score_adj first (cached apps, least recently used first)', () => {
    const run = tight({lmkKillTimeoutMs: 0});
    const {engine, world} = run;
    const lruOldestFirst = [...world.lru].reverse().map((a) => a.name);
    for (let i = 0; i < 6; i++) {
      scan(run);
      engine.freePages = Math.min(engine.freePages, engine.minPages);
      world.lmkd.handler('medium');
      engine.runUntil(engine.nowNs + MS);
    }
    const log = world.lmkd.killLog;
    expect(log.map((k) => k.comm)).toEqual(lruOldestFirst);
    // The oldest cached app always holds 999 (adj is handed out by LRU position), the last one 900.
    expect(log.map((k) => k.adj)).toEqual([999, 999, 999, 999, 999, 900]);
    // Above min, LOW_MEM_AND_SWAP spares the perceptible apps: the previous app (700) goes next, then nothing.
    for (let i = 0; i < 3; i++) {
      scan(run);
      engine.freePages = engine.lowPages - 1;
      world.lmkd.handler('medium');
      engine.runUntil(engine.nowNs + MS);
    }
    expect(log.slice(6).map((k) => k.adj)).toEqual([700]);
  });
});

describe('lmkd: waiting for its victim', () => {
  it('makes no new kill while the last victim is alive and younger than kill_timeout_ms, then looks again at once', () => {
    const run = tight();
    const {engine, world} = run;
    const lmkd = world.lmkd;
    scan(run);
    lmkd.handler('medium');
    engine.runUntil(MS);
    expect(lmkd.kills).toBe(1);
    const first = lmkd.killLog[0]!;
    expect(lmkd.snapshot().waitingForPid).toBe(first.pid);
    for (const t of [10, 50, 99]) {
      engine.runUntil(first.tNs + t * MS);
      squeeze(run);
      scan(run);
      lmkd.handler('medium');
    }
    expect(lmkd.kills).toBe(1);
    expect(lmkd.skippedWakeups).toBe(3);
    // kill_timeout_ms (100) after the kill the victim is still exiting (hundreds of MB), but lmkd
    // stops waiting and looks at once: memory and swap are still low, it kills (after 300 µs of work).
    expect(engine.procs.get(first.pid)?.state).toBe('do_exit');
    engine.runUntil(first.tNs + 100 * MS + MS);
    expect(lmkd.kills).toBe(2);
    expect(lmkd.killLog[1]!.decidedNs).toBe(first.tNs + 100 * MS);
  });

  it('looks again the moment its victim dies (the pidfd), before kill_timeout_ms', () => {
    // Tiny apps exit in ~31 ms (prologue 0.5 ms + epilogue 30 ms).
    const run = tight({anonMBMin: 4, anonMBMax: 4, fileMBMin: 1, fileMBMax: 1});
    const {engine, world} = run;
    const lmkd = world.lmkd;
    scan(run);
    lmkd.handler('medium');
    engine.runUntil(MS);
    const first = lmkd.killLog[0]!;
    scan(run);
    engine.runUntil(first.tNs + 60 * MS);
    const dead = engine.exitRecords.find((r) => r.pid === first.pid)!;
    expect(dead.deadNs - first.tNs).toBeLessThan(40 * MS);
    expect(lmkd.kills).toBe(2);
    expect(lmkd.killLog[1]!.decidedNs).toBe(dead.deadNs);
    expect(lmkd.killLog[0]!.deadNs).toBe(dead.deadNs);
  });

  it('with kill_timeout_ms 0 it never waits', () => {
    const run = tight({lmkKillTimeoutMs: 0});
    const {engine, world} = run;
    for (let i = 0; i < 3; i++) {
      scan(run);
      world.lmkd.handler('medium');
      engine.runUntil(engine.nowNs + MS);
    }
    expect(world.lmkd.kills).toBe(3);
    expect(world.lmkd.skippedWakeups).toBe(0);
  });
});

describe('lmkd: perceptible apps and thrashing', () => {
  it('spares perceptible apps in a LOW_MEM_AND_THRASHING kill, until thrashing reaches twice the limit', () => {
    // Swap is not low (a large disk, SwapFree counted alone): only thrashing can make lmkd kill.
    const run = quietWorld({set: {apps: 0, extraApps: 0, zramDiskMB: 16_384, lmkSwapCompressionRatio: 0}});
    const {engine, world} = run;
    const lmkd = world.lmkd;
    const pc = world.cache;
    const fileLru = (): number => lmkd.view().activeFile + lmkd.view().inactiveFile;
    const look = (refaultsPctOfLru: number): void => {
      squeeze(run, 1);
      pc.workingsetRefault += Math.ceil((fileLru() * refaultsPctOfLru) / 100);
      scan(run);
      lmkd.handler(null);
      engine.runUntil(engine.nowNs + MS);
    };
    look(0);
    expect(lmkd.kills).toBe(0);
    // Refaults of 150% of the file LRU within the second: LOW_MEM_AND_THRASHING, min adj 201.
    look(150);
    expect(lmkd.killLog.map((k) => [k.reason, k.adj, k.minScoreAdj])).toEqual([['LOW_MEM_AND_THRASHING', 700, 201]]);
    expect(lmkd.snapshot().thrashingLimitPct).toBe(90);
    engine.runUntil(engine.nowNs + 2 * S);
    // Thrashing again: nothing above 200 is left, and the perceptible app (200) is spared.
    look(0);
    look(150);
    expect(lmkd.kills).toBe(1);
    const perceptible = world.apps.find((a) => a.state === 'perceptible')!;
    expect(perceptible.proc?.state).toBe('alive');
    // Past twice the limit (200%), perceptible apps are fair game: the heaviest at the highest adj goes.
    look(100);
    expect(lmkd.killLog.at(-1)).toMatchObject({reason: 'LOW_MEM_AND_THRASHING', adj: 200, minScoreAdj: 0});
    expect(perceptible.proc).toBeNull();
  });
});

describe('lmkd: PSI triggers', () => {
  it('a stall of 70 ms in a 1 s window fires the some trigger once, when it reaches 70 ms', () => {
    const {engine, world} = quietWorld({set: {apps: 20}});
    world.mem.ioStall(1);
    engine.runUntil(70 * MS);
    world.mem.ioStall(-1);
    engine.runUntil(3 * S);
    expect(world.lmkd.events).toBe(1);
    const psi = engine.logView.filter((l) => l.text.startsWith('psi:')).map((l) => l.tNs / MS);
    expect(psi).toEqual([70]);
  });

  it('holds back a breach within the rate-limit window and delivers it a window after the last event', () => {
    const {engine, world} = quietWorld({set: {apps: 20}});
    // A 300 ms stall: the trigger fires at 70 ms and the stall goes on breaching it for 230 ms more.
    // The kernel does not drop that breach (pending_event): the event comes at 1070 ms.
    world.mem.ioStall(1);
    engine.runUntil(300 * MS);
    world.mem.ioStall(-1);
    engine.runUntil(3 * S);
    expect(world.lmkd.events).toBe(2);
    const psi = engine.logView.filter((l) => l.text.startsWith('psi:')).map((l) => l.tNs / MS);
    expect(psi).toEqual([70, 1070]);
  });

  it('polls for a window after an event: every 10 ms while swap is low, every 100 ms otherwise', () => {
    const low = quietWorld({set: {apps: 6, zramDiskMB: 1024}});
    low.world.mem.ioStall(1);
    low.engine.runUntil(70 * MS);
    low.world.mem.ioStall(-1);
    low.engine.runUntil(3 * S);
    // The event's look, then polls until the window (1 s) is over.
    expect(low.world.lmkd.wakeups).toBeGreaterThanOrEqual(100);
    expect(low.world.lmkd.wakeups).toBeLessThanOrEqual(102);
    const roomy = quietWorld({set: {apps: 6, zramDiskMB: 16_384, lmkSwapCompressionRatio: 0}});
    roomy.world.mem.ioStall(1);
    roomy.engine.runUntil(70 * MS);
    roomy.world.mem.ioStall(-1);
    roomy.engine.runUntil(3 * S);
    expect(roomy.world.lmkd.wakeups).toBeGreaterThanOrEqual(10);
    expect(roomy.world.lmkd.wakeups).toBeLessThanOrEqual(12);
  });
});

describe('lmkd: reapers', () => {
  const set = {apps: 3, extraApps: 0, anonMBMin: 1500, anonMBMax: 1500, lmkKillTimeoutMs: 0};

  it('each of the two reapers sends SIGKILL and reaps; with both busy, lmkd only sends SIGKILL', () => {
    const {engine, world} = quietWorld({set});
    const lmkd = world.lmkd;
    for (let i = 0; i < 3; i++) {
      lmkd.kill(lmkd.victim(0)!, DECISION, engine.nowNs);
      engine.runUntil(engine.nowNs + MS);
    }
    expect(lmkd.killLog.map((k) => k.reaped)).toEqual([true, true, false]);
    expect({runs: lmkd.reaperRuns, skips: lmkd.reaperBusySkips}).toEqual({runs: 2, skips: 1});
    const [a, b, c] = lmkd.killLog.map((k) => engine.procs.get(k.pid)!);
    expect([a!.reaped, b!.reaped, c!.reaped]).toEqual([true, true, false]);
    // The reapers zap synchronously from their own context: lmkd is charged for it.
    engine.runUntil(5 * S);
    expect(engine.reaperCpuNs()).toBeGreaterThan(0);
    expect(lmkd.reapers.every((r) => r.busyPid < 0)).toBe(true);
    // Free again: the next kill is reaped.
    lmkd.kill(lmkd.victim(0)!, DECISION, engine.nowNs);
    engine.runUntil(engine.nowNs + MS);
    expect(lmkd.killLog.at(-1)!.reaped).toBe(true);
  });

  it('run as reaper_main sets them up: nice −20, off the little cores', () => {
    const {engine, world} = quietWorld({set});
    const little = Array.from({length: engine.sched.count}, (_, i) => i).filter((i) => engine.sched.capacityOf(i) === 0.6);
    expect(little.length).toBeGreaterThan(0);
    for (const r of world.lmkd.reapers) {
      expect(r.thread.weight).toBe(NICE_WEIGHT[-20]);
      expect(r.thread.allowed).not.toBeNull();
      expect(r.thread.allowed!.some((cpu) => little.includes(cpu))).toBe(false);
    }
  });

  it('with process_mrelease off, lmkd sends SIGKILL only and never counts a busy skip', () => {
    const {engine, world} = quietWorld({set: {...set, processMrelease: 0}});
    for (let i = 0; i < 3; i++) {
      world.lmkd.kill(world.lmkd.victim(0)!, DECISION, engine.nowNs);
      engine.runUntil(engine.nowNs + MS);
    }
    expect(world.lmkd.killLog.map((k) => k.reaped)).toEqual([false, false, false]);
    expect({runs: world.lmkd.reaperRuns, skips: world.lmkd.reaperBusySkips}).toEqual({runs: 0, skips: 0});
  });

  it('logs each kill with its reason, as lmkd names it', () => {
    const {engine, world} = quietWorld({set});
    world.lmkd.kill(world.lmkd.victim(0)!, DECISION, engine.nowNs);
    const kill = engine.logView.find((l) => l.kind === 'kill')!;
    expect(kill.text).toMatch(/adj 999: LOW_MEM_AND_SWAP, \d+ MB in swap$/);
    expect(engine.logView.some((l) => l.text.startsWith('lmkd: LOW_MEM_AND_SWAP: test'))).toBe(true);
    expect(world.lmkd.snapshot().lastKill).toEqual({comm: kill.text.split(' ')[1], reason: 'LOW_MEM_AND_SWAP', atNs: engine.nowNs});
  });
});
