/**
 * The sweep's pool (src/report/pool.ts) with its worker threads started at once: every point runs
 * exactly once, on whichever thread claims it, with the result the calling thread gets for the same
 * point; a point that throws in a worker stops the pool and rejects with its error.
 * (The CLI's sweeps start workers only for sweeps big enough to pay their warm-up.)
 */
import {describe, expect, it} from 'vitest';
import {runTasks} from '../../src/report/pool.ts';
import type {PointResult} from '../../src/report/run-point.ts';
import {runTask, type PointTask} from '../../src/report/sweep-worker.ts';

const task = (seed: number, scenario = 'kill-burst'): PointTask => ({options: {scenario, seed, simSeconds: '1'}, policy: 'gather-oom'});

describe('runTasks', () => {
  it('runs every point once across the calling thread and the workers, with the results of a serial run', async () => {
    const tasks = [1, 2, 3, 4, 5, 6].map((s) => task(s));
    const got = new Map<number, PointResult>();
    const here: number[] = [];
    await runTasks(tasks, 2, (i, r) => {
      expect(got.has(i)).toBe(false);
      got.set(i, r);
    }, (t) => {
      here.push(t.options.seed as number);
      return runTask(t);
    }, {spawnAfter: 0});
    expect([...got.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // The worker ran some of them (it had its job before this thread ran its first point).
    expect(here.length).toBeLessThan(tasks.length);
    for (const [i, r] of got) expect(JSON.stringify(r.samples)).toBe(JSON.stringify(runTask(tasks[i]!).samples));
  }, 60_000);

  it('starts a worker at once where the cores allow (4 cores), none for a small sweep on 2', async () => {
    const tasks = [1, 2, 3, 4].map((s) => task(s));
    const counts = async (cores: number): Promise<number> => {
      let here = 0;
      await runTasks(tasks, 4, () => undefined, (t) => {
        here++;
        return runTask(t);
      }, {cores});
      return here;
    };
    expect(await counts(4)).toBeLessThan(tasks.length);
    expect(await counts(2)).toBe(tasks.length);
  }, 60_000);

  it('rejects with the error of a point that throws, on whichever thread, and stops handing out points', async () => {
    const tasks = Array.from({length: 12}, (_, i) => task(i + 1, i === 1 ? 'no-such-scenario' : 'kill-burst'));
    const seen: number[] = [];
    await expect(runTasks(tasks, 2, (i) => seen.push(i), runTask, {spawnAfter: 0})).rejects.toThrow(/no-such-scenario/);
    expect(seen).not.toContain(1);
    expect(seen.length).toBeLessThan(tasks.length - 1);
  }, 60_000);
});
