/**
 * The sweep's pool (src/report/pool.ts) with its worker threads started at once: every point runs
 * exactly once, on whichever thread claims it, with the result the calling thread gets for the same
 * point; a point that throws in a worker stops the pool and rejects with its error.
 * Without spawnAfter 0, workers start at once only as far as the cores allow, the others when the
 * sweep is big enough to pay their warm-up.
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
    const order: string[] = [];
    await runTasks(tasks, 2, (i, r) => {
      expect(got.has(i)).toBe(false);
      got.set(i, r);
    }, (t) => {
      order.push('here');
      return runTask(t);
    }, {spawnAfter: 0, onSpawn: (n) => order.push(`spawn ${n}`)});
    // The worker had its job before this thread ran its first point (which points it then ran
    // depends on how the two threads are scheduled).
    expect(order[0]).toBe('spawn 1');
    expect([...got.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [i, r] of got) expect(JSON.stringify(r.samples)).toBe(JSON.stringify(runTask(tasks[i]!).samples));
  }, 60_000);

  it('starts a worker before its first point where the cores allow (4 cores), none for a small sweep on 2', async () => {
    const tasks = [1, 2, 3, 4].map((s) => task(s));
    const events = async (cores: number): Promise<string[]> => {
      const seen: string[] = [];
      await runTasks(tasks, 4, () => undefined, (t) => {
        seen.push('here');
        return runTask(t);
      }, {cores, onSpawn: (n) => seen.push(`spawn ${n}`)});
      return seen;
    };
    expect((await events(4))[0]).toBe('spawn 1');
    expect(await events(2)).toEqual(['here', 'here', 'here', 'here']);
  }, 60_000);

  it('rejects with the error of a point that throws, on whichever thread, and stops handing out points', async () => {
    const tasks = Array.from({length: 12}, (_, i) => task(i + 1, i === 1 ? 'no-such-scenario' : 'kill-burst'));
    const seen: number[] = [];
    await expect(runTasks(tasks, 2, (i) => seen.push(i), runTask, {spawnAfter: 0})).rejects.toThrow(/no-such-scenario/);
    expect(seen).not.toContain(1);
    expect(seen.length).toBeLessThan(tasks.length - 1);
  }, 60_000);
});
