import {DOUBLE_ZERO} from '../../engine/units.ts';
import type {AndroidKnobs} from './knobs.ts';
import type {LmkProps, VmView} from './lmkd-decide.ts';
import type {AndroidWorld} from './world.ts';

/** The ro.lmk.* properties lmkd's decision uses, from the world's knobs. */
export function lmkProps(k: AndroidKnobs): LmkProps {
  return {
    thrashingLimit: k.lmkThrashingLimit,
    thrashingLimitDecay: k.lmkThrashingLimitDecay,
    thrashingLimitCritical: k.lmkThrashingLimitCritical,
    swapFreeLowPercentage: k.lmkSwapFreeLowPercentage,
    swapCompressionRatio: k.lmkSwapCompressionRatio,
    stallLimitCritical: k.lmkStallLimitCritical,
    pressureAfterKillMinScore: k.lmkPressureAfterKillMinScore,
  };
}

/**
 * What lmkd reads from /proc on a wake-up (vmstat, meminfo, zoneinfo, PSI), read from the world
 * into one object that each read overwrites (lmkd wakes every 10 ms while it polls).
 */
export class VmReader {
  private readonly v: {-readonly [K in keyof VmView]: VmView[K]} = {
    nowNs: DOUBLE_ZERO,
    freePages: 0,
    minPages: 0,
    lowPages: 0,
    highPages: 0,
    swapFreePages: 0,
    swapTotalPages: 0,
    activeFile: 0,
    inactiveFile: 0,
    workingsetRefaultFile: 0,
    pgscanKswapd: 0,
    pgscanDirect: 0,
    pgrefill: 0,
    psiFullAvg10: DOUBLE_ZERO,
  };

  constructor(private readonly w: AndroidWorld) {}

  /** The view now (valid until the next read). */
  read(): VmView {
    const w = this.w;
    const e = w.engine;
    const pc = w.cache;
    const v = this.v;
    const mapped = w.maps.sizes();
    v.nowNs = e.nowNs;
    v.freePages = e.freePages;
    v.minPages = e.minPages;
    v.lowPages = e.lowPages;
    v.highPages = e.highPages;
    v.swapTotalPages = e.swapTotalPages;
    v.swapFreePages = Math.max(0, e.swapTotalPages - e.zramPages);
    v.activeFile = pc.activePages + mapped.total - mapped.inactive;
    v.inactiveFile = pc.inactivePages + mapped.inactive;
    v.workingsetRefaultFile = pc.workingsetRefault;
    v.pgscanKswapd = w.reclaim.pgscanKswapd;
    v.pgscanDirect = w.reclaim.pgscanDirect;
    v.pgrefill = pc.pgrefill;
    v.psiFullAvg10 = e.psi.full.avg10;
    return v;
  }
}
