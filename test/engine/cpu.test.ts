import {describe, expect, it} from 'vitest';
import {EventQueue} from '../../src/engine/event-queue.ts';
import {NICE_WEIGHT, Scheduler, type Thread} from '../../src/engine/cpu.ts';

/** A scheduler with its own little event loop; returns when each thread finished its segment. */
function world(cpus: {node: number; capacity: number}[]) {
  const q = new EventQueue();
  const done: [string, number][] = [];
  let now = 0;
  const sched = new Scheduler(
    cpus,
    (tNs, cpu, version) => q.push(tNs, 0, 0, cpu, version),
    (t: Thread) => done.push([t.comm, now]),
    (handle) => q.cancel(handle),
  );
  const run = (): void => {
    sched.flush();
    while (q.pop()) {
      now = q.tNs;
      sched.dispatch(q.a, q.b, now);
      sched.flush();
    }
  };
  return {sched, done, run};
}

describe('Scheduler (processor sharing)', () => {
  it('a segment takes work / capacity on an idle CPU', () => {
    const {sched, done, run} = world([{node: 0, capacity: 0.5}]);
    sched.run(sched.createThread('task', 1, 'a', 0), 0, 1_000);
    run();
    expect(done).toEqual([['a', 2_000]]);
  });

  it('equal weights share a CPU equally; the survivor speeds up', () => {
    const {sched, done, run} = world([{node: 0, capacity: 1}]);
    sched.run(sched.createThread('task', 1, 'a', 0, [0]), 0, 1_000);
    sched.run(sched.createThread('task', 2, 'b', 0, [0]), 0, 3_000);
    run();
    expect(done).toEqual([
      ['a', 2_000],
      ['b', 4_000],
    ]);
  });

  it('nice −20 outweighs nice 0 by about 87×', () => {
    expect(NICE_WEIGHT[-20]! / NICE_WEIGHT[0]!).toBeCloseTo(86.68, 1);
    const {sched, done, run} = world([{node: 0, capacity: 1}]);
    sched.run(sched.createThread('task', 1, 'task', 0, [0]), 0, 10_000);
    sched.run(sched.createThread('kworker', 0, 'kworker', -20, [0]), 0, 88_761);
    run();
    // The kworker gets 88761/89785 of the CPU: done at 89785; the task then has 10000 − 1024 left.
    expect(done).toEqual([
      ['kworker', 89_785],
      ['task', 89_785 + 8_976],
    ]);
  });

  it('places a waking context on the biggest idle CPU, and an idle CPU pulls a waiting one', () => {
    const {sched, done, run} = world([
      {node: 0, capacity: 0.5},
      {node: 0, capacity: 1},
    ]);
    const a = sched.createThread('task', 1, 'a', 0);
    sched.run(a, 0, 1_000);
    expect(a.cpu).toBe(1);
    const b = sched.createThread('task', 2, 'b', 0);
    sched.run(b, 0, 1_000);
    expect(b.cpu).toBe(0);
    run();
    expect(done).toEqual([
      ['a', 1_000],
      ['b', 2_000],
    ]);
  });

  it('accounts CPU time at capacity 1.0 work and busy time per CPU', () => {
    const {sched, run} = world([{node: 0, capacity: 0.5}]);
    const t = sched.createThread('task', 1, 'a', 0);
    sched.run(t, 0, 1_000);
    run();
    expect(t.cpuNs).toBe(2_000);
    expect(sched.busyNs(0, 5_000)).toBe(2_000);
  });
});

describe('Scheduler: segments that end at the instant another CPU touches theirs', () => {
  it('a segment ending when an idle CPU pulls from its run queue is still handed back', () => {
    // cpu1: C (pinned) ends at 2 µs and cpu1 goes idle. cpu0: A (pinned, 1 µs) and B (3 µs) share it,
    // so A also ends at 2 µs. cpu1's event comes first and pulls B over; A must still be handed back.
    const {sched, done, run} = world([
      {node: 0, capacity: 1},
      {node: 0, capacity: 1},
    ]);
    sched.run(sched.createThread('task', 3, 'C', 0, [1]), 0, 2_000);
    sched.run(sched.createThread('task', 1, 'A', 0, [0]), 0, 1_000);
    const b = sched.createThread('task', 2, 'B', 0);
    sched.run(b, 0, 3_000);
    expect(b.cpu).toBe(0);
    run();
    expect(done).toEqual([
      ['C', 2_000],
      ['A', 2_000],
      // B did 1 µs at half speed by 2 µs, then runs alone on cpu1.
      ['B', 4_000],
    ]);
  });

  it('a zero-length segment ends at once instead of vanishing', () => {
    const {sched, done, run} = world([{node: 0, capacity: 1}]);
    const t = sched.createThread('task', 1, 'zero', 0);
    sched.run(t, 0, 0);
    run();
    expect(done).toEqual([['zero', 0]]);
    expect(t.cpu).toBe(-1);
  });
});
