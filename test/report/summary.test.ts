/**
 * The summary's per-exit detail and slow exits, and the run summary text of the Android sections:
 * exitsDetail says who died, why, how long its exit and its release took, how many exits were
 * already running and where it ran; formatSummary prints the sections at a fixed layout.
 */
import {describe, expect, it} from 'vitest';
import {Engine} from '../../src/engine/engine.ts';
import {formatSummary} from '../../src/report/format.ts';
import {slowExits, summarize, type Summary} from '../../src/report/summary.ts';
import {resolveRun} from '../../src/run-config.ts';
import type {AndroidKnobs} from '../../src/workload/android/knobs.ts';
import {AndroidWorld} from '../../src/workload/android/world.ts';

const MS = 1_000_000;
const S = 1_000_000_000;

describe('exitsDetail', () => {
  it('one entry per killed task: adj and reason at kill, exits already running, times, swap, CPU cluster', () => {
    const spec = resolveRun({scenario: 'camera-launch', policy: 'gather', seed: 1, set: ['cameraFirstSec=0', 'switchSecMin=0', 'switchSecMax=0', 'restartSecMean=0', 'maxCacheEntries=1000000']});
    const world = new AndroidWorld(spec.scenario.name, spec.workloadKnobs as unknown as AndroidKnobs);
    const engine = new Engine({scenario: spec.scenario.name, device: spec.device, seed: spec.seed, params: spec.params}, world);
    const [a, b] = [...world.lru].reverse().map((app) => app.proc!);
    const entries = [a!.mm.swapents, b!.mm.swapents];
    const adj = [a!.oomScoreAdj, b!.oomScoreAdj];
    expect(adj[0]).toBe(999);
    engine.scheduleKill(100 * MS, a!.pid, 'first');
    engine.scheduleKill(100 * MS, b!.pid, 'second');
    engine.runUntil(5 * S);
    const s = summarize(engine, spec, 0);
    const details = [a!, b!].map((p) => s.exitsDetail.find((d) => d.pid === p.pid)!);
    expect(details.map((d) => [d.killReason, d.oomScoreAdj, d.killedAtMs, d.concurrentExits, d.swapEntriesAtKill])).toEqual([
      ['first', adj[0], 100, 0, entries[0]],
      ['second', adj[1], 100, 1, entries[1]],
    ]);
    for (const d of details) {
      expect(d.swappedMB).toBeCloseTo((d.swapEntriesAtKill * 4096) / (1024 * 1024), 3);
      expect(d.exitMs).toBeGreaterThan(30);
      // Under gather with max_cache_entries out of reach, the parked entries are not freed: not released.
      expect(d.releaseMs).toBeNull();
      expect(['little', 'mid', 'prime']).toContain(d.cpuType);
    }
  });
});

describe('slowExits', () => {
  it('counts the exits over 500 ms, with their mean and nearest-rank p50/p99', () => {
    expect(slowExits([100, 499, 500, 501, 700, 1500])).toEqual({thresholdMs: 500, count: 3, meanMs: 900.333, p50Ms: 700, p99Ms: 1500});
    expect(slowExits([120, 300])).toEqual({thresholdMs: 500, count: 0, meanMs: 0, p50Ms: 0, p99Ms: 0});
  });
});

describe('formatSummary', () => {
  it('prints the Android sections and the slowest exits', () => {
    const base = {
      scenario: 'camera-launch', policy: 'sync', device: 'phone', seed: 1, simSeconds: 90, kills: 2, exits: 2,
      exitMs: {p50: 300, p95: 610, p99: 610, max: 610}, releaseMs: {p50: 280, p95: 590, p99: 590, max: 590},
      swap: {entriesAtKill: 200_000, freedSync: 200_000, freedAsync: 0, pending: 0},
      cache: {peak: 0, flushes: 0, forcedFlushes: 0, workQueued: 0, workEmpty: 0, allocFailures: 0, asyncSwapCount: 0},
      kworkers: [], cpuMs: {exitingTasks: 900, kworkers: 0, reaper: 100},
      psi: {someTotalMs: 1000, fullTotalMs: 10, someAvg10Max: 5, fullAvg10Max: 0.1},
      exitCost: {freeSwapPct: 33.3, zramPctOfFreeSwap: 85}, memory: {freeMinMB: 32, zramPeakMB: 2600, zramHeldByGatherPeakMB: 0},
      slowExits: {thresholdMs: 500, count: 1, meanMs: 610, p50Ms: 610, p99Ms: 610},
      exitsDetail: [
        {pid: 1001, comm: 'com.whatsapp', oomScoreAdj: 999, killReason: 'LOW_MEM_AND_SWAP', killedAtMs: 3400, exitMs: 300, releaseMs: 280, swapEntriesAtKill: 80_000, swappedMB: 312.5, concurrentExits: 0, cpuType: 'mid'},
        {pid: 1002, comm: 'com.instagram.android', oomScoreAdj: 998, killReason: 'PRESSURE_AFTER_KILL', killedAtMs: 3500.5, exitMs: 610, releaseMs: null, swapEntriesAtKill: 120_000, swappedMB: 468.75, concurrentExits: 1, cpuType: 'prime'},
      ],
      pageCache: {fileMB: 650.2, activeMB: 400, inactiveMB: 250.2, refaultsMB: 120, readaheadDroppedMB: 0},
      reclaim: {allocStalls: 40, mayOomEntries: 0, reclaimedMB: 200, fileReclaimedMB: 900, kswapdWakeups: 12},
      foreground: {launches: 2, launchMs: {p50: 900, p95: 950, max: 950}, frames: 600, framesLate: 3, lateForCpu: 2, lateForMemory: 1, launchCpuPct: {exitingTasks: 12.5, services: 80, camera: 4, kswapd: 1, lmkd: 1, kworkers: 0, busy: 100, idle: 0}, appColdStarts: 0, appWarmStarts: 3},
      preview: {launches: 2, launchMs: {p50: 900, p95: 950, max: 950}, freeAtPreviewMB: {min: 120, mean: 300}, free500MB: {min: 60, mean: 200}, lateFramesPerLaunch: {cpu: 1, memory: 0.5}, launchesWithLateFramePct: 50, launchMemStallMs: 210, perLaunch: []},
      cpuPeakPct: {busy: 100, exitingTasks: 37.5, kworkers: 0, camera: 10, services: 96, kswapd: 4, lmkd: 3, perLaunch: [{busy: 100}]},
      lmkd: {kills: 2, killsByReason: {PRESSURE_AFTER_KILL: 1, NOT_RESPONDING: 0, LOW_MEM_AND_SWAP: 1}, killsPerLaunch: [2, 0], killsPerLaunchByReason: [], decisionToDeathMs: {p50: 300, p95: 610, p99: 610, max: 610}, reaperRuns: 2, reaperBusySkips: 0, psiEvents: 3, wakeups: 120, skippedWakeups: 9, bails: 40, oomKills: 0},
      engine: {events: 1000, wallMs: 10},
    } as unknown as Summary;
    const text = formatSummary(base).split('\n');
    const from = text.findIndex((l) => l.startsWith('  page cache:'));
    expect(text.find((l) => l.startsWith('  slow exits'))).toBe('  slow exits (> 500 ms): 1, mean 610.0 ms, p50 610.0 ms, p99 610.0 ms');
    expect(text.slice(from, -1).join('\n')).toMatchInlineSnapshot(`
      "  page cache: 650 MB (active 400, inactive 250); refaults 120 MB (workingset_refault_file), readahead given up 0 MB
        reclaim: 40 allocation stalls, 0 __alloc_pages_may_oom; 900 MB file pages and 200 MB anon to zram; kswapd woken 12 times
        camera: 2 launches, launch → first frame p50 900.0 ms p95 950.0 ms max 950.0 ms; 600 frames, 3 late (CPU 2, memory 1)
        launch CPU (launch → first frame, % of all CPUs, mean over launches): exiting tasks 12.5, services 80.0, camera 4.0, kswapd 1.0, lmkd 1.0, kworkers 0.0, busy 100.0, idle 0.0
        preview: free at the first frame min 120 / mean 300 MB, over the next 500 ms min 60 / mean 200 MB; late frames per launch CPU 1.00, memory 0.50; launches with a late frame 50.0%; launch stalled on memory 210.0 ms (mean)
        CPU peak (highest 100 ms of any launch window, % of all CPUs): busy 100.0, exiting tasks 37.5, kworkers 0.0, camera 10.0, services 96.0, kswapd 4.0, lmkd 3.0
        lmkd: 2 kills (PRESSURE_AFTER_KILL 1, LOW_MEM_AND_SWAP 1); per launch 2, 0; decision → victim dead p50 300.0 ms p99 610.0 ms
        lmkd wake-ups 120 (9 skipped waiting for a victim, 40 with no reclaim or refaults), PSI events 3; reapers 2 runs, 0 busy; kernel OOM kills 0
        exits (slowest 2 of 2; with = exits already running at its do_exit, cpu = where it ran most):
           pid  comm                   adj  reason               killed at      exit   release  swap MB  with  cpu
          1002  com.instagram.android  998  PRESSURE_AFTER_KILL    3.501 s  610.0 ms    parked    468.8     1  prime
          1001  com.whatsapp           999  LOW_MEM_AND_SWAP       3.400 s  300.0 ms  280.0 ms    312.5     0  mid"
    `);
  });
});
