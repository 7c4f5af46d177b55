/**
 * The engine's conservation properties hold with the Android world driving it (fast-check over a
 * handful of seeds, policies and scenarios; runs are short so the suite stays fast): the invariants
 * of test/helpers/invariants.ts hold throughout; once the world winds down and every exit is done,
 * exiting_task_count is back to 0 and every swap entry present at a kill was freed exactly once.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Proc} from '../../src/engine/engine.ts';
import {POLICY_NAMES} from '../../src/engine/params.ts';
import {memoryBreakdown} from '../../src/workload/android/memory-account.ts';
import {invariantViolations} from '../helpers/invariants.ts';
import {S, androidWorld} from './helpers.ts';

const CHECK_EVERY = 250;

/** A world to check: any seed, any policy, the Android scenarios. */
const WORLD_CASE = {
  seed: fc.integer({min: 0, max: 10_000}),
  policy: fc.constantFrom(...POLICY_NAMES),
  scenario: fc.constantFrom('camera-launch', 'kill-storm', 'steady'),
};

describe('conservation with the Android world', () => {
  it('entriesAtKill = freedSync + freedAsync + pending, nothing negative, exiting_task_count back to 0', () => {
    fc.assert(
      fc.property(
        fc.record(WORLD_CASE),
        ({seed, policy, scenario}) => {
          // A camera launch (or, in steady, the user and restarts) at 1 s; 4 s of it, then wind down.
          const {engine, world} = androidWorld({scenario, policy, seed, set: scenario === 'steady' ? {switchSecMin: 1, switchSecMax: 2} : {cameraFirstSec: 1}});
          const seen = new Map<number, Proc>();
          const check = (): void => {
            for (const p of engine.procs.values()) seen.set(p.pid, p);
            expect(invariantViolations(engine, [...seen.values()])).toEqual([]);
            expect(engine.freePages).toBeGreaterThanOrEqual(0);
            expect(engine.zramPages).toBeGreaterThanOrEqual(0);
            expect(world.mem.stalled).toBeGreaterThanOrEqual(0);
            expect(world.runningActors).toBeGreaterThanOrEqual(0);
          };
          let steps = 0;
          while (engine.nowNs < 5 * S && engine.step()) if (++steps % CHECK_EVERY === 0) check();
          world.quiesce();
          // lmkd may still kill a few seconds after the world quiesces: give the last exit time to finish.
          engine.runUntil(engine.nowNs + 12 * S);
          check();
          expect(engine.liveExits()).toEqual([]);
          expect(engine.exitingTaskCount).toBe(0);
          // Under `gather` a short list can wait for the next trigger forever: flush it by hand.
          engine.forceFlush('manual');
          engine.runUntil(engine.nowNs + 2 * S);
          check();
          const pending = engine.totalEntriesAtKill - engine.totalFreedSync - engine.totalFreedAsync;
          expect(pending).toBe(0);
          expect(engine.entriesParked).toBe(0);
          for (const p of seen.values()) {
            if (p.state !== 'dead') continue;
            expect(p.freedSync + p.freedAsync).toBe(p.entriesAtKill);
          }
        },
      ),
      {numRuns: 6, seed: 20_250_909},
    );
  });
});

describe('memory is conserved', () => {
  it('free + file + anon + zram + kernel = RAM at every event, nothing negative', () => {
    fc.assert(
      fc.property(
        fc.record({...WORLD_CASE, killAtMs: fc.integer({min: 100, max: 3000})}),
        ({seed, policy, scenario, killAtMs}) => {
          // A camera launch (or the user's cold starts and switches) early; 6 s of it. Someone also
          // kills the visible app (its mapped files go back to the page cache as its exit unmaps them).
          const set: Record<string, number> = scenario === 'steady' ? {switchSecMin: 0.5, switchSecMax: 1, coldStartPct: 80} : {cameraFirstSec: 1};
          const {engine, world} = androidWorld({scenario, policy, seed, set});
          const visible = world.apps.find((a) => a.state === 'visible')!.proc!;
          expect(world.maps.mappedOf(visible.pid)).toBeGreaterThan(0);
          engine.scheduleKill(killAtMs * 1_000_000, visible.pid, 'test');
          const bad: string[] = [];
          while (engine.nowNs < 6 * S && engine.step()) {
            const m = memoryBreakdown(world);
            const sum = m.free + m.file + m.anon + m.zram + m.kernel;
            if (sum !== m.total || m.free < 0 || m.file < 0 || m.anon < 0 || m.fileInactive < 0 || m.fileActive < 0) {
              bad.push(`t=${engine.nowNs}: ${JSON.stringify(m)} sums to ${sum}`);
              break;
            }
          }
          expect(bad).toEqual([]);
        },
      ),
      {numRuns: 6, seed: 20_251_201},
    );
  });
});
