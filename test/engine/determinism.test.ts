/**
 * Golden determinism: the same RunSpec gives the same run, bit for bit, however the clock is
 * advanced; a different seed gives a different run. The summary is compared whole, with the one
 * wall-clock field (`engine.wallMs`, measured by the caller) given the same value on both sides.
 */
import {beforeAll, describe, expect, it} from 'vitest';
import {summarize} from '../../src/report/summary.ts';
import type {RunSpec} from '../../src/run-config.ts';
import {burstEngine, burstSpec} from '../helpers/kill-burst.ts';

const S = 1_000_000_000;

/** Runs a spec to its end, advancing the clock through `stops` first; returns trace and summary. */
function run(spec: RunSpec, stops: readonly number[] = []): {trace: string; summary: string; events: number} {
  const {engine} = burstEngine(spec);
  for (const t of stops) engine.runUntil(t);
  engine.runUntil(spec.simSeconds * S);
  return {trace: JSON.stringify(engine.trace), summary: JSON.stringify(summarize(engine, spec, 0)), events: engine.eventCount};
}

describe.each(['sync', 'gather', 'gather-oom'] as const)('determinism of kill-burst under %s', (policy) => {
  const spec = burstSpec({policy, seed: 7, simSeconds: 6});
  let reference: ReturnType<typeof run>;
  beforeAll(() => {
    reference = run(spec);
  });

  it('gives an identical trace and summary for the same seed', () => {
    const again = run(spec);
    expect(again.trace).toBe(reference.trace);
    expect(again.summary).toBe(reference.summary);
    // The runs are not trivially empty: a dozen apps die.
    expect(JSON.parse(reference.summary).kills).toBe(12);
  });

  it('gives the same run when the clock is advanced in pieces', () => {
    // Exact event times of the reference run, and arbitrary instants between events.
    const {engine} = burstEngine(spec);
    engine.runUntil(spec.simSeconds * S);
    const times = (engine.trace ?? []).map((e) => e.tNs);
    const exact = [times[0]!, times[Math.floor(times.length / 2)]!, times[times.length - 1]!];
    for (const stops of [[0], [1], [999_999_999], [1_234_567_891], exact, [exact[1]! - 1, exact[1]!, exact[1]! + 1], [1.5 * S, 2 * S, 2 * S, 3.25 * S]]) {
      const split = run(spec, stops);
      expect(split.trace).toBe(reference.trace);
      expect(split.summary).toBe(reference.summary);
      expect(split.events).toBe(reference.events);
    }
  });
});

describe('seeds', () => {
  it('different seeds give different kill-bursts', () => {
    const a = run(burstSpec({seed: 1, simSeconds: 4}));
    const b = run(burstSpec({seed: 2, simSeconds: 4}));
    expect(a.trace).not.toBe(b.trace);
    expect(a.summary).not.toBe(b.summary);
  });

  it('the same seed under another policy kills the same apps at the same times', () => {
    // The kill times come from the `kills` stream alone: changing the policy does not shift them.
    const kills = (policy: 'sync' | 'gather-oom'): string[] => {
      const {engine} = burstEngine(burstSpec({policy, seed: 3, simSeconds: 4}));
      engine.runUntil(4 * S);
      return (engine.trace ?? []).filter((e) => e.ev === 'kill').map((e) => `${e.tNs} ${e.pid}`);
    };
    const sync = kills('sync');
    expect(sync).toHaveLength(12);
    expect(kills('gather-oom')).toEqual(sync);
  });

  it('an allocation failure rate does not move the world (the alloc stream is its own)', () => {
    const kills = (nodeAllocFailPct: number): string[] => {
      const {engine} = burstEngine(burstSpec({seed: 5, simSeconds: 3, set: {nodeAllocFailPct}}));
      engine.runUntil(3 * S);
      return (engine.trace ?? []).filter((e) => e.ev === 'kill').map((e) => `${e.tNs} ${e.pid} ${e.detail}`);
    };
    expect(kills(50)).toEqual(kills(0));
  });
});
