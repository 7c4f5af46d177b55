/**
 * The camera case (MODEL.md §1, §5): a cold launch under `sync` makes lmkd kill at least ten cached
 * apps, and over launch → first frame the exiting apps use 25%+ of all CPU while system services
 * and other apps use 60%+.
 */
import {describe, expect, it} from 'vitest';
import type {AndroidWorld} from '../../src/workload/android/world.ts';
import {LAUNCH_KILL_WINDOW_NS} from '../../src/workload/android/world.ts';
import {S, androidWorld, quietWorld} from './helpers.ts';

function killsPerLaunch(world: AndroidWorld): number[] {
  return world.camera.launches.map((l) => world.lmkd.killLog.filter((k) => k.tNs >= l.startNs && k.tNs < l.startNs + LAUNCH_KILL_WINDOW_NS).length);
}

describe('camera-launch', () => {
  it('under sync, the launch makes lmkd kill at least 10 cached apps, each with 200–500 MB in zram', () => {
    const {engine, world} = androidWorld({policy: 'sync'});
    engine.runUntil(10 * S);
    expect(world.camera.launches).toHaveLength(1);
    expect(killsPerLaunch(world)[0]).toBeGreaterThanOrEqual(10);
    const victims = world.lmkd.killLog.map((k) => engine.exitRecords.find((r) => r.pid === k.pid)!);
    for (const r of victims) {
      const mb = (r.entriesAtKill * 4096) / (1024 * 1024);
      expect(mb).toBeGreaterThanOrEqual(150);
      expect(mb).toBeLessThanOrEqual(520);
    }
    expect(world.lmkd.killLog.every((k) => k.adj >= 900)).toBe(true);
  });

  it('under sync, exiting apps use 25%+ of all CPU and system services + other apps 60%+ over the launch', () => {
    const shares: {exitingTasks: number; services: number}[] = [];
    for (const seed of [1, 2, 3]) {
      const {engine, world} = androidWorld({policy: 'sync', seed});
      engine.runUntil(70 * S);
      const kills = killsPerLaunch(world);
      world.camera.launches.forEach((l, i) => {
        if (l.cpuPct && kills[i]! >= 10) shares.push(l.cpuPct);
      });
    }
    expect(shares.length).toBeGreaterThanOrEqual(4);
    const mean = (key: 'exitingTasks' | 'services'): number => shares.reduce((n, s) => n + s[key], 0) / shares.length;
    expect(mean('exitingTasks')).toBeGreaterThanOrEqual(25);
    expect(mean('services')).toBeGreaterThanOrEqual(60);
  });

  it('records launch time, frames and late frames, and launches on command', () => {
    const {engine, world} = quietWorld({set: {bgThreads: 8}});
    expect(engine.worldCommand('camera-launch')).toBe(true);
    expect(world.camera.state).toBe('launching');
    expect(engine.worldCommand('camera-launch')).toBe(true); // already up: logged, nothing else
    expect(world.camera.launches).toHaveLength(1);
    expect(engine.worldCommand('no-such-command')).toBe(false);
    engine.runUntil(5 * S);
    const fg = world.foreground(engine);
    expect(fg.state).toBe('preview');
    expect(fg.app).toBe('com.google.android.GoogleCamera');
    expect(fg.launches).toBe(1);
    expect(fg.lastLaunchMs).toBeGreaterThan(500);
    // 30 fps from the first frame on; a quiet phone renders them all in time.
    const previewS = (engine.nowNs - world.camera.launches[0]!.firstFrameNs) / S;
    expect(fg.frames).toBeGreaterThanOrEqual(Math.floor(previewS * 30) - 1);
    expect(fg.frames).toBeLessThanOrEqual(Math.ceil(previewS * 30) + 1);
    expect(fg.framesLate).toBe(0);
    const summary = world.summary(engine) as {foreground: {launches: number; launchMs: {p50: number}}};
    expect(summary.foreground.launches).toBe(1);
    expect(summary.foreground.launchMs.p50).toBeCloseTo(fg.lastLaunchMs!, 2);
  });

  it('counts frames that miss their vsync as late when the CPU is taken', () => {
    // 24 background threads busy all the time share the big cores with the camera, whose frames
    // need 30 ms of a 33 ms period.
    const {engine, world} = quietWorld({set: {bgThreads: 24, bgBaseDutyPct: 99, bgLaunchDutyPct: 99, cameraFrameCpuMs: 30}});
    engine.worldCommand('camera-launch');
    engine.runUntil(8 * S);
    expect(world.camera.frames).toBeGreaterThan(30);
    expect(world.camera.framesLate).toBeGreaterThan(0);
    expect(world.camera.framesLate).toBeLessThanOrEqual(world.camera.frames);
  });
});
