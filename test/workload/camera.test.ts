/**
 * The camera as an app: a cold launch that allocates and reads its files and ends at the first
 * frame; preview frames with vsync deadlines, a late one put down to the CPU or to memory (what its
 * thread waited for longer); free memory followed over the preview's first 500 ms; and, in the
 * camera-launch scenario, lmkd killing cached apps for its reasons while the launch allocates.
 */
import {describe, expect, it} from 'vitest';
import {KILL_REASONS} from '../../src/workload/android/lmkd-decide.ts';
import {LAUNCH_KILL_WINDOW_NS} from '../../src/workload/android/world.ts';
import {S, MS, MB_PAGES, androidWorld, quietWorld, squeeze} from './helpers.ts';

/** Plenty of memory: the whole session (app, HAL buffers, preview pipeline, files) fits. */
const ROOMY = {apps: 6, initialFreeMB: 3000};

describe('the camera app', () => {
  it('launches on command, and the launch ends when the first frame is shown', () => {
    const {engine, world} = quietWorld({set: {...ROOMY, bgThreads: 8}});
    expect(engine.worldCommand('camera-launch')).toBe(true);
    expect(world.camera.state).toBe('launching');
    expect(world.foreground(engine)).toMatchObject({state: 'launching', firstFrameMs: null, nextLaunchInNs: null});
    expect(engine.worldCommand('camera-launch')).toBe(true); // already up: logged, nothing else
    expect(world.camera.launches).toHaveLength(1);
    expect(engine.worldCommand('no-such-command')).toBe(false);
    while (world.camera.state === 'launching' && engine.step());
    const launch = world.camera.launches[0]!;
    expect(launch.firstFrameNs).toBe(engine.nowNs);
    expect(world.foreground(engine)).toMatchObject({state: 'preview', firstFrameMs: (launch.firstFrameNs - launch.startNs) / MS});
    engine.runUntil(5 * S);
    const fg = world.foreground(engine);
    expect(fg.app).toBe('com.google.android.GoogleCamera');
    expect(fg.launches).toBe(1);
    // 30 fps from the first frame on; a quiet phone renders them all in time.
    const previewS = (engine.nowNs - launch.firstFrameNs) / S;
    expect(fg.frames).toBeGreaterThanOrEqual(Math.floor(previewS * 30) - 1);
    expect(fg.frames).toBeLessThanOrEqual(Math.ceil(previewS * 30) + 1);
    expect([fg.framesLate, fg.lateForCpu, fg.lateForMemory]).toEqual([0, 0, 0]);
    expect(world.lmkd.kills).toBe(0);
    // The launch read the camera's files: they are in the page cache now.
    expect(world.cache.residentOf('camera')).toBe(world.cache.setPages[1]);
  });

  it('follows free memory from the first frame over the next 500 ms', () => {
    const {engine, world} = quietWorld({set: ROOMY});
    engine.worldCommand('camera-launch');
    while (world.camera.state === 'launching' && engine.step());
    const launch = world.camera.launches[0]!;
    const shown = engine.logView.find((l) => l.text.startsWith('camera first frame'))!;
    expect(shown.text).toContain(`(${Math.round((launch.freeAtPreview * 4096) / (1024 * 1024))} MB free)`);
    engine.runUntil(launch.firstFrameNs + 600 * MS);
    // The preview's buffers are allocated from here on: free memory only falls.
    expect(launch.freeMin500).toBeLessThan(launch.freeAtPreview);
    expect(launch.freeMean500).toBeGreaterThan(launch.freeMin500);
    expect(launch.freeMean500).toBeLessThan(launch.freeAtPreview);
  });

  it('puts frames that miss their vsync down to the CPU when the CPU is taken', () => {
    // 24 background threads busy all the time share the big cores with the camera, whose frames
    // need 30 ms of a 33 ms period.
    const {engine, world} = quietWorld({set: {...ROOMY, bgThreads: 24, bgBaseDutyPct: 99, bgLaunchDutyPct: 99, cameraFrameCpuMs: 30}});
    engine.worldCommand('camera-launch');
    engine.runUntil(8 * S);
    const f = world.camera.frames;
    expect(f.frames).toBeGreaterThan(30);
    expect(f.lateForCpu).toBeGreaterThan(0);
    expect(f.lateForMemory).toBe(0);
    expect(f.framesLate).toBe(f.lateForCpu);
    expect(f.framesLate).toBeLessThanOrEqual(f.frames);
  });

  it('puts frames down to memory when their thread refaults the camera\'s evicted files', () => {
    // Each frame touches 8 MB of the camera's code and models; nothing else runs.
    const {engine, world} = quietWorld({set: {...ROOMY, cameraFrameFileKB: 8192}});
    engine.worldCommand('camera-launch');
    engine.runUntil(3 * S);
    const f = world.camera.frames;
    expect(f.framesLate).toBe(0);
    // Reclaim evicts the page cache: the next frames read their pages back (refaults, memory stalls).
    world.reclaim.fileNow(1 << 30);
    engine.runUntil(4 * S);
    expect(f.lateForMemory).toBeGreaterThan(0);
    expect(f.lateForCpu).toBe(0);
    expect(world.cache.workingsetRefault).toBeGreaterThan(0);
  });

  it('shows its first frame only once the HAL has allocated its stream buffers (configure_streams)', () => {
    // The HAL opens 2 s into the launch, long after the app's own start-up is done.
    const {engine, world} = quietWorld({set: {...ROOMY, cameraHalOpenMs: 2000, cameraHalAllocMB: 1000, cameraPreviewAllocMB: 500}});
    engine.worldCommand('camera-launch');
    const start = engine.nowNs;
    while (world.camera.state === 'launching' && engine.step());
    const launch = world.camera.launches[0]!;
    expect(launch.firstFrameNs - start).toBeGreaterThanOrEqual(2000 * MS);
    const hal = world.camera.hal;
    expect(hal.configured).toBe(true);
    // The stream buffers, and what the first frame's own request allocated of the session's.
    expect(hal.heldPages + hal.lazyPages).toBe((1000 + 500) * MB_PAGES);
    expect(hal.heldPages).toBeGreaterThanOrEqual(1000 * MB_PAGES);
  });

  it('allocates the capture session\'s buffers on the path of the first frames', () => {
    const {engine, world} = quietWorld({set: {...ROOMY, cameraHalAllocMB: 600, cameraPreviewAllocMB: 300, cameraPreviewAllocMs: 1000}});
    engine.worldCommand('camera-launch');
    while (world.camera.state === 'launching' && engine.step());
    const hal = world.camera.hal;
    const configured = 600 * MB_PAGES;
    const f = world.camera.frames;
    // Nothing allocates them but the frames' requests, 30 of them over the warm-up's second.
    const perFrame = Math.ceil((300 * MB_PAGES) / 30);
    for (const frames of [1, 10, 20]) {
      while (f.frames < frames && engine.step());
      expect(hal.heldPages + hal.lazyPages).toBe(configured + 300 * MB_PAGES);
      const requests = (hal.heldPages - configured) / perFrame;
      expect(Number.isInteger(requests)).toBe(true);
      // Each frame shown made its request; the one in flight may have made its own.
      expect(requests).toBeGreaterThanOrEqual(f.frames);
      expect(requests).toBeLessThanOrEqual(f.frames + 1);
    }
    engine.runUntil(engine.nowNs + 2 * S);
    expect(hal.lazyPages).toBe(0);
    expect(hal.heldPages).toBe(configured + 300 * MB_PAGES);
  });

  it('puts a frame down to memory when its request stalls in direct reclaim for the session\'s buffers', () => {
    const run = quietWorld({set: {...ROOMY, zramDiskMB: 256}});
    const {engine, world} = run;
    engine.worldCommand('camera-launch');
    while (world.camera.state === 'launching' && engine.step());
    const f = world.camera.frames;
    expect(world.camera.hal.lazyPages).toBeGreaterThan(0);
    // No page cache, a full zram disk, free memory at the min watermark: the next frame's request
    // finds nothing to reclaim and waits for the OOM path to free memory.
    expect(engine.zramPages).toBe(engine.swapTotalPages);
    squeeze(run);
    const stalls = world.mem.allocStalls;
    engine.runUntil(engine.nowNs + S);
    expect(world.mem.allocStalls).toBeGreaterThan(stalls);
    expect(f.lateForMemory).toBeGreaterThan(0);
    expect(f.lateForCpu).toBe(0);
  });

  it('counts down to the next scheduled launch', () => {
    const {engine, world} = androidWorld({policy: 'sync'});
    engine.runUntil(S);
    expect(world.foreground(engine).nextLaunchInNs).toBe(2 * S);
  });
});

describe('camera-launch: a phone whose memory is really tight', () => {
  it('the launch makes lmkd kill cached apps for its reasons, each with 150–500 MB in zram on average, and services take 60%+ of the CPU', () => {
    let kills = 0;
    const swappedMB: number[] = [];
    const services: number[] = [];
    for (const seed of [1, 2, 3]) {
      const {engine, world} = androidWorld({policy: 'sync', seed});
      engine.runUntil(40 * S);
      const first = world.camera.launches[0]!;
      const wave = world.lmkd.killLog.filter((k) => k.tNs >= first.startNs && k.tNs < first.startNs + LAUNCH_KILL_WINDOW_NS);
      kills += wave.length;
      for (const k of wave) {
        expect(KILL_REASONS).toContain(k.reason);
        expect(k.adj).toBeGreaterThanOrEqual(900);
        const r = engine.exitRecords.find((x) => x.pid === k.pid)!;
        swappedMB.push((r.entriesAtKill * 4096) / (1024 * 1024));
        expect(r.killReason).toBe(k.reason);
      }
      services.push(first.cpuPct!.services);
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    // MODEL.md §1: apps with 200–500 MB in zram (less where the full disk had no room for more);
    // once kills free room in zram, direct reclaim swaps warmer pages too, up to its share of the
    // largest app.
    const k = androidWorld().world.k;
    expect(Math.max(...swappedMB)).toBeLessThanOrEqual((k.anonMBMax * k.directReclaimSharePct) / 100);
    const mean = swappedMB.reduce((a, b) => a + b, 0) / swappedMB.length;
    expect(mean).toBeGreaterThanOrEqual(150);
    expect(mean).toBeLessThanOrEqual(500);
    // MODEL.md §5: in the camera case system services and other apps used 60%+ of all CPU.
    expect(Math.min(...services)).toBeGreaterThanOrEqual(60);
  });

  it('the kill wave overlaps the launch: lmkd kills while the camera launches, before its first frame', () => {
    for (const seed of [1, 2, 3]) {
      const {engine, world} = androidWorld({policy: 'sync', seed});
      while (world.camera.launches.length === 0 && engine.step());
      while (world.camera.state === 'launching' && engine.step());
      const l = world.camera.launches[0]!;
      const during = world.lmkd.killLog.filter((k) => k.tNs >= l.startNs && k.tNs < l.firstFrameNs);
      expect(during.length).toBeGreaterThan(0);
    }
  });

  it('the memory a kill wave frees is taken again within moments: free memory is back below high within 2 s', () => {
    const {engine, world} = androidWorld({policy: 'sync', seed: 2});
    const launch = (): number => world.camera.launches.length;
    while (launch() === 0 && engine.step());
    const start = engine.nowNs;
    while (world.lmkd.kills === 0 && engine.step());
    engine.runUntil(engine.nowNs + 400 * MS);
    const wave = world.lmkd.killLog.filter((k) => k.tNs >= start);
    const last = wave.at(-1)!.tNs;
    let peak = 0;
    let backAt = -1;
    for (let t = last; t <= last + 2 * S && backAt < 0; t += 10 * MS) {
      engine.runUntil(t);
      peak = Math.max(peak, engine.freePages);
      if (peak > engine.highPages && engine.freePages < engine.highPages) backAt = t;
    }
    // The victims' memory came back (free rose well above high), and the launch and the page cache took it.
    expect(peak).toBeGreaterThan(2 * engine.highPages);
    expect(backAt).toBeGreaterThan(0);
  });

  it('under gather the HIGHPRI kworkers take CPU in the launch window; under sync the exits do all their work themselves', () => {
    const sync = androidWorld({policy: 'sync', seed: 2});
    const gather = androidWorld({policy: 'gather', seed: 2});
    for (const r of [sync, gather]) r.engine.runUntil(10 * S);
    const peak = (r: typeof sync) => r.world.camera.launches[0]!.cpuPeakPct!;
    expect(peak(sync).exitingTasks).toBeGreaterThan(0);
    expect(peak(sync).kworkers).toBe(0);
    expect(peak(gather).kworkers).toBeGreaterThan(0);
  });
});
