/**
 * The four alternative release policies of MODEL.md §6, each on its own mechanism, on the
 * round-number test device (test/helpers/tiny-engine.ts: a swap entry costs 100 ns of swap core and
 * 900 ns of zram, 720 of them in zs_free; a run 1 µs; a table walk 1 µs; no contention).
 */
import {describe, expect, it} from 'vitest';
import {count, details, lines, tinyEngine} from '../helpers/tiny-engine.ts';

const MS = 1_000_000;
const S = 1_000_000_000;
const counter = (engine: ReturnType<typeof tinyEngine>['engine'], name: string): number | undefined =>
  engine.snapshot().release?.counters.find((c) => c.name === name)?.value;

describe('tlb-gather-2024', () => {
  it('stays synchronous with one exiting task', () => {
    const {engine, procs} = tinyEngine([{tables: 20, killAtNs: 0}], {params: {policy: 'tlb-gather-2024'}});
    engine.runUntil(S);
    expect(details(engine, 'exit_mmap')).toEqual(['freed_sync=10240 gathered=0']);
    expect(procs[0]!.gathered).toBe(0);
    expect(count(engine, 'queue_work')).toBe(0);
  });

  it('stays synchronous with MM_SWAPENTS < SWAP_CLUSTER_MAX (32), even with two tasks exiting', () => {
    const {engine, procs} = tinyEngine(
      [
        {swapEntries: 31, killAtNs: 0},
        {swapEntries: 31, killAtNs: 0},
      ],
      {params: {policy: 'tlb-gather-2024'}},
    );
    engine.runUntil(S);
    expect(procs.map((p) => [p.freedSync, p.gathered])).toEqual([
      [31, 0],
      [31, 0],
    ]);
  });

  it('batches the entries of two exiting tasks and frees them with one worker, chain after chain', () => {
    const {engine, procs} = tinyEngine(
      [
        {tables: 4, killAtNs: 0},
        {tables: 4, killAtNs: 0},
      ],
      {params: {policy: 'tlb-gather-2024'}},
    );
    let maxBusy = 0;
    while (engine.nowNs < S && engine.step()) maxBusy = Math.max(maxBusy, engine.wq.workers.filter((w) => w.busy).length);
    // Each task's chain goes to the worker at tlb_finish_mmu; the workqueue has max_active 1.
    expect(lines(engine, ['queue_work', 'exit_mmap']).map((l) => l.replace(/^\d+ /, ''))).toEqual([
      'exit_mmap 1000 freed_sync=0 gathered=2048',
      'queue_work tlb_swap_free node=0 pages=5 entries=2048',
      'exit_mmap 1001 freed_sync=0 gathered=2048',
      'queue_work tlb_swap_free node=0 pages=5 entries=2048',
    ]);
    expect(maxBusy).toBe(1);
    expect(details(engine, 'tlb_swap_free')).toEqual(['kworker/u9:0 entries=2048', 'kworker/u9:0 entries=2048']);
    expect(procs.map((p) => p.freedAsync)).toEqual([2048, 2048]);
    expect(procs[0]!.releasedNs).toBeLessThan(procs[1]!.releasedNs);
    expect(counter(engine, 'batch pages')).toBe(0);
  });
});

describe('zram-async-gc', () => {
  it('the exit pays the swap core part and the mark; the zram memory stays held until the GC runs', () => {
    const {engine, procs} = tinyEngine([{tables: 4, killAtNs: 0}], {params: {policy: 'zram-async-gc'}});
    engine.runUntil(5 * MS);
    // 10 µs + 4 · (1 µs walk + 1 µs run + 512 · (100 + 10) ns) = 243.28 µs; epilogue 10 µs.
    expect(lines(engine, ['exit_mmap', 'do_task_dead'])).toEqual(['243280 exit_mmap 1000 freed_sync=0 gathered=2048', '253280 do_task_dead 1000 exiting_task_count=0']);
    // The slots are free, the zram objects are not.
    expect(engine.swapUsedPages).toBe(0);
    expect(engine.zramPages).toBe(2048);
    expect(procs[0]!.releasedNs).toBe(-1);
    expect(counter(engine, 'gc backlog')).toBe(2048);
    engine.runUntil(S);
    // The GC was queued gcDelayMs (10 ms) after the first mark, at 10 µs; a kworker is created
    // (100 + 5 µs) and frees the 2048 objects' zram part: 2048 · 900 ns.
    expect(lines(engine, ['queue_work', 'create_worker', 'zram_gc'])).toEqual([
      '10010000 queue_work zram_gc node=0 backlog=2048',
      '10010000 create_worker kworker/u8:0',
      '10115000 zram_gc kworker/u8:0 backlog=2048',
    ]);
    expect(engine.zramPages).toBe(0);
    expect(procs[0]!.releasedNs).toBe(10_115_000 + 2048 * 900);
    expect(engine.exitRecords[0]!.releasedNs).toBe(procs[0]!.releasedNs);
  });

  it('a forced flush queues the GC at once', () => {
    const {engine} = tinyEngine([{tables: 2, killAtNs: 0}], {params: {policy: 'zram-async-gc'}});
    engine.runUntil(MS);
    expect(engine.forceFlush('manual')).toBe(1);
    expect(engine.forceFlush('manual')).toBe(0);
    engine.runUntil(5 * MS);
    expect(engine.zramPages).toBe(0);
  });
});

describe('zs-deferred', () => {
  it('frees synchronously when its pool is empty', () => {
    // The CPU's own page takes table 0's 512 handles and is full; with no spare page the three
    // other tables call zs_free inline.
    const {engine, procs} = tinyEngine([{tables: 4, killAtNs: 0, allowed: [0]}], {params: {policy: 'zs-deferred', zsPoolPages: 0}});
    engine.runUntil(S);
    expect(procs[0]!.freedSync).toBe(1536);
    expect(procs[0]!.gathered).toBe(512);
    expect(counter(engine, 'zs_free inline (pool empty)')).toBe(1536);
    expect(count(engine, 'queue_work')).toBe(0);
    // The full buffer waits for a page; a forced flush hands it to the worker anyway.
    expect(engine.forceFlush('manual')).toBe(1);
    engine.runUntil(2 * S);
    expect(procs[0]!.freedAsync).toBe(512);
    expect(engine.zramPages).toBe(0);
  });

  it('swaps full buffers for pool pages and drains them in order', () => {
    const {engine, procs} = tinyEngine(
      [
        {tables: 2, killAtNs: 0, allowed: [0]},
        {tables: 2, killAtNs: 2 * MS, allowed: [0]},
      ],
      {params: {policy: 'zs-deferred'}},
    );
    engine.runUntil(S);
    const queued = details(engine, 'queue_work');
    expect(queued).toEqual(Array.from({length: 4}, () => 'zs_deferred node=0 cpu=0 handles=512'));
    const drained = details(engine, 'zs_deferred_drain');
    expect(drained).toHaveLength(4);
    expect(drained.every((d) => d.endsWith('handles=512'))).toBe(true);
    // Drained in the order queued: the first task's buffers before the second's.
    const drains = (engine.trace ?? []).filter((e) => e.ev === 'zs_deferred_drain').map((e) => e.tNs);
    expect([...drains].sort((a, b) => a - b)).toEqual(drains);
    expect(procs[0]!.releasedNs).toBeLessThan(procs[1]!.releasedNs);
    expect(procs.map((p) => [p.freedSync, p.freedAsync])).toEqual([
      [0, 1024],
      [0, 1024],
    ]);
    // Pages circulate, none lost: 4 CPU pages and 8 spares; cpu0 gave its last page away and
    // takes one from the pool at its next free, so the pool holds 9.
    expect(counter(engine, 'pool pages free')).toBe(9);
  });
});

describe('swap-table', () => {
  it('changes only the swap core part: cheaper by (1 − swapTableCoreScale), zram untouched', () => {
    const exit = (policy: 'sync' | 'swap-table') => {
      const {engine} = tinyEngine([{tables: 4, killAtNs: 0}], {params: {policy}});
      engine.runUntil(S);
      return engine.exitRecords[0]!;
    };
    const sync = exit('sync');
    const table = exit('swap-table');
    expect(sync.freeSwapWork - table.freeSwapWork).toBeCloseTo(2048 * 100 * 0.3, 6);
    expect(table.zramWork).toBe(sync.zramWork);
    expect(sync.deadNs - table.deadNs).toBe(2048 * 30);
  });
});

describe('their kworkers', () => {
  it('are real workqueue workers, in the snapshot with kernel names and their workqueue', () => {
    const {engine} = tinyEngine([{tables: 4, killAtNs: 0}], {params: {policy: 'zram-async-gc'}});
    engine.runUntil(10_200_000);
    const node = engine.snapshot().nodes![0]!;
    expect(node.kworkers.map((k) => [k.name, k.busy])).toEqual([['kworker/u8:0', true]]);
    expect(node.workqueues).toEqual([
      {name: 'async_swap_free', nrActive: 0, maxActive: 256, pending: 0},
      {name: 'events_unbound', nrActive: 1, maxActive: 256, pending: 0},
    ]);
    expect(engine.snapshot().release?.policy).toBe('zram-async-gc');
  });

  it('share one events_unbound (system_unbound_wq) when the policy changes live: each work runs its own function', () => {
    const {engine} = tinyEngine(
      [
        {tables: 4, killAtNs: 0},
        {tables: 4, killAtNs: 50_000_000},
      ],
      {params: {policy: 'zram-async-gc'}},
    );
    engine.runUntil(20_000_000);
    engine.setPolicy('zs-deferred');
    engine.runUntil(S);
    const unbound = engine.wq.workqueues.filter((wq) => wq.name === 'events_unbound');
    expect(unbound.length).toBe(1);
    expect(engine.snapshot().nodes![0]!.workqueues!.filter((q) => q.name === 'events_unbound').length).toBe(1);
    // The GC's work and zs-deferred's drains both ran on it, and every entry came back.
    const works = count(engine, 'zram_gc') + count(engine, 'zs_deferred_drain');
    expect([count(engine, 'zram_gc') > 0, count(engine, 'zs_deferred_drain') > 0]).toEqual([true, true]);
    expect(unbound[0]!.pwqs[0]!.worksRun).toBe(works);
    expect(engine.entriesParked).toBe(0);
  });
});

describe('forced flushes', () => {
  it('tlb-gather-2024 hands a chain still being filled to the worker', () => {
    const {engine, procs} = tinyEngine(
      [
        {tables: 40, killAtNs: 0},
        {tables: 40, killAtNs: 0},
      ],
      {params: {policy: 'tlb-gather-2024'}},
    );
    // Both tasks have batched their first tables; nothing was handed off yet.
    engine.runUntil(15_000);
    expect(count(engine, 'queue_work')).toBe(0);
    expect(engine.forceFlush('manual')).toBe(2);
    expect(engine.forceFlush('oom')).toBe(0);
    engine.runUntil(S);
    expect(procs.map((p) => p.freedSync + p.freedAsync)).toEqual([20_480, 20_480]);
  });
});
