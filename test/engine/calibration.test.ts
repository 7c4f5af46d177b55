/**
 * The published measurements of MODEL.md §5, one test per fact, each within ±10%. The device costs
 * live in src/engine/devices.ts (with their sources in devices.md); when one of these fails, the
 * figure printed by the assertion is what the device now gives. The one-process figures calibrate
 * each device's uncontended costs; the Raspberry Pi's two-process figure is the one point the
 * contention model's single free parameter (lineTransfers) is fitted on.
 */
import {describe, expect, it} from 'vitest';
import {summarize, type Summary} from '../../src/report/summary.ts';
import {resolveRun} from '../../src/run-config.ts';
import {createEngine} from '../../src/run.ts';

function headless(opts: {scenario: string; device: string; policy?: string; set?: Readonly<Record<string, number>>}): Summary {
  const spec = resolveRun({
    scenario: opts.scenario,
    device: opts.device,
    policy: opts.policy ?? 'sync',
    seed: 1,
    set: Object.entries(opts.set ?? {}).map(([k, v]) => `${k}=${v}`),
  });
  const engine = createEngine(spec);
  engine.runUntil(spec.simSeconds * 1e9);
  return summarize(engine, spec, 0);
}

/** `actual` within ±10% of `target`. */
function expectWithin10(actual: number, target: number): void {
  expect(actual).toBeGreaterThanOrEqual(target * 0.9);
  expect(actual).toBeLessThanOrEqual(target * 1.1);
}

describe('munmap micro-benchmark: 256 MB fully swapped out', () => {
  it('Raspberry Pi 4B, one process: 59.0 ms', () => {
    const s = headless({scenario: 'munmap', device: 'rpi4b', set: {procs: 1, sizeMB: 256}});
    expect(s.exits).toBe(1);
    expect(s.swap.freedSync).toBe(65_536);
    expectWithin10(s.zapMs!.mean, 59.0);
  });

  it('Raspberry Pi 4B, two processes on different CPUs: 94.6 ms each (contention on shared lines)', () => {
    const s = headless({scenario: 'munmap', device: 'rpi4b', set: {procs: 2, sizeMB: 256}});
    expect(s.exits).toBe(2);
    expectWithin10(s.zapMs!.mean, 94.6);
    expectWithin10(s.zapMs!.max, 94.6);
  });

  it('RK3588 on a little core (cpu0): 63.1 ms', () => {
    const s = headless({scenario: 'munmap', device: 'rk3588', set: {procs: 1, sizeMB: 256, firstCpu: 0}});
    expectWithin10(s.zapMs!.mean, 63.1);
  });

  it('Core i7-12700: 11.7 ms', () => {
    const s = headless({scenario: 'munmap', device: 'i7-12700', set: {procs: 1, sizeMB: 256}});
    expectWithin10(s.zapMs!.mean, 11.7);
  });

  it('the munmap processes never gather, whatever the policy', () => {
    const s = headless({scenario: 'munmap', device: 'rpi4b', policy: 'gather-oom', set: {procs: 2, sizeMB: 256, swapentsThreshold: 0}});
    expect(s.swap.freedAsync).toBe(0);
    expect(s.cache.peak).toBe(0);
  });
});

describe('phone: one app with ~400 MB swapped out, killed (sync)', () => {
  const phone = (): Summary =>
    headless({scenario: 'kill-burst', device: 'phone', set: {apps: 1, swapMBMin: 400, swapMBMax: 400, rssMBMin: 240, rssMBMax: 240}});

  it('exits in 200–300 ms', () => {
    const s = phone();
    expect(s.exits).toBe(1);
    expect(s.exitMs.max).toBeGreaterThanOrEqual(200 * 0.9);
    expect(s.exitMs.max).toBeLessThanOrEqual(300 * 1.1);
  });

  it('spends about 33% of the exit in free_swap_and_cache_nr', () => {
    expectWithin10(phone().exitCost.freeSwapPct, 33);
  });

  it('spends about 85% of free_swap_and_cache_nr in zram', () => {
    expectWithin10(phone().exitCost.zramPctOfFreeSwap, 85);
  });
});
