/**
 * The range of every knob `--set` and scenario files accept, and where it comes from. Each range is
 * what is physically meaningful on the device the run simulates (a process's swapped memory fits in
 * swap, a percentage is at most 100, a PSI stall within a 1 s window is at most 1000 ms), so a value
 * outside it is a mistake: it is refused with one line before anything is allocated.
 *
 * One table, so that the engine's own table (ENGINE_KNOB_DOCS of src/engine/params.ts, when it
 * lands) can replace the engine rows at merge. Knobs not named here get the range of their unit,
 * read from the name's suffix (…Ms, …Sec, …Pct, …Ns); a knob neither places gets a stopgap range,
 * and a test (test/reliability/units.test.ts) fails until every knob of every workload and device
 * has a range of its own or of its unit.
 */

import {DEVICE_KNOB_DOCS, type DeviceKnobDoc} from './engine/device-knobs.ts';
import {ENGINE_KNOB_DOCS} from './engine/params.ts';
import {KNOB_ALIASES} from './workload/android/knobs.ts';

/** What a device allows, after its own knobs are applied. */
export interface DeviceLimits {
  readonly ramMB: number;
  /** The swap device (zram's disksize), MB. */
  readonly swapMB: number;
  readonly cpus: number;
  readonly nodes: number;
}

export interface KnobRange {
  readonly min: number;
  /** A number, or what the device allows (then `limit` names it: `zramDiskMB`, `ramMB + zramDiskMB`). */
  readonly max: number | ((d: DeviceLimits) => number);
  readonly limit?: string;
  readonly integer: boolean;
  /** Why the range is what it is, in a few words. */
  readonly why: string;
}

/** PID_MAX_DEFAULT: the default limit on tasks (processes and threads) of a Linux system. */
export const PID_MAX_DEFAULT = 32_768;
/** The longest run aswap simulates (--sim-seconds), one day. */
export const MAX_SIM_SECONDS = 86_400;
/** PTRS_PER_PTE: a swap run never crosses a PTE table. */
const PTRS_PER_PTE = 512;
/** WQ_MAX_ACTIVE */
const WQ_MAX_ACTIVE = 2048;
/** Two sockets of today's largest servers, 8 TiB each. */
export const MAX_RAM_MB = 16 * 1024 * 1024;
const PAGE_MB = 4096 / (1024 * 1024);

const count = (why: string, min = 0): KnobRange => ({min, max: PID_MAX_DEFAULT, integer: true, why: why || 'pid_max, the most tasks'});
const bool: KnobRange = {min: 0, max: 1, integer: true, why: '0 or 1'};
const pct: KnobRange = {min: 0, max: 100, integer: false, why: 'a percentage'};
const ms: KnobRange = {min: 0, max: MAX_SIM_SECONDS * 1000, integer: false, why: 'a day, the longest run'};
const sec: KnobRange = {min: 0, max: MAX_SIM_SECONDS, integer: false, why: 'a day, the longest run'};
const us: KnobRange = {min: 0, max: MAX_SIM_SECONDS * 1e6, integer: false, why: 'a day, the longest run'};
const resident: KnobRange = {min: 0, max: (d) => d.ramMB, limit: 'ramMB', integer: false, why: 'resident memory fits in RAM'};
const swapped: KnobRange = {min: 0, max: (d) => d.swapMB, limit: 'zramDiskMB', integer: false, why: 'swapped memory fits in swap'};
const anon: KnobRange = {min: 0, max: (d) => d.ramMB + d.swapMB, limit: 'ramMB + zramDiskMB', integer: false, why: "a process's memory fits in RAM plus swap"};
const chunk: KnobRange = {min: PAGE_MB, max: (d) => d.ramMB, limit: 'ramMB', integer: false, why: 'from one 4 KiB page to all of RAM'};
/** Costs of one kernel operation: more than a nanosecond, less than a second of CPU. */
const cost: KnobRange = {min: 1, max: 1e9, integer: false, why: 'one kernel operation takes 1 ns to 1 s'};
const runLength: KnobRange = {min: 1, max: PTRS_PER_PTE, integer: false, why: 'a swap run never crosses a PTE table'};
/** A mean CPU burst shorter than a context switch is no burst (and would cost a billion events a second). */
const burstMs: KnobRange = {min: 0.01, max: MAX_SIM_SECONDS * 1000, integer: false, why: 'a context switch, 10 µs, to a day'};
const psiStallMs: KnobRange = {min: 0, max: 1000, integer: false, why: 'a stall within a 1 s PSI window'};

/** Every knob with a range of its own; the rest get the range of their unit (below). */
export const KNOB_RANGES: Readonly<Record<string, KnobRange>> = {
  // Devices (src/engine/devices.ts).
  ramMB: {min: 64, max: MAX_RAM_MB, integer: true, why: '64 MB to 16 TiB, two server sockets of 8 TiB'},
  zramDiskMB: {min: 0, max: (d) => 2 * d.ramMB, limit: '2 × ramMB', integer: true, why: 'zram.rst: more than twice RAM is pointless'},
  zramRatio: {min: 1, max: 128, integer: false, why: "zsmalloc's smallest object is 32 bytes of a 4 KiB page"},
  minFreeKbytes: {min: 0, max: (d) => d.ramMB * 1024, limit: 'ramMB × 1024', integer: true, why: 'within RAM'},
  watermarkScaleFactor: {min: 1, max: 3000, integer: true, why: "vm.watermark_scale_factor's sysctl range"},
  // The patch and the workqueue (src/engine/params.ts).
  maxCacheEntries: {min: 1, max: 2 ** 30, integer: true, why: 'a flush needs at least one entry'},
  minExitingTasks: count('no more tasks than pid_max can exit'),
  swapentsThreshold: {min: 0, max: (d) => Math.min(2 ** 30, Math.round(d.swapMB / PAGE_MB)), limit: 'the swap entries', integer: true, why: 'no mm has more swap entries than the device'},
  maxActive: {min: 0, max: WQ_MAX_ACTIVE, integer: true, why: '0 is the default, WQ_MAX_ACTIVE the most'},
  nodeAllocFailPct: pct,
  workAllocFailPct: pct,
  // kill-burst.
  apps: count(''),
  swapMBMin: swapped,
  swapMBMax: swapped,
  rssMBMin: resident,
  rssMBMax: resident,
  meanRunEntries: runLength,
  // munmap.
  procs: count('', 1),
  sizeMB: swapped,
  firstCpu: {min: 0, max: (d) => d.cpus - 1, limit: 'CPUs − 1', integer: true, why: "one of the device's CPUs"},
  // numa-server.
  jobsPerNode: {min: 0, max: (d) => Math.floor(PID_MAX_DEFAULT / d.nodes), limit: '32768 / nodes', integer: true, why: 'pid_max, the most tasks'},
  jobSwapMBMin: swapped,
  jobSwapMBMax: swapped,
  jobRssMBMin: resident,
  jobRssMBMax: resident,
  waveSecMax: {min: 0.001, max: MAX_SIM_SECONDS, integer: false, why: 'waves at least 1 ms apart, at most a day'},
  waveJobs: count(''),
  bgThreadsPerNode: {min: 0, max: (d) => Math.floor(PID_MAX_DEFAULT / d.nodes), limit: '32768 / nodes', integer: true, why: 'pid_max, the most tasks'},
  bgBurstMs: burstMs,
  // The Android world.
  extraApps: count(''),
  anonMBMin: anon,
  anonMBMax: anon,
  fileMBMin: resident,
  fileMBMax: resident,
  initialFreeMB: resident,
  cameraAllocMBMin: resident,
  cameraAllocMBMax: resident,
  cameraHalAllocMB: resident,
  cameraPreviewAllocMB: resident,
  kswapdChunkMB: chunk,
  allocChunkMB: chunk,
  restartAged: bool,
  processMrelease: bool,
  victimBoost: bool,
  bgThreads: count(''),
  lmkdDecisionUs: us,
  kernelMB: resident,
  servicesMB: resident,
  systemFileMB: resident,
  cameraFileMB: resident,
  cameraFrameAllocMB: resident,
  cameraFrameFileKB: {min: 0, max: (d) => d.ramMB * 1024, limit: 'ramMB × 1024', integer: false, why: 'within RAM'},
  bgFileTouchPagesPerMs: {min: 0, max: (d) => Math.round(d.ramMB / PAGE_MB), limit: 'the pages of RAM', integer: false, why: 'at most all of RAM each millisecond'},
  bgReadMBPerCpuSec: {min: 0, max: 100_000, integer: false, why: 'faster than any storage (100 GB/s)'},
  swappiness: {min: 0, max: 200, integer: true, why: "vm.swappiness's sysctl range"},
  ioPagesPerRequest: {min: 1, max: 4096, integer: true, why: 'one page to a 16 MB request'},
  ioReadMBps: {min: 1, max: 100_000, integer: false, why: '1 MB/s to 100 GB/s of storage'},
  // lmkd's properties (system/memory/lmkd/lmkd.cpp).
  lmkPsiPartialStallMs: psiStallMs,
  lmkPsiCompleteStallMs: psiStallMs,
  lmkThrashingLimit: {min: 0, max: 10_000, integer: true, why: 'refaults as a percentage of the file LRU'},
  lmkThrashingLimitDecay: pct,
  lmkThrashingLimitCritical: {min: 0, max: 10_000, integer: true, why: 'refaults as a percentage of the file LRU'},
  lmkSwapFreeLowPercentage: pct,
  lmkSwapCompressionRatio: {min: 0, max: 128, integer: true, why: '0 turns it off; no compressor beats 128:1'},
  lmkStallLimitCritical: count('PSI events in a row'),
  lmkPressureAfterKillMinScore: {min: -1000, max: 1000, integer: true, why: "oom_score_adj's range"},
};

/** A range from the engine's own tables of its knobs and of the device's (their doc says what each is). */
function engineRangeOf(knob: string): KnobRange | null {
  const d = ENGINE_KNOB_DOCS[knob] ?? (DEVICE_KNOB_DOCS as Readonly<Record<string, DeviceKnobDoc>>)[knob];
  return d ? {min: d.min, max: d.max, integer: d.integer, why: 'the range the engine documents'} : null;
}

/** The range a knob's unit gives it, or null when neither the tables nor the name's suffix places it. */
export function knownRangeOf(knob: string): KnobRange | null {
  const own = KNOB_RANGES[knob] ?? engineRangeOf(knob);
  if (own) return own;
  if (/Pct$/.test(knob)) return pct;
  if (/(Ms|Ms(Min|Max))$/.test(knob)) return ms;
  if (/(Sec|Sec(Min|Max|Mean))$/.test(knob)) return sec;
  if (/Us$/.test(knob)) return us;
  if (/Ns(PerPage)?$/.test(knob)) return cost;
  return null;
}

/** A knob added without a range: still bounded, and the test of every knob's range fails until it gets one. */
const UNPLACED: KnobRange = {min: 0, max: 1e6, integer: false, why: 'no range of its own yet'};

/** The range of a knob: its own, else its unit's (see knownRangeOf). */
export function rangeOf(knob: string): KnobRange {
  return knownRangeOf(knob) ?? UNPLACED;
}

/** The upper bound of a range on a device. */
export function maxOf(range: KnobRange, d: DeviceLimits): number {
  return typeof range.max === 'number' ? range.max : range.max(d);
}

/** `0–32768`, `0–zramDiskMB`, or with a device `0–6144`. */
export function rangeText(range: KnobRange, d?: DeviceLimits): string {
  const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Math.round(x * 1e6) / 1e6));
  const max = d ? fmt(maxOf(range, d)) : typeof range.max === 'number' ? fmt(range.max) : range.limit!;
  return `${fmt(range.min)}–${max}`;
}

/**
 * The kernel's and lmkd's names of knobs, as the UI shows them, each with aswap's camelCase name:
 * `--set max_cache_entries=64` is `--set maxCacheEntries=64`.
 */
export const KERNEL_NAMES: Readonly<Record<string, string>> = {
  max_cache_entries: 'maxCacheEntries',
  MIN_EXITING_TASKS_THRESHOLD: 'minExitingTasks',
  max_active: 'maxActive',
  NUM_ASYNC_SWAP_WORK_ITEMS: 'maxActive',
  // lmkd's ro.lmk.* properties and vm.swappiness: the Android world names them (KNOB_ALIASES).
  ...Object.fromEntries(Object.entries(KNOB_ALIASES).map(([camel, name]) => [name, camel])),
  'vm.min_free_kbytes': 'minFreeKbytes',
  min_free_kbytes: 'minFreeKbytes',
  'vm.watermark_scale_factor': 'watermarkScaleFactor',
  watermark_scale_factor: 'watermarkScaleFactor',
};

/** aswap's name for a knob given by either name. */
export function canonicalKnob(name: string): string {
  return KERNEL_NAMES[name] ?? name;
}

/** The kernel's or lmkd's names of an aswap knob (empty if it has none). */
export function kernelNamesOf(knob: string): string[] {
  return Object.entries(KERNEL_NAMES)
    .filter(([, camel]) => camel === knob)
    .map(([name]) => name);
}
