/**
 * lmkd's kill decision (mp_event_psi) as a pure function: the early bail-out without reclaim or
 * refaults, the kill reasons in lmkd's order with their perceptible-app rules, the thrashing figure
 * with its per-second reset and decay, the thrashing limit cut after a thrashing kill, and free swap
 * capped by the memory there is to compress into.
 */
import {describe, expect, it} from 'vitest';
import {decide, freeSwap, initialDecideState, noteKill, PERCEPTIBLE_APP_ADJ, type LmkProps, type VmView} from '../../src/workload/android/lmkd-decide.ts';

const MS = 1_000_000;
const PROPS: LmkProps = {
  thrashingLimit: 100,
  thrashingLimitDecay: 10,
  thrashingLimitCritical: 200,
  swapFreeLowPercentage: 10,
  swapCompressionRatio: 1,
  stallLimitCritical: 100,
  pressureAfterKillMinScore: 0,
};

/** Plenty of free memory and swap, nothing happening; tests override what they need. */
function view(v: Partial<VmView> = {}): VmView {
  return {
    nowNs: 0,
    freePages: 100_000,
    minPages: 8_000,
    lowPages: 17_000,
    highPages: 26_000,
    swapFreePages: 900_000,
    swapTotalPages: 1_000_000,
    activeFile: 100_000,
    inactiveFile: 100_000,
    workingsetRefaultFile: 0,
    pgscanKswapd: 0,
    pgscanDirect: 0,
    pgrefill: 0,
    psiFullAvg10: 0,
    ...v,
  };
}

describe('lmkd decision', () => {
  it('does nothing without reclaim activity or new refaults since the last look', () => {
    const s = initialDecideState(PROPS);
    // First look: the counters moved since boot (kswapd scanned), a look with nothing to kill for.
    expect(decide(s, view({pgscanKswapd: 10}), PROPS, false)).toMatchObject({bailed: false, reason: null, reclaim: 'kswapd'});
    // Memory below min, swap empty: still nothing, because nothing moved since.
    const d = decide(s, view({nowNs: 10 * MS, pgscanKswapd: 10, freePages: 1000, swapFreePages: 0}), PROPS, false);
    expect(d).toMatchObject({bailed: true, reason: null});
    // A refault is enough to look again.
    expect(decide(s, view({nowNs: 20 * MS, pgscanKswapd: 10, freePages: 1000, swapFreePages: 0, workingsetRefaultFile: 1}), PROPS, false).reason).toBe('LOW_MEM_AND_SWAP');
  });

  it('LOW_MEM_AND_SWAP below the low watermark with swap low; perceptible apps spared above min', () => {
    const s = initialDecideState(PROPS);
    const d = decide(s, view({pgscanDirect: 5, freePages: 16_000, swapFreePages: 50_000}), PROPS, false);
    expect(d).toMatchObject({reason: 'LOW_MEM_AND_SWAP', reclaim: 'direct', swapLow: true, wmark: 'low', minScoreAdj: PERCEPTIBLE_APP_ADJ + 1});
    expect(d.desc).toBe('low watermark is breached and swap is low (200000kB < 400000kB)');
    // Below min: perceptible apps are fair game.
    expect(decide(s, view({pgscanDirect: 6, freePages: 7_000, swapFreePages: 50_000}), PROPS, false)).toMatchObject({reason: 'LOW_MEM_AND_SWAP', minScoreAdj: 0});
    // Between low and high with swap low: no reason (lmkd's "wmark < WMARK_HIGH" is below low).
    expect(decide(s, view({pgscanDirect: 7, freePages: 20_000, swapFreePages: 50_000}), PROPS, false).reason).toBeNull();
  });

  it('counts free swap no higher than free memory plus inactive file (swap_compression_ratio 1)', () => {
    const tight = view({freePages: 16_000, inactiveFile: 40_000, swapFreePages: 500_000});
    expect(freeSwap(tight, PROPS)).toBe(56_000);
    expect(freeSwap(tight, {...PROPS, swapCompressionRatio: 0})).toBe(500_000);
    const s = initialDecideState(PROPS);
    expect(decide(s, {...tight, pgscanDirect: 1}, PROPS, false).reason).toBe('LOW_MEM_AND_SWAP');
    const old = initialDecideState(PROPS);
    expect(decide(old, {...tight, pgscanDirect: 1}, {...PROPS, swapCompressionRatio: 0}, false).reason).toBeNull();
  });

  it('thrashing is file refaults since the last reset × 100 / the file LRU at the reset', () => {
    const s = initialDecideState(PROPS);
    // The first look resets the window: 200,000 pages of file LRU.
    decide(s, view({nowNs: 0, pgscanKswapd: 1}), PROPS, false);
    // 150,000 refaults within the second: 74%, no reason.
    let d = decide(s, view({nowNs: 500 * MS, pgscanKswapd: 2, workingsetRefaultFile: 150_000}), PROPS, false);
    expect(d.thrashing).toBe(74);
    expect(d.reason).toBeNull();
    // 250,000: 124% > 100 with free memory below low: LOW_MEM_AND_THRASHING, perceptible apps spared.
    d = decide(s, view({nowNs: 900 * MS, pgscanKswapd: 3, workingsetRefaultFile: 250_000, freePages: 16_000}), PROPS, false);
    expect(d).toMatchObject({reason: 'LOW_MEM_AND_THRASHING', thrashing: 124, minScoreAdj: PERCEPTIBLE_APP_ADJ + 1, cutThrashingLimit: true});
    // The kill cuts the limit by 10%: 90.
    noteKill(s, d, PROPS);
    expect(s.thrashingLimit).toBe(90);
  });

  it('after a window the growth carries over, halved per window passed unless it was over the limit', () => {
    const s = initialDecideState(PROPS);
    decide(s, view({nowNs: 0, pgscanKswapd: 1}), PROPS, false);
    // 1.2 s later: a new window; the last one grew 120,000 × 100 / 200,001 = 59%, under the limit:
    // halved once (lmkd's integer arithmetic) → 29.
    let d = decide(s, view({nowNs: 1200 * MS, pgscanKswapd: 2, workingsetRefaultFile: 120_000}), PROPS, false);
    expect(d.thrashing).toBe(29);
    // Half a second on, 20,000 more refaults: 9% of the new base + 29.
    d = decide(s, view({nowNs: 1700 * MS, pgscanKswapd: 3, workingsetRefaultFile: 140_000}), PROPS, false);
    expect(d.thrashing).toBe(38);
    // Three windows after the reset the carry is that 9%, halved three times: 1.
    d = decide(s, view({nowNs: 4200 * MS, pgscanKswapd: 4, workingsetRefaultFile: 140_000}), PROPS, false);
    expect(d.thrashing).toBe(1);
  });

  it('DIRECT_RECL_AND_THRASHING with free memory above low; perceptible apps die at twice the limit', () => {
    const s = initialDecideState(PROPS);
    decide(s, view({nowNs: 0, pgscanKswapd: 1}), PROPS, false);
    const d = decide(s, view({nowNs: 500 * MS, pgscanDirect: 1, workingsetRefaultFile: 420_000}), PROPS, false);
    expect(d).toMatchObject({reason: 'DIRECT_RECL_AND_THRASHING', thrashing: 209, minScoreAdj: 0});
  });

  it('LOW_SWAP_AND_THRASHING comes before LOW_MEM_AND_SWAP and compares with the undecayed limit', () => {
    const s = initialDecideState(PROPS);
    decide(s, view({nowNs: 0, pgscanKswapd: 1}), PROPS, false);
    s.thrashingLimit = 50;
    // 80% is over the decayed 50 but not over ro.lmk.thrashing_limit (100): swap is low, memory is below low.
    let d = decide(s, view({nowNs: 400 * MS, pgscanDirect: 1, workingsetRefaultFile: 160_000, freePages: 16_000, swapFreePages: 10_000}), PROPS, false);
    expect(d.reason).toBe('LOW_MEM_AND_SWAP');
    d = decide(s, view({nowNs: 800 * MS, pgscanDirect: 2, workingsetRefaultFile: 220_000, freePages: 16_000, swapFreePages: 10_000}), PROPS, false);
    expect(d).toMatchObject({reason: 'LOW_SWAP_AND_THRASHING', thrashing: 109, minScoreAdj: PERCEPTIBLE_APP_ADJ + 1});
  });

  it('right after a kill, memory still below min: PRESSURE_AFTER_KILL (pressure_after_kill_min_score 0)', () => {
    const s = initialDecideState(PROPS);
    const d = decide(s, view({pgscanDirect: 1, freePages: 16_000, swapFreePages: 10_000}), PROPS, false);
    noteKill(s, d, PROPS);
    expect(decide(s, view({nowNs: 100 * MS, pgscanDirect: 2, freePages: 7_000}), PROPS, false)).toMatchObject({reason: 'PRESSURE_AFTER_KILL', minScoreAdj: 0});
    // Only on the first look after the kill.
    expect(decide(s, view({nowNs: 110 * MS, pgscanDirect: 3, freePages: 7_000}), PROPS, false).reason).toBeNull();
  });

  it('a critical PSI event is NOT_RESPONDING; PSI full avg10 over stall_limit_critical lets perceptible apps die', () => {
    const s = initialDecideState(PROPS);
    expect(decide(s, view({pgscanKswapd: 1}), PROPS, true).reason).toBe('NOT_RESPONDING');
    const d = decide(s, view({pgscanDirect: 1, freePages: 16_000, swapFreePages: 10_000, psiFullAvg10: 60}), {...PROPS, stallLimitCritical: 50}, false);
    expect(d).toMatchObject({reason: 'LOW_MEM_AND_SWAP', minScoreAdj: 0});
  });
});
