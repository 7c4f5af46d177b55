import type {SnapshotExtras} from '../../engine/engine.ts';
import {NS_PER_MS, PAGE_SIZE} from '../../engine/engine.ts';
import type {ForegroundSnapshot} from '../../engine/snapshot.ts';
import {percentiles} from '../../engine/stats.ts';
import type {CpuCounters} from './cpu-account.ts';
import {KILL_REASONS} from './lmkd-decide.ts';
import {memoryBreakdown} from './memory-account.ts';
import {LAUNCH_KILL_WINDOW_NS, type AndroidWorld} from './world.ts';

const MB = 1024 * 1024;
const r1 = (x: number): number => Math.round(x * 10) / 10;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const mbOf = (pages: number): number => r1((pages * PAGE_SIZE) / MB);
const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The foreground panel's view: the camera's phase, launches, frames and the next launch. */
export function foregroundSnapshot(w: AndroidWorld): ForegroundSnapshot {
  const cam = w.camera;
  const e = w.engine;
  const f = cam.frames;
  const cur = cam.current;
  const common = {
    lateForCpu: f.lateForCpu,
    lateForMemory: f.lateForMemory,
    nextLaunchInNs: w.nextCameraLaunchNs >= 0 ? w.nextCameraLaunchNs - e.nowNs : null,
    firstFrameMs: cam.active && cur && cur.firstFrameNs >= 0 ? (cur.firstFrameNs - cur.startNs) / NS_PER_MS : null,
  };
  if (cam.active || cam.launches.length > 0 || w.k.cameraFirstSec > 0) {
    return {
      app: cam.active ? cam.app.name : (w.fg?.name ?? '-'),
      state: cam.state,
      launches: cam.launches.length,
      lastLaunchMs: cam.lastLaunchMs,
      frames: f.frames,
      framesLate: f.framesLate,
      ...common,
    };
  }
  return {app: w.fg?.name ?? '-', state: 'idle', launches: 0, lastLaunchMs: null, frames: 0, framesLate: 0, ...common};
}

/** The memory breakdown and lmkd for the snapshot. */
export function snapshotExtras(w: AndroidWorld): SnapshotExtras {
  const m = memoryBreakdown(w);
  const bytes = (pages: number): number => pages * PAGE_SIZE;
  return {
    memory: {
      fileBytes: bytes(m.file),
      fileActiveBytes: bytes(m.fileActive),
      fileInactiveBytes: bytes(m.fileInactive),
      anonBytes: bytes(m.anon),
      kernelBytes: bytes(m.kernel),
      refaultsPerSec: w.refaultsPerSec,
    },
    lmkd: w.lmkd.snapshot(),
  };
}

/** Kills lmkd made in the 10 s after each launch, in all and by reason. */
function killsPerLaunch(w: AndroidWorld): {total: number[]; byReason: Record<string, number>[]} {
  const total: number[] = [];
  const byReason: Record<string, number>[] = [];
  for (const l of w.camera.launches) {
    const kills = w.lmkd.killLog.filter((r) => r.tNs >= l.startNs && r.tNs < l.startNs + LAUNCH_KILL_WINDOW_NS);
    total.push(kills.length);
    const by: Record<string, number> = {};
    for (const r of kills) by[r.reason] = (by[r.reason] ?? 0) + 1;
    byReason.push(by);
  }
  return {total, byReason};
}

/** The headless summary's Android sections: foreground, preview, cpuPeakPct, lmkd, reclaim, pageCache. */
export function worldSummary(w: AndroidWorld): Readonly<Record<string, unknown>> {
  const cam = w.camera;
  const done = cam.launches.filter((l) => l.firstFrameNs >= 0);
  const launchMs = percentiles(done.map((l) => (l.firstFrameNs - l.startNs) / NS_PER_MS));
  const shares = done.map((l) => l.cpuPct!);
  const cpuPct = shares.length
    ? Object.fromEntries(Object.keys(shares[0]!).map((key) => [key, r1(mean(shares.map((s) => s[key as keyof typeof s])))]))
    : null;
  const lmkd = w.lmkd;
  const perLaunch = killsPerLaunch(w);
  const byReason = Object.fromEntries(KILL_REASONS.map((r) => [r, lmkd.killsByReason[r] ?? 0]));
  const toDeath = lmkd.killLog.filter((r) => r.deadNs >= 0).map((r) => (r.deadNs - r.decidedNs) / NS_PER_MS);
  const watched = done.filter((l) => l.freeMin500 >= 0);
  const f = cam.frames;
  const peaks = done.filter((l) => l.cpuPeakPct).map((l) => l.cpuPeakPct!);
  const peakKeys: (keyof CpuCounters)[] = ['busy', 'exitingTasks', 'kworkers', 'camera', 'services', 'kswapd', 'lmkd'];
  const m = memoryBreakdown(w);
  return {
    foreground: {
      launches: cam.launches.length,
      launchMs: {p50: launchMs.p50, p95: launchMs.p95, max: launchMs.max},
      frames: f.frames,
      framesLate: f.framesLate,
      lateForCpu: f.lateForCpu,
      lateForMemory: f.lateForMemory,
      launchCpuPct: cpuPct,
      appColdStarts: w.user.coldStarts,
      appWarmStarts: w.user.warmStarts,
    },
    preview: {
      launches: done.length,
      launchMs: {p50: launchMs.p50, p95: launchMs.p95, max: launchMs.max},
      freeAtPreviewMB: {min: mbOf(done.length ? Math.min(...done.map((l) => l.freeAtPreview)) : 0), mean: mbOf(mean(done.map((l) => l.freeAtPreview)))},
      free500MB: {min: mbOf(watched.length ? Math.min(...watched.map((l) => l.freeMin500)) : 0), mean: mbOf(mean(watched.map((l) => l.freeMean500)))},
      lateFramesPerLaunch: {cpu: r3(mean(done.map((l) => l.lateForCpu))), memory: r3(mean(done.map((l) => l.lateForMemory)))},
      launchesWithLateFramePct: r1(done.length ? (100 * done.filter((l) => l.lateForCpu + l.lateForMemory > 0).length) / done.length : 0),
      launchMemStallMs: r3(mean(done.map((l) => l.memStallNs / NS_PER_MS))),
      perLaunch: done.map((l) => ({
        startMs: r3(l.startNs / NS_PER_MS),
        launchMs: r3((l.firstFrameNs - l.startNs) / NS_PER_MS),
        freeAtPreviewMB: mbOf(l.freeAtPreview),
        free500MB: l.freeMin500 >= 0 ? {min: mbOf(l.freeMin500), mean: mbOf(l.freeMean500)} : null,
        freeLaunchMB: l.freeMinLaunch >= 0 ? {min: mbOf(l.freeMinLaunch), mean: mbOf(l.freeMeanLaunch)} : null,
        cpuPct: l.cpuPct,
        killWaveCpuPct: l.killWaveCpuPct,
        frames: l.frames,
        lateForCpu: l.lateForCpu,
        lateForMemory: l.lateForMemory,
      })),
    },
    cpuPeakPct: {
      ...Object.fromEntries(peakKeys.map((key) => [key, r1(Math.max(0, ...peaks.map((p) => p[key])))])),
      perLaunch: peaks.map((p) => Object.fromEntries(peakKeys.map((key) => [key, p[key]]))),
    },
    lmkd: {
      kills: lmkd.kills,
      killsByReason: byReason,
      killsPerLaunch: perLaunch.total,
      killsPerLaunchByReason: perLaunch.byReason,
      decisionToDeathMs: percentiles(toDeath),
      reaperRuns: lmkd.reaperRuns,
      reaperBusySkips: lmkd.reaperBusySkips,
      psiEvents: lmkd.events,
      wakeups: lmkd.wakeups,
      skippedWakeups: lmkd.skippedWakeups,
      bails: lmkd.bails,
      oomKills: w.oomKills,
    },
    reclaim: {
      allocStalls: w.mem.allocStalls,
      mayOomEntries: w.mem.oomPathEntries,
      reclaimedMB: Math.round((w.reclaim.pagesReclaimed * PAGE_SIZE) / MB),
      fileReclaimedMB: Math.round((w.cache.evicted * PAGE_SIZE) / MB),
      kswapdWakeups: w.kswapd.wakeups,
    },
    pageCache: {
      fileMB: mbOf(m.file),
      activeMB: mbOf(m.fileActive),
      inactiveMB: mbOf(m.fileInactive),
      refaultsMB: mbOf(w.cache.workingsetRefault),
      readaheadDroppedMB: mbOf(w.mem.readaheadDropped),
    },
  };
}
