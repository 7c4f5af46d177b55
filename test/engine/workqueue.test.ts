import {describe, expect, it} from 'vitest';
import {Scheduler} from '../../src/engine/cpu.ts';
import {EngineLog} from '../../src/engine/log.ts';
import {WorkerPools} from '../../src/engine/worker-pools.ts';
import type {WorkFn} from '../../src/engine/workqueue.ts';

/** Pools over CPUs of the given nodes, with a scheduler that never runs (the structure alone). */
function pools(cpuNodes: number[]): WorkerPools {
  const clock = {ns: 0};
  const sched = new Scheduler(
    cpuNodes.map((node) => ({node, capacity: 1})),
    () => -1,
    () => {},
  );
  return new WorkerPools(cpuNodes, sched, clock, {workerWakeNs: 1, workerCreateNs: 1}, new EngineLog(clock, false));
}

const NOOP: WorkFn = {start: () => 1, next: () => -1};

describe('WorkerPools (unbound workqueues)', () => {
  it('one unbound pool per node and nice level, numbered after the per-CPU pools, with its CPUs', () => {
    const p = pools([0, 0, 1, 1]);
    const wq = p.alloc('async_swap_free', true, 0, NOOP);
    expect(p.pools.map((x) => [x.node, x.id, x.cpus])).toEqual([
      [0, 9, [0, 1]],
      [1, 11, [2, 3]],
    ]);
    expect(wq.pwqs.map((q) => q.maxActive)).toEqual([128, 128]);
    // A normal-priority unbound workqueue gets the even-numbered pools.
    p.alloc('zram_gc', false, 0, NOOP);
    expect(p.pools.map((x) => x.id)).toEqual([9, 11, 8, 10]);
    // Two HIGHPRI workqueues share the HIGHPRI pools.
    p.alloc('tlb_swap_free', true, 1, NOOP);
    expect(p.pools[0]!.pwqs.map((q) => [q.wq.name, q.maxActive])).toEqual([
      ['async_swap_free', 128],
      ['tlb_swap_free', 1],
    ]);
  });

  it('queues over max_active as inactive, on the pool of the queuing CPU', () => {
    const p = pools([0, 0]);
    const wq = p.alloc('w', true, 2, NOOP);
    for (let i = 0; i < 5; i++) p.queueWork(wq, 0);
    const pwq = wq.pwqs[0]!;
    // The first queue_work kicked the pool: a kworker is being created.
    expect([pwq.nrActive, pwq.queued, pwq.inactive, pwq.pool.waking, p.workers.length]).toEqual([2, 2, 3, 1, 1]);
  });

  it('raising max_active activates waiting works', () => {
    const p = pools([0, 0]);
    const wq = p.alloc('w', true, 1, NOOP);
    for (let i = 0; i < 4; i++) p.queueWork(wq, 0);
    p.setMaxActive(wq, 3);
    const pwq = wq.pwqs[0]!;
    expect([pwq.nrActive, pwq.pool.worklist, pwq.inactive, pwq.maxActive]).toEqual([3, 3, 1, 3]);
  });

  it('names kworkers kworker/u<pool>:<id>, HIGHPRI (nice −20) or not, and binds them to the node', () => {
    const p = pools([0, 1]);
    p.alloc('hi', true, 0, NOOP);
    p.alloc('lo', false, 0, NOOP);
    const a = p.createWorker(p.pool(1, true));
    const b = p.createWorker(p.pool(1, true));
    const c = p.createWorker(p.pool(1, false));
    expect([a.name, b.name, c.name]).toEqual(['kworker/u7:0', 'kworker/u7:1', 'kworker/u6:0']);
    expect([a.thread.weight, c.thread.weight]).toEqual([88_761, 1_024]);
    expect(a.thread.allowed).toEqual([1]);
    p.goIdle(a, 10);
    p.goIdle(b, 20);
    // LIFO: the most recently idle worker is woken first, and leaves the idle list.
    expect(p.idleWorker(p.pool(1, true))).toBe(b);
    expect(p.idleWorker(p.pool(1, true))).toBe(a);
    expect(p.idleWorker(p.pool(1, true))).toBeNull();
  });

  it('events_unbound is one workqueue whose works each keep their own function, past max_active too, in order', () => {
    const p = pools([0, 0]);
    const wq = p.system();
    expect(p.system()).toBe(wq);
    const fnA: WorkFn = {start: () => 1, next: () => -1};
    const fnB: WorkFn = {start: () => 2, next: () => -1};
    p.setMaxActive(wq, 1);
    p.queueWork(wq, 0, fnA);
    p.queueWork(wq, 0, fnB);
    p.queueWork(wq, 0, fnA);
    expect([wq.pwqs[0]!.nrActive, wq.pwqs[0]!.inactive]).toEqual([1, 2]);
    p.setMaxActive(wq, 3);
    const pool = wq.pwqs[0]!.pool;
    const order: WorkFn[] = [];
    while (pool.shift()) order.push(pool.shiftedFn!);
    expect(order).toEqual([fnA, fnB, fnA]);
    expect(() => p.queueWork(wq, 0)).toThrow(/without a work function/);
  });
});
