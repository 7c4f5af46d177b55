/**
 * lmkd's kill decision (system/memory/lmkd/lmkd.cpp, mp_event_psi), as a pure function of what it
 * reads from /proc (vmstat, meminfo, zoneinfo, PSI) and of the state it keeps between wake-ups.
 * Reasons and their order, the thrashing computation with its per-window reset and decay, the
 * perceptible-app rules and the early bail-out are lmkd's; the kill itself is lmkd.ts's.
 */

/** lmkd's kill reasons (enum kill_reasons), verbatim. */
export const KILL_REASONS = [
  'PRESSURE_AFTER_KILL',
  'NOT_RESPONDING',
  'LOW_SWAP_AND_THRASHING',
  'LOW_MEM_AND_SWAP',
  'LOW_MEM_AND_THRASHING',
  'DIRECT_RECL_AND_THRASHING',
] as const;
export type KillReason = (typeof KILL_REASONS)[number];

/** THRASHING_RESET_INTERVAL_MS */
export const THRASHING_RESET_INTERVAL_NS = 1_000_000_000;
/** PERCEPTIBLE_APP_ADJ: apps at or below it are spared by the thrashing and swap reasons. */
export const PERCEPTIBLE_APP_ADJ = 200;

/** The ro.lmk.* properties the decision uses. */
export interface LmkProps {
  /** ro.lmk.thrashing_limit, percent (100; 30 on low-RAM devices). */
  readonly thrashingLimit: number;
  /** ro.lmk.thrashing_limit_decay, percent cut per thrashing kill (10; 50 on low-RAM devices). */
  readonly thrashingLimitDecay: number;
  /** ro.lmk.thrashing_limit_critical, percent (default twice the limit). */
  readonly thrashingLimitCritical: number;
  /** ro.lmk.swap_free_low_percentage (10). */
  readonly swapFreeLowPercentage: number;
  /**
   * ro.lmk.swap_compression_ratio (1): free swap counts at most this many times the memory that is
   * easily available to compress into (free + inactive file); 0 counts SwapFree alone.
   */
  readonly swapCompressionRatio: number;
  /** ro.lmk.stall_limit_critical: PSI full avg10 above it lets perceptible apps die (100). */
  readonly stallLimitCritical: number;
  /** ro.lmk.pressure_after_kill_min_score (0). */
  readonly pressureAfterKillMinScore: number;
}

/** What one wake-up reads: vmstat, meminfo, the zone watermarks, PSI. Pages unless named. */
export interface VmView {
  readonly nowNs: number;
  /** nr_free_pages − nr_free_cma */
  readonly freePages: number;
  /** meminfo SwapFree. */
  readonly minPages: number;
  readonly lowPages: number;
  readonly highPages: number;
  readonly swapFreePages: number;
  readonly swapTotalPages: number;
  readonly activeFile: number;
  readonly inactiveFile: number;
  readonly workingsetRefaultFile: number;
  readonly pgscanKswapd: number;
  readonly pgscanDirect: number;
  readonly pgrefill: number;
  /** /proc/pressure/memory full avg10, percent. */
  readonly psiFullAvg10: number;
}

/** The statics of mp_event_psi. */
export interface DecideState {
  initWsRefault: number;
  prevWorkingsetRefault: number;
  baseFileLru: number;
  initPgscanKswapd: number;
  initPgscanDirect: number;
  initPgrefill: number;
  /** A kill was made on the previous wake-up. */
  killing: boolean;
  thrashingLimit: number;
  thrashingResetNs: number;
  prevThrashGrowth: number;
  checkFilecache: boolean;
  /** The last thrashing figure computed, percent. */
  thrashing: number;
}

export function initialDecideState(props: LmkProps): DecideState {
  return {
    initWsRefault: 0,
    prevWorkingsetRefault: 0,
    baseFileLru: 0,
    initPgscanKswapd: 0,
    initPgscanDirect: 0,
    initPgrefill: 0,
    killing: false,
    thrashingLimit: props.thrashingLimit,
    // lmkd's static timespec starts at 0 while CLOCK_MONOTONIC is the uptime: the first wake-up
    // finds countless windows passed and starts from zero growth.
    thrashingResetNs: -Infinity,
    prevThrashGrowth: 0,
    checkFilecache: false,
    thrashing: 0,
  };
}

export type Watermark = 'min' | 'low' | 'high' | 'none';

/** The outcome of one wake-up. */
export interface Decision {
  /** No reclaim and no new refaults since the last look: lmkd went back to sleep early. */
  readonly bailed: boolean;
  readonly reason: KillReason | null;
  /** Lowest oom_score_adj lmkd may kill for this reason. */
  readonly minScoreAdj: number;
  /** lmkd's kill_desc. */
  readonly desc: string;
  readonly thrashing: number;
  readonly swapLow: boolean;
  readonly reclaim: 'none' | 'kswapd' | 'direct';
  readonly wmark: Watermark;
  /** A kill for this reason cuts the thrashing limit. */
  readonly cutThrashingLimit: boolean;
}

/**
 * get_free_swap: SwapFree, but no more than the memory swap could use (easy_available = free +
 * inactive file, times swap_compression_ratio): swap space is of no use without memory to
 * compress into.
 */
export function freeSwap(v: VmView, props: LmkProps): number {
  if (props.swapCompressionRatio <= 0) return v.swapFreePages;
  return Math.min(v.swapFreePages, (v.freePages + v.inactiveFile) * props.swapCompressionRatio);
}

/** get_lowest_watermark: the lowest watermark free memory is below. */
export function lowestWatermark(v: VmView): Watermark {
  if (v.freePages < v.minPages) return 'min';
  if (v.freePages < v.lowPages) return 'low';
  if (v.freePages < v.highPages) return 'high';
  return 'none';
}

const RANK: Readonly<Record<Watermark, number>> = {min: 0, low: 1, high: 2, none: 3};
const kb = (pages: number): number => pages * 4;
/** The swap figures of a kill_desc (built only for a kill: a wake-up that kills nobody makes no strings). */
const swapKb = (swapFree: number, threshold: number): string => `${kb(swapFree)}kB < ${Math.floor(kb(threshold))}kB`;
/** The lowest oom_score_adj a reason may kill: above perceptible when `ok` spares those apps. */
const spare = (ok: boolean): number => (ok ? PERCEPTIBLE_APP_ADJ + 1 : 0);

/**
 * One wake-up of mp_event_psi, from after the kill-pending check to the kill decision. `critical`
 * is a critical-level PSI event (`events != 0` at VMPRESS_LEVEL_CRITICAL). Mutates `s`.
 */
export function decide(s: DecideState, v: VmView, props: LmkProps, critical: boolean): Decision {
  let cycleAfterKill = false;
  if (s.killing) {
    // Reset file-backed pagecache size and refault amounts after a kill.
    s.killing = false;
    cycleAfterKill = true;
    s.baseFileLru = v.inactiveFile + v.activeFile;
    s.initWsRefault = v.workingsetRefaultFile;
    s.thrashingResetNs = v.nowNs;
    s.prevThrashGrowth = 0;
  }
  const swapLowThreshold = props.swapFreeLowPercentage > 0 ? (v.swapTotalPages * props.swapFreeLowPercentage) / 100 : 0;
  const swapFree = freeSwap(v, props);
  const swapLow = props.swapFreeLowPercentage > 0 && swapFree < swapLowThreshold;

  let reclaim: Decision['reclaim'] = 'none';
  if (v.pgscanDirect !== s.initPgscanDirect) {
    s.initPgscanDirect = v.pgscanDirect;
    s.initPgscanKswapd = v.pgscanKswapd;
    s.initPgrefill = v.pgrefill;
    reclaim = 'direct';
  } else if (v.pgscanKswapd !== s.initPgscanKswapd) {
    s.initPgscanKswapd = v.pgscanKswapd;
    s.initPgrefill = v.pgrefill;
    reclaim = 'kswapd';
  } else if (v.pgrefill !== s.initPgrefill) {
    s.initPgrefill = v.pgrefill;
    s.checkFilecache = true;
  } else if (v.workingsetRefaultFile === s.prevWorkingsetRefault && !s.checkFilecache) {
    // Not thrashing and not reclaiming: bail out early until these stats change.
    return {bailed: true, reason: null, minScoreAdj: 0, desc: '', thrashing: s.thrashing, swapLow, reclaim, wmark: lowestWatermark(v), cutThrashingLimit: false};
  }
  s.prevWorkingsetRefault = v.workingsetRefaultFile;

  let thrashing = 0;
  const sinceResetNs = v.nowNs - s.thrashingResetNs;
  if (sinceResetNs > THRASHING_RESET_INTERVAL_NS) {
    s.prevThrashGrowth = Math.floor(((v.workingsetRefaultFile - s.initWsRefault) * 100) / (s.baseFileLru + 1));
    const windows = Math.floor(sinceResetNs / THRASHING_RESET_INTERVAL_NS);
    // Decay, unless over-the-limit thrashing was registered in the window just crossed.
    if (windows > 1 || s.prevThrashGrowth < s.thrashingLimit) s.prevThrashGrowth = Math.floor(s.prevThrashGrowth / 2 ** windows);
    s.baseFileLru = v.inactiveFile + v.activeFile;
    s.initWsRefault = v.workingsetRefaultFile;
    s.thrashingResetNs = v.nowNs;
    s.thrashingLimit = props.thrashingLimit;
  } else {
    thrashing = Math.floor(((v.workingsetRefaultFile - s.initWsRefault) * 100) / (s.baseFileLru + 1));
  }
  thrashing += s.prevThrashGrowth;
  s.thrashing = thrashing;

  const wmark = lowestWatermark(v);
  const rank = RANK[wmark];
  const criticalStall = v.psiFullAvg10 > props.stallLimitCritical;
  const wm = rank < RANK.low ? 'min' : 'low';
  let reason: KillReason | null = null;
  let minScoreAdj = 0;
  let desc = '';
  let cut = false;
  if (cycleAfterKill && rank < RANK.low) {
    reason = 'PRESSURE_AFTER_KILL';
    minScoreAdj = props.pressureAfterKillMinScore;
    desc = 'min watermark is breached even after kill';
  } else if (critical) {
    reason = 'NOT_RESPONDING';
    desc = 'device is not responding';
  } else if (swapLow && thrashing > props.thrashingLimit) {
    reason = 'LOW_SWAP_AND_THRASHING';
    desc = `device is low on swap (${swapKb(swapFree, swapLowThreshold)}) and thrashing (${thrashing}%)`;
    minScoreAdj = spare(rank > RANK.min && thrashing < props.thrashingLimitCritical);
    s.checkFilecache = true;
  } else if (swapLow && rank < RANK.high) {
    reason = 'LOW_MEM_AND_SWAP';
    desc = `${wm} watermark is breached and swap is low (${swapKb(swapFree, swapLowThreshold)})`;
    minScoreAdj = spare(rank > RANK.min && thrashing < props.thrashingLimitCritical);
  } else if (rank < RANK.high && thrashing > s.thrashingLimit) {
    reason = 'LOW_MEM_AND_THRASHING';
    desc = `${wm} watermark is breached and thrashing (${thrashing}%)`;
    cut = true;
    minScoreAdj = spare(thrashing < props.thrashingLimitCritical);
    s.checkFilecache = true;
  } else if (reclaim === 'direct' && thrashing > s.thrashingLimit) {
    reason = 'DIRECT_RECL_AND_THRASHING';
    desc = `device is in direct reclaim and thrashing (${thrashing}%)`;
    cut = true;
    minScoreAdj = spare(thrashing < props.thrashingLimitCritical);
    s.checkFilecache = true;
  } else if (s.checkFilecache) {
    // ro.lmk.filecache_min_kb is 0 by default: the file cache is always "big enough".
    s.checkFilecache = false;
  }
  // Allow killing perceptible apps if the system is stalled.
  if (reason !== null && criticalStall) minScoreAdj = 0;
  return {bailed: false, reason, minScoreAdj, desc, thrashing, swapLow, reclaim, wmark, cutThrashingLimit: cut};
}

/** A kill was made (pages_freed > 0): remember it, and cut the thrashing limit for a thrashing reason. */
export function noteKill(s: DecideState, d: Decision, props: LmkProps): void {
  s.killing = true;
  if (d.cutThrashingLimit) s.thrashingLimit = Math.floor((s.thrashingLimit * (100 - props.thrashingLimitDecay)) / 100);
}
