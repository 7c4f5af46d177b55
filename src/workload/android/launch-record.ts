/**
 * What the summary keeps of each camera launch (camera.ts fills it in), and the free-memory probe
 * that follows free memory over a window (its minimum and time-weighted mean).
 */
import type {CpuCounters, CpuShares} from './cpu-account.ts';
import {DOUBLE_ZERO} from '../../engine/units.ts';

/** One cold launch, for the summary. */
export interface LaunchRecord {
  readonly startNs: number;
  readonly allocMB: number;
  firstFrameNs: number;
  /** CPU share of each consumer over launch → first frame, percent of all CPUs' time. */
  cpuPct: CpuShares | null;
  /**
   * CPU share of each consumer over the launch's kill wave (lmkd's first kill after the launch
   * started → first frame), percent; null when lmkd killed nothing before the first frame.
   */
  killWaveCpuPct: CpuShares | null;
  /** The highest 100 ms share of each consumer over the launch window (launch → first frame + 1 s). */
  cpuPeakPct: Record<keyof CpuCounters, number> | null;
  /** Free memory when the first frame is shown, and its minimum and time-weighted mean over the next 500 ms, pages. */
  freeAtPreview: number;
  freeMin500: number;
  freeMean500: number;
  /** Free memory over launch → first frame: its minimum and time-weighted mean, pages (−1 until the first frame). */
  freeMinLaunch: number;
  freeMeanLaunch: number;
  /** Frames of this preview, late ones by cause. */
  frames: number;
  lateForCpu: number;
  lateForMemory: number;
  /** Time the launch (before the first frame) stalled on memory: direct reclaim and refaults, ns. */
  memStallNs: number;
}

/** Free memory followed over a window: the last value and its time, the running minimum and integral (pages, ns). */
export interface FreeProbe {
  readonly endNs: number;
  lastNs: number;
  last: number;
  min: number;
  integral: number;
}

export function newProbe(nowNs: number, endNs: number, free: number): FreeProbe {
  return {endNs, lastNs: nowNs, last: free, min: free, integral: DOUBLE_ZERO};
}

/** Free memory is `free` from `nowNs` on (changes after the window's end are not counted). */
export function follow(p: FreeProbe, nowNs: number, free: number): void {
  const now = Math.min(nowNs, p.endNs);
  p.integral += p.last * (now - p.lastNs);
  p.lastNs = now;
  p.last = free;
  if (nowNs <= p.endNs) p.min = Math.min(p.min, free);
}
