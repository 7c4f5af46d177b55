import {describe, expect, it} from 'vitest';
import {Scheduler} from '../../src/engine/cpu.ts';
import {WorkQueue} from '../../src/engine/workqueue.ts';

describe('WorkQueue (async_swap_free)', () => {
  it('one unbound pool per node, numbered after the per-CPU pools, with its CPUs', () => {
    const wq = new WorkQueue([0, 0, 1, 1], 0);
    expect(wq.pools.map((p) => [p.node, p.id, p.cpus])).toEqual([
      [0, 9, [0, 1]],
      [1, 11, [2, 3]],
    ]);
    expect(wq.pools.map((p) => p.maxActive)).toEqual([128, 128]);
  });

  it('queues over max_active as inactive and activates one as each work finishes', () => {
    const wq = new WorkQueue([0, 0], 2);
    const pool = wq.pools[0]!;
    for (let i = 0; i < 5; i++) wq.queueWork(0);
    expect([pool.nrActive, pool.worklist, pool.inactive]).toEqual([2, 2, 3]);
    pool.worklist--; // a worker takes one
    wq.workDone(pool);
    expect([pool.nrActive, pool.worklist, pool.inactive]).toEqual([2, 2, 2]);
  });

  it('raising max_active activates waiting works and kicks the pool', () => {
    const wq = new WorkQueue([0, 0], 1);
    const pool = wq.pools[0]!;
    for (let i = 0; i < 4; i++) wq.queueWork(0);
    const kicked: number[] = [];
    wq.setMaxActive(3, (node) => kicked.push(node));
    expect([pool.nrActive, pool.worklist, pool.inactive, pool.maxActive]).toEqual([3, 3, 1, 3]);
    expect(kicked).toEqual([0]);
  });

  it('names kworkers kworker/u<pool>:<id>, HIGHPRI (nice −20) and bound to the node', () => {
    const sched = new Scheduler([{node: 0, capacity: 1}, {node: 1, capacity: 1}], () => {}, () => {});
    const wq = new WorkQueue([0, 1], 0);
    const a = wq.createWorker(wq.pools[1]!, sched);
    const b = wq.createWorker(wq.pools[1]!, sched);
    expect([a.name, b.name]).toEqual(['kworker/u7:0', 'kworker/u7:1']);
    expect(a.thread.weight).toBe(88_761);
    expect(a.thread.allowed).toEqual([1]);
    wq.goIdle(a, 10);
    wq.goIdle(b, 20);
    // LIFO: the most recently idle worker is woken first.
    expect(wq.idleWorker(wq.pools[1]!)).toBe(b);
  });
});
