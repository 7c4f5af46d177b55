/**
 * lmkd (MODEL.md §4): the victim is the highest oom_score_adj at or above the level's minimum (cached
 * apps least recently used first), one kill per decision, no new kill while the previous victim is
 * alive and younger than kill_timeout_ms, and two reapers that fall back to a bare SIGKILL.
 */
import {describe, expect, it} from 'vitest';
import {MIN_ADJ} from '../../src/workload/android/lmkd.ts';
import {MS, S, quietWorld} from './helpers.ts';

describe('lmkd: victim order', () => {
  it('kills cached apps least recently used first, and nothing below 800 at medium pressure', () => {
    const {engine, world} = quietWorld({set: {apps: 6, extraApps: 0, killTimeoutMs: 0}});
    const lruOldestFirst = [...world.lru].reverse().map((a) => a.name);
    for (let i = 0; i < 9; i++) {
      world.lmkd.decide('medium');
      engine.runUntil(engine.nowNs + MS);
    }
    const log = world.lmkd.killLog;
    expect(log.map((k) => k.comm)).toEqual(lruOldestFirst);
    // The oldest cached app always holds 999 (adj is handed out by LRU position), the last one 900.
    expect(log.map((k) => k.adj)).toEqual([999, 999, 999, 999, 999, 900]);
    expect(log.every((k) => k.level === 'medium' && k.adj >= MIN_ADJ.medium)).toBe(true);
    expect(world.prev?.proc?.state).toBe('alive');
  });

  it('goes below the cached apps at critical pressure: previous, then perceptible, visible, foreground', () => {
    const {engine, world} = quietWorld({set: {apps: 2, extraApps: 0, killTimeoutMs: 0}});
    for (let i = 0; i < 6; i++) {
      world.lmkd.decide('critical');
      engine.runUntil(engine.nowNs + MS);
    }
    const adjs = world.lmkd.killLog.map((k) => k.adj);
    expect(adjs.slice(0, 2)).toEqual([999, 900]);
    expect(adjs.slice(2)).toEqual([700, 200, 100, 0]);
  });
});

describe('lmkd: kill throttling', () => {
  it('makes no new kill while the previous victim is alive and younger than kill_timeout_ms', () => {
    const {engine, world} = quietWorld({set: {apps: 6, extraApps: 0}});
    const lmkd = world.lmkd;
    lmkd.decide('medium');
    engine.runUntil(MS);
    expect(lmkd.kills).toBe(1);
    const first = lmkd.killLog[0]!;
    for (const t of [10, 50, 99]) {
      engine.runUntil(t * MS);
      lmkd.decide('medium');
      engine.runUntil(engine.nowNs + 500_000);
    }
    expect(lmkd.kills).toBe(1);
    expect(lmkd.throttled).toBe(3);
    // Still exiting at 100 ms (a few hundred MB take longer), but old enough: the next kill goes.
    engine.runUntil(first.tNs + 100 * MS);
    expect(engine.procs.get(first.pid)?.state).not.toBe('dead');
    lmkd.decide('medium');
    engine.runUntil(engine.nowNs + MS);
    expect(lmkd.kills).toBe(2);
    expect(lmkd.killLog[1]!.tNs - first.tNs).toBeGreaterThanOrEqual(100 * MS);
  });

  it('kills again at once when the previous victim already died', () => {
    // Tiny apps exit in ~31 ms (prologue 0.5 ms + epilogue 30 ms).
    const {engine, world} = quietWorld({set: {apps: 4, extraApps: 0, anonMBMin: 4, anonMBMax: 4, fileMBMin: 1, fileMBMax: 1}});
    const lmkd = world.lmkd;
    lmkd.decide('medium');
    engine.runUntil(MS);
    const first = lmkd.killLog[0]!;
    engine.runUntil(40 * MS);
    expect(engine.procs.get(first.pid)?.state ?? 'dead').toBe('dead');
    lmkd.decide('medium');
    engine.runUntil(engine.nowNs + MS);
    expect(lmkd.kills).toBe(2);
    expect(lmkd.throttled).toBe(0);
  });

  it('after a PSI event, kills every kill_timeout_ms for the window it polls', () => {
    const {engine, world} = quietWorld({set: {apps: 20}});
    // A task stalls on memory for exactly 70 ms: PSI some reaches 70 ms per 1 s window as the stall
    // ends, so the trigger fires once and nothing breaches it again.
    world.mem.setStalled(1);
    engine.runUntil(70 * MS);
    world.mem.setStalled(0);
    engine.runUntil(3 * S);
    const times = world.lmkd.killLog.map((k) => k.tNs / MS);
    expect(world.lmkd.events).toBe(1);
    // The trigger fires when the stall reaches 70 ms; after lmkd's decision (300 µs of work) the
    // kills follow 100 ms apart (each victim still exits) for as long as lmkd polls: one window
    // (1 s) after the event, since the stall is over and no new event comes.
    expect(times[0]).toBeGreaterThan(70);
    expect(times[0]).toBeLessThan(71);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
      expect(times[i]! - times[i - 1]!).toBeLessThan(101);
    }
    expect(times.at(-1)!).toBeLessThan(times[0]! + 1000);
    expect(times.length).toBe(10);
  });

  it('holds back a breach within the rate-limit window and delivers it a window after the last event', () => {
    const {engine, world} = quietWorld({set: {apps: 20}});
    // A 300 ms stall: the trigger fires at 70 ms, and the stall goes on breaching it for 230 ms more.
    // The kernel does not drop that breach (pending_event): the event comes at 1070 ms, and lmkd,
    // polling again, kills while the trailing window still holds 70 ms of the stall (until 1230 ms).
    world.mem.setStalled(1);
    engine.runUntil(300 * MS);
    world.mem.setStalled(0);
    engine.runUntil(3 * S);
    expect(world.lmkd.events).toBe(2);
    const psi = engine.logView.filter((l) => l.text.startsWith('psi:')).map((l) => l.tNs / MS);
    expect(psi).toEqual([70, 1070]);
    const times = world.lmkd.killLog.map((k) => k.tNs / MS);
    expect(times.length).toBe(12);
    // The event at 1070 ms finds the 10th victim younger than kill_timeout_ms: lmkd waits for it.
    expect(times[10]! - times[9]!).toBeGreaterThanOrEqual(100);
    expect(times[10]!).toBeGreaterThan(1070);
    expect(times[11]! - times[10]!).toBeLessThan(101);
    expect(times[11]!).toBeLessThan(300 + 1000 - 70);
  });

  it('delivers a held-back event even when the stall ended right after the first one, and kills only on pressure', () => {
    const {engine, world} = quietWorld({set: {apps: 20}});
    // 71 ms of stall: 1 ms of it breaches the trigger again after it fired.
    world.mem.setStalled(1);
    engine.runUntil(71 * MS);
    world.mem.setStalled(0);
    engine.runUntil(3 * S);
    expect(world.lmkd.events).toBe(2);
    // At 1070 ms the trailing window holds 1 ms of stall: lmkd wakes, its decision waits for the
    // 10th victim, and its polls then see no pressure.
    expect(world.lmkd.kills).toBe(10);
  });
});

describe('lmkd: reapers', () => {
  const set = {apps: 3, extraApps: 0, anonMBMin: 1500, anonMBMax: 1500, killTimeoutMs: 0};

  it('each of the two reapers sends SIGKILL and reaps; with both busy, lmkd only sends SIGKILL', () => {
    const {engine, world} = quietWorld({set});
    const lmkd = world.lmkd;
    for (let i = 0; i < 3; i++) {
      lmkd.decide('medium');
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
    lmkd.decide('critical');
    engine.runUntil(engine.nowNs + MS);
    expect(lmkd.killLog.at(-1)!.reaped).toBe(true);
  });

  it('with process_mrelease off, lmkd sends SIGKILL only and never counts a busy skip', () => {
    const {engine, world} = quietWorld({set: {...set, processMrelease: 0}});
    for (let i = 0; i < 3; i++) {
      world.lmkd.decide('medium');
      engine.runUntil(engine.nowNs + MS);
    }
    expect(world.lmkd.killLog.map((k) => k.reaped)).toEqual([false, false, false]);
    expect({runs: world.lmkd.reaperRuns, skips: world.lmkd.reaperBusySkips}).toEqual({runs: 0, skips: 0});
  });
});
