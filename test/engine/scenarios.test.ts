/**
 * Tiny scenarios with exact logs, SimPy style: each test runs a world of one or two processes on
 * the round-number test device (capacity-1.0 cores, a swap entry costs 1 µs, no contention) and
 * compares a filtered trace with a short expected list. The times are worked out by hand in the
 * comments from the costs in test/helpers/tiny-engine.ts:
 *   prologue 10 µs; a gathered table 1 µs + 100 ns per run (+ 1 µs per queue_work);
 *   a synchronous table of one 512-entry run 1 µs + 1 µs + 512 µs = 514 µs; epilogue 10 µs;
 *   create_worker 100 µs + wake 5 µs; a worker frees n nodes of e entries in n·1.1 µs + e µs.
 * MODEL.md §2 is the reference for every expectation.
 */
import {describe, expect, it} from 'vitest';
import {Engine} from '../../src/engine/engine.ts';
import {count, details, lines, testDevice, tinyEngine} from '../helpers/tiny-engine.ts';

const MS = 1_000_000;
const S = 1_000_000_000;
const EXIT = ['do_exit', 'exit_mmap', 'do_task_dead'];
const WQ = ['queue_work', 'create_worker', 'async_release_func', 'async_swap_count'];

describe('the synchronous tail (MM_SWAPENTS < 100 * SWAP_CLUSTER_MAX)', () => {
  it('gathers whole tables while MM_SWAPENTS >= 3200 at the start of the table, then frees the rest inline', () => {
    // 20 fully swapped tables, one 512-entry run each. MM_SWAPENTS before table i is 10240 − 512·i:
    // tables 0..13 start at ≥ 3584 and gather; table 14 starts at 3072 < 3200, so 14..19 are synchronous.
    const {engine, procs} = tinyEngine([{tables: 20, killAtNs: 0}], {params: {policy: 'gather'}});
    engine.runUntil(S);
    const gatherLines = Array.from({length: 14}, (_, i) => `${10_000 + 1_100 * i} zap_pte_range 1000 table=${i} gathered=512 sync=0`);
    expect(lines(engine, ['kill', 'zap_pte_range', ...EXIT])).toEqual([
      '0 kill 1000 test',
      '0 do_exit 1000 exiting_task_count=1',
      ...gatherLines,
      // 10 µs + 14 · 1.1 µs + 6 · 514 µs
      '3109400 exit_mmap 1000 freed_sync=3072 gathered=7168',
      '3119400 do_task_dead 1000 exiting_task_count=0',
    ]);
    const p = procs[0]!;
    expect({freedSync: p.freedSync, gathered: p.gathered, parked: p.parked, freedAsync: p.freedAsync}).toEqual({
      freedSync: 3072,
      gathered: 7168,
      parked: 7168,
      freedAsync: 0,
    });
    // 14 runs < max_cache_entries (32): nothing is queued and the entries stay parked after the task died.
    expect(engine.cacheCount).toBe(14);
    expect(engine.entriesParked).toBe(7168);
    expect(engine.workQueued).toBe(0);
    expect(engine.exitingTaskCount).toBe(0);
    expect(engine.totalEntriesAtKill - engine.totalFreedSync - engine.totalFreedAsync).toBe(7168);
  });

  it('moves the tail with the threshold: swapentsThreshold 0 gathers every table', () => {
    const {engine, procs} = tinyEngine([{tables: 20, killAtNs: 0}], {params: {policy: 'gather', swapentsThreshold: 0}});
    engine.runUntil(S);
    expect(details(engine, 'exit_mmap')).toEqual(['freed_sync=0 gathered=10240']);
    expect(procs[0]!.gathered).toBe(10_240);
    expect(engine.cacheCount).toBe(20);
  });
});

describe('repeated queue_work and empty works', () => {
  it('queues a work for every add at or above max_cache_entries; the first worker splices all, the rest find cache_count 0', () => {
    // 2 tables of 8 runs of 64 entries; max_cache_entries 4. Table 0 adds runs 1..8 (cache_count 4..8 queue
    // 5 works), table 1 adds 9..16 (8 more works) before the first kworker exists: 13 works in all.
    const {engine, procs} = tinyEngine([{tables: 2, meanRunEntries: 64, killAtNs: 0}], {
      params: {policy: 'gather', maxCacheEntries: 4, swapentsThreshold: 0},
    });
    engine.runUntil(S);
    const queued = (from: number, to: number, t: number): string[] =>
      Array.from({length: to - from + 1}, (_, i) => `${t} queue_work threshold node=0 cache_count=${from + i}`);
    // The pool is u9 on a 4-CPU device (after the 2 per-CPU pools of each CPU).
    const empties = Array.from({length: 12}, (_, i) => `${220_000 + 1_000 * i} async_release_func kworker/u9:1 empty`);
    expect(lines(engine, [...WQ, 'zap_pte_range', ...EXIT])).toEqual([
      '0 do_exit 1000 exiting_task_count=1',
      '10000 queue_work threshold node=0 cache_count=4',
      // No idle kworker: the manager creates one; later works only wait for it.
      '10000 create_worker kworker/u9:0',
      ...queued(5, 8, 10_000),
      '10000 zap_pte_range 1000 table=0 gathered=512 sync=0',
      // table 0: 1 µs + 8 · 100 ns + 5 · 1 µs = 6.8 µs
      ...queued(9, 16, 16_800),
      '16800 zap_pte_range 1000 table=1 gathered=512 sync=0',
      // table 1: 1 µs + 8 · 100 ns + 8 · 1 µs = 9.8 µs
      '26600 exit_mmap 1000 freed_sync=0 gathered=1024',
      '36600 do_task_dead 1000 exiting_task_count=0',
      // u9:0 runs at 10 µs + 105 µs; with 12 works still pending it gets another worker created.
      '115000 create_worker kworker/u9:1',
      '115000 async_release_func kworker/u9:0 spliced 16',
      '220000 create_worker kworker/u9:2',
      ...empties,
      // 16 nodes · 1.1 µs + 1024 entries · 1 µs after 115 µs
      '1156600 async_swap_count kworker/u9:0 +16',
    ]);
    expect({workQueued: engine.workQueued, workEmpty: engine.workEmpty, asyncSwapCount: engine.asyncSwapCount}).toEqual({
      workQueued: 13,
      workEmpty: 12,
      asyncSwapCount: 16,
    });
    expect(engine.flushes).toEqual({threshold: 13, oom: 0, manual: 0});
    expect(procs[0]!.freedAsync).toBe(1024);
    expect(engine.entriesParked).toBe(0);
    expect(engine.wq.pools[0]!.nrActive).toBe(0);
    expect(engine.wq.pools[0]!.worksRun).toBe(13);
  });

  it('counts cache_count in list nodes (runs), not entries', () => {
    const {engine} = tinyEngine([{tables: 1, meanRunEntries: 128, killAtNs: 0}], {params: {policy: 'gather', swapentsThreshold: 0}});
    engine.runUntil(S);
    expect(engine.cacheCount).toBe(4);
    expect(engine.listNrs).toEqual([128, 128, 128, 128]);
    expect(engine.entriesParked).toBe(512);
  });
});

describe('a forced flush only queues (flush_cache_if_needed(false))', () => {
  /** The synchronous-tail world: 14 runs parked below max_cache_entries once the task is dead. */
  const parked = (policy: 'gather' | 'gather-oom') => tinyEngine([{tables: 20, killAtNs: 0}], {params: {policy}});

  it("'manual' queues exactly one work for a list below the threshold, frees nothing at that instant", () => {
    const {engine, procs} = parked('gather');
    engine.runUntil(S);
    expect(engine.forceFlush('manual')).toBe(1);
    // Nothing has been freed yet: the work is only queued.
    expect({cacheCount: engine.cacheCount, parked: engine.entriesParked, freedAsync: engine.totalFreedAsync}).toEqual({
      cacheCount: 14,
      parked: 7168,
      freedAsync: 0,
    });
    engine.runUntil(2 * S);
    expect(lines(engine, WQ)).toEqual([
      '1000000000 queue_work manual node=0 cache_count=14',
      '1000000000 create_worker kworker/u9:0',
      '1000105000 async_release_func kworker/u9:0 spliced 14',
      // 14 · 1.1 µs + 7168 µs
      '1007288400 async_swap_count kworker/u9:0 +14',
    ]);
    expect(engine.flushes).toEqual({threshold: 0, oom: 0, manual: 1});
    expect(procs[0]!.freedAsync).toBe(7168);
    expect(engine.totalEntriesAtKill).toBe(engine.totalFreedSync + engine.totalFreedAsync);
  });

  it("'oom' under gather-oom queues one work (v0 2/2) and does not wait", () => {
    const {engine} = parked('gather-oom');
    engine.runUntil(S);
    expect(engine.forceFlush('oom')).toBe(1);
    expect(engine.oomPathEntries).toBe(1);
    expect(engine.entriesParked).toBe(7168);
    engine.runUntil(2 * S);
    expect(lines(engine, ['queue_work', 'async_release_func'])).toEqual([
      '1000000000 queue_work oom node=0 cache_count=14',
      '1000105000 async_release_func kworker/u9:0 spliced 14',
    ]);
    expect(engine.flushes).toEqual({threshold: 0, oom: 1, manual: 0});
    expect(engine.entriesParked).toBe(0);
  });

  it("'oom' under gather (v0 1/2 only) queues nothing: the entries stay parked", () => {
    const {engine} = parked('gather');
    engine.runUntil(S);
    expect(engine.forceFlush('oom')).toBe(0);
    engine.runUntil(2 * S);
    expect(engine.oomPathEntries).toBe(1);
    expect(count(engine, 'queue_work')).toBe(0);
    expect(engine.flushes).toEqual({threshold: 0, oom: 0, manual: 0});
    expect(engine.entriesParked).toBe(7168);
    expect(engine.cacheCount).toBe(14);
  });

  it('an empty list queues nothing', () => {
    const {engine} = tinyEngine([{tables: 4, killAtNs: 0}], {params: {policy: 'gather-oom'}});
    expect(engine.forceFlush('manual')).toBe(0);
    engine.runUntil(S);
    // 2048 entries < 3200: nothing was ever gathered.
    expect(engine.forceFlush('manual')).toBe(0);
    expect(engine.forceFlush('oom')).toBe(0);
    engine.runUntil(2 * S);
    expect(count(engine, 'queue_work')).toBe(0);
    expect(engine.workQueued).toBe(0);
    expect(engine.flushes).toEqual({threshold: 0, oom: 0, manual: 0});
  });

  it('a flush between two runUntil calls keeps the clock monotonic', () => {
    // Regression: the worker woken by a flush made between steps used to be planned only after the
    // next event (the 2 s tick), from the past, and the clock went back from 2 s to 1.000105 s.
    const {engine} = parked('gather');
    engine.runUntil(S);
    engine.forceFlush('manual');
    const times: number[] = [];
    while (engine.nowNs < 3 * S) {
      engine.step();
      times.push(engine.nowNs);
    }
    expect(times.filter((t, i) => i > 0 && t < times[i - 1]!)).toEqual([]);
    expect(times.slice(0, 3)).toEqual([1_000_105_000, 1_007_288_400, 2 * S]);
  });
});

describe('GFP_ATOMIC allocation failures', () => {
  it('a failed swap_entry_cache allocation frees the run synchronously (-ENOMEM)', () => {
    const {engine, procs} = tinyEngine([{tables: 20, killAtNs: 0}], {params: {policy: 'gather'}, nodeAllocFailRate: 1});
    engine.runUntil(S);
    // The 14 eligible tables each fail once (one run each) and cost a synchronous 514 µs.
    const failed = Array.from({length: 14}, (_, i) => `${10_000 + 514_000 * i} kmem_cache_alloc_failed 1000 nr=512`);
    expect(lines(engine, ['kmem_cache_alloc_failed', 'zap_pte_range', 'queue_work', ...EXIT])).toEqual([
      '0 do_exit 1000 exiting_task_count=1',
      ...failed,
      '10290000 exit_mmap 1000 freed_sync=10240 gathered=0',
      '10300000 do_task_dead 1000 exiting_task_count=0',
    ]);
    expect(engine.allocFailures).toEqual({node: 14, work: 0});
    expect(procs[0]!.gathered).toBe(0);
    expect(engine.cacheCount).toBe(0);
    expect(engine.totalFreedSync).toBe(10_240);
  });

  it('a failed work_struct allocation queues nothing; the runs wait for the next trigger', () => {
    // A: one table of 8 runs of 64 with max_cache_entries 4 → adds 4..8 each try to queue and fail.
    // B is killed at 500 ms, after the failures stop: its first add is the next trigger.
    const {engine, procs} = tinyEngine(
      [
        {tables: 1, meanRunEntries: 64, killAtNs: 0},
        {tables: 1, meanRunEntries: 64, killAtNs: 500 * MS},
      ],
      {params: {policy: 'gather', maxCacheEntries: 4, swapentsThreshold: 0}, workAllocFailRate: 1},
    );
    engine.runUntil(400 * MS);
    expect(lines(engine, ['kmalloc_work_failed', 'queue_work'])).toEqual([4, 5, 6, 7, 8].map((n) => `10000 kmalloc_work_failed cache_count=${n}`));
    expect(engine.allocFailures).toEqual({node: 0, work: 5});
    expect(engine.workQueued).toBe(0);
    expect(engine.cacheCount).toBe(8);
    expect(procs[0]!.parked).toBe(512);
    expect(procs[0]!.state).toBe('dead');

    engine.workAllocFailRate = 0;
    engine.runUntil(S);
    expect(details(engine, 'queue_work')).toEqual([9, 10, 11, 12, 13, 14, 15, 16].map((n) => `threshold node=0 cache_count=${n}`));
    expect(details(engine, 'async_release_func')[0]).toBe('kworker/u9:0 spliced 16');
    expect(engine.workEmpty).toBe(7);
    expect(procs.map((p) => p.freedAsync)).toEqual([512, 512]);
    expect(engine.entriesParked).toBe(0);
  });

  it('after work allocation failures, a manual flush is also a trigger', () => {
    const {engine, procs} = tinyEngine([{tables: 1, meanRunEntries: 64, killAtNs: 0}], {
      params: {policy: 'gather', maxCacheEntries: 4, swapentsThreshold: 0},
      workAllocFailRate: 1,
    });
    engine.runUntil(S);
    expect(engine.forceFlush('manual')).toBe(0);
    expect(engine.allocFailures.work).toBe(6);
    engine.workAllocFailRate = 0;
    expect(engine.forceFlush('manual')).toBe(1);
    engine.runUntil(2 * S);
    expect(lines(engine, ['queue_work', 'async_release_func', 'async_swap_count'])).toEqual([
      '1000000000 queue_work manual node=0 cache_count=8',
      '1000105000 async_release_func kworker/u9:0 spliced 8',
      // 8 nodes · 1.1 µs + 512 µs
      '1000625800 async_swap_count kworker/u9:0 +8',
    ]);
    expect(procs[0]!.freedAsync).toBe(512);
  });
});

describe('eligibility', () => {
  it('MIN_EXITING_TASKS_THRESHOLD 2 with one exiting task gathers nothing', () => {
    const {engine, procs} = tinyEngine([{tables: 20, killAtNs: 0}], {params: {policy: 'gather', minExitingTasks: 2}});
    engine.runUntil(S);
    expect(count(engine, 'zap_pte_range')).toBe(0);
    expect(details(engine, 'exit_mmap')).toEqual(['freed_sync=10240 gathered=0']);
    expect(procs[0]!.gathered).toBe(0);
  });

  it('exiting_task_count goes up at the start of do_exit, before exit_mm', () => {
    // MODEL.md §2: +1 at the start of do_exit. 1001 is killed at 5 µs, during 1000's 10 µs of do_exit
    // before exit_mm, so 1000's first table (at 10 µs) already sees 2 exiting tasks and gathers.
    const {engine, procs} = tinyEngine(
      [
        {tables: 8, killAtNs: 0},
        {tables: 8, killAtNs: 5_000},
      ],
      {params: {policy: 'gather', minExitingTasks: 2}},
    );
    engine.runUntil(S);
    expect(lines(engine, ['kill', 'zap_pte_range', ...EXIT])).toEqual([
      '0 kill 1000 test',
      '0 do_exit 1000 exiting_task_count=1',
      '5000 kill 1001 test',
      '5000 do_exit 1001 exiting_task_count=2',
      '10000 zap_pte_range 1000 table=0 gathered=512 sync=0',
      '11100 zap_pte_range 1000 table=1 gathered=512 sync=0',
      '15000 zap_pte_range 1001 table=0 gathered=512 sync=0',
      '16100 zap_pte_range 1001 table=1 gathered=512 sync=0',
      // 12.2 µs + 6 · 514 µs
      '3096200 exit_mmap 1000 freed_sync=3072 gathered=1024',
      '3101200 exit_mmap 1001 freed_sync=3072 gathered=1024',
      '3106200 do_task_dead 1000 exiting_task_count=1',
      '3111200 do_task_dead 1001 exiting_task_count=0',
    ]);
    expect(procs.map((p) => p.gathered)).toEqual([1024, 1024]);
  });

  it('MIN_EXITING_TASKS_THRESHOLD 2 is checked at each table with the count at that moment', () => {
    // 1000 (10 tables) exits alone: tables 0 and 1 are inline (514 µs each). 1001 enters do_exit at
    // 600 µs and gathers its tables 0 and 1; 1000's table 2 (at 1038 µs) sees 2 and gathers, table 3
    // too, and table 4 starts at MM_SWAPENTS 3072: inline again.
    const {engine, procs} = tinyEngine(
      [
        {tables: 10, killAtNs: 0},
        {tables: 8, killAtNs: 600_000},
      ],
      {params: {policy: 'gather', minExitingTasks: 2}},
    );
    engine.runUntil(S);
    expect(lines(engine, ['zap_pte_range', ...EXIT])).toEqual([
      '0 do_exit 1000 exiting_task_count=1',
      '600000 do_exit 1001 exiting_task_count=2',
      '610000 zap_pte_range 1001 table=0 gathered=512 sync=0',
      '611100 zap_pte_range 1001 table=1 gathered=512 sync=0',
      '1038000 zap_pte_range 1000 table=2 gathered=512 sync=0',
      '1039100 zap_pte_range 1000 table=3 gathered=512 sync=0',
      '3696200 exit_mmap 1001 freed_sync=3072 gathered=1024',
      '3706200 do_task_dead 1001 exiting_task_count=1',
      '4124200 exit_mmap 1000 freed_sync=4096 gathered=1024',
      '4134200 do_task_dead 1000 exiting_task_count=0',
    ]);
    expect(procs.map((p) => [p.freedSync, p.gathered])).toEqual([
      [4096, 1024],
      [3072, 1024],
    ]);
  });

  it('a live process unmapping never gathers, even with every other check passing', () => {
    // Another task is exiting at the same time, so exiting_task_count is 1 during the munmap.
    const {engine, procs} = tinyEngine(
      [
        {tables: 20, munmapAtNs: 0},
        {tables: 20, killAtNs: 0},
      ],
      {params: {policy: 'gather-oom', minExitingTasks: 0, swapentsThreshold: 0}},
    );
    engine.runUntil(S);
    const [munmap, dying] = procs;
    expect(munmap!.gathered).toBe(0);
    expect(munmap!.freedSync).toBe(10_240);
    expect(munmap!.state).toBe('dead');
    expect(dying!.gathered).toBe(10_240);
    expect(details(engine, 'exit_mmap')).toContain('freed_sync=10240 gathered=0');
    expect((engine.trace ?? []).filter((e) => e.ev === 'zap_pte_range' && e.pid === munmap!.pid)).toEqual([]);
  });

  it('policy sync never gathers', () => {
    const {engine, procs} = tinyEngine(
      [
        {tables: 20, killAtNs: 0},
        {tables: 20, killAtNs: 0, meanRunEntries: 8},
      ],
      {params: {policy: 'sync', minExitingTasks: 0, swapentsThreshold: 0, maxCacheEntries: 1}},
    );
    engine.runUntil(S);
    expect(procs.map((p) => [p.freedSync, p.gathered])).toEqual([
      [10_240, 0],
      [10_240, 0],
    ]);
    expect(count(engine, 'zap_pte_range') + count(engine, 'queue_work') + engine.cachePeak).toBe(0);
  });

  /** A victim of 20 fully swapped tables, SIGKILL at 0, process_mrelease from a reaper at `reapAtNs`. */
  const reaped = (reapAtNs: number): {engine: Engine; reaperDoneNs: () => number; reaper: () => number} => {
    let doneNs = -1;
    let reaper = -1;
    const engine = new Engine(
      {scenario: 'test', device: testDevice(), seed: 1, params: {policy: 'gather'}, trace: true},
      {
        name: 'reap',
        init(e) {
          const p = e.spawn({comm: 'victim', oomScoreAdj: 900, presentPages: 0, swapEntries: 20 * 512, meanRunEntries: 512, layoutRng: null});
          e.scheduleKill(0, p.pid, 'test');
          e.at(reapAtNs, 'reap', p.pid);
        },
        onEvent(e, _tag, pid) {
          // A reaper's owner index is its slot in the engine's zapper table; pids start at 1000.
          const t = e.sched.createThread('reaper', 0, 'lmkd_reaper', 0);
          reaper = t.id;
          e.reaperThreads.push(t);
          e.startReap(t, pid, (en) => {
            doneNs = en.nowNs;
          });
        },
      },
    );
    return {engine, reaperDoneNs: () => doneNs, reaper: () => reaper};
  };

  it('a reaper (process_mrelease) that starts first zaps every table inline; the dying task spins behind it', () => {
    // The reaper holds table 0's PTE lock from 0 (inline, 514 µs a table). The task, in do_exit since
    // 0, reaches table 0 at 10 µs and spins on the lock; each time the reaper moves on, the task scans
    // the emptied table (1 µs) and spins on the next. The reaper's walk ends at 20 · 514 = 10280 µs;
    // the task scans table 19 (1 µs), exit_mmap at 10281 µs, epilogue 10 µs.
    const {engine, reaperDoneNs} = reaped(0);
    const victim = [...engine.procs.values()][0]!;
    engine.runUntil(S);
    expect(details(engine, 'zap_pte_range')).toEqual([]);
    expect(lines(engine, EXIT)).toEqual([
      '0 do_exit 1000 exiting_task_count=1',
      '10281000 exit_mmap 1000 freed_sync=10240 gathered=0',
      '10291000 do_task_dead 1000 exiting_task_count=0',
    ]);
    expect(victim.reaped).toBe(true);
    expect(reaperDoneNs()).toBe(10_280_000);
    expect(engine.reaperCpuNs()).toBe(20 * 514_000);
    // Spinning is CPU time: the task was on a CPU from SIGKILL to do_task_dead.
    expect(victim.thread.cpuNs).toBeCloseTo(10_291_000, -1);
    // The exit's cost breakdown counts the reaper's zap of its tables (a run and 512 entries inline
    // per table), not the spinning: prologue, 20 reaped tables, 20 scans, epilogue.
    expect(victim.freeSwapWork).toBe(20 * 513_000);
    expect(victim.exitWork).toBe(10_000 + 20 * 514_000 + 20 * 1_000 + 10_000);
  });

  it('a dying task ahead of the reaper gathers while the reaper spins behind it and frees nothing', () => {
    // The task gathers tables 0..13 (1.1 µs each, 10 → 25.4 µs) and frees 14..19 inline (514 µs each,
    // to 3109.4 µs). The reaper comes at 100 µs, scans the emptied tables 0..13 (14 µs), and spins
    // on the task's table each time. The task's walk is over at 3109.4 µs, while the reaper still
    // spins on table 19: exit_mmap waits for the reaper's walk (mmap_write_lock), which ends with its
    // scan of table 19 at 3110.4 µs; epilogue 10 µs.
    const {engine, reaperDoneNs} = reaped(100_000);
    engine.runUntil(S);
    expect(details(engine, 'zap_pte_range')).toEqual(Array.from({length: 14}, (_, i) => `table=${i} gathered=512 sync=0`));
    expect(lines(engine, EXIT)).toEqual([
      '0 do_exit 1000 exiting_task_count=1',
      '3110400 exit_mmap 1000 freed_sync=3072 gathered=7168',
      '3120400 do_task_dead 1000 exiting_task_count=0',
    ]);
    expect(reaperDoneNs()).toBe(3_110_400);
    // The reaper was on a CPU from 100 µs to the end of its walk, and zapped nothing itself.
    expect(engine.reaperCpuNs()).toBeCloseTo(3_010_400, -1);
  });
});

describe('NUMA: unbound work runs on the pool of the queuing CPU', () => {
  it('a task pinned to node 1 queues on node 1 and its kworker runs there', () => {
    const device = testDevice({cpus: 2, nodes: 2});
    const {engine} = tinyEngine([{tables: 1, meanRunEntries: 128, killAtNs: 0, allowed: [3]}], {
      device,
      params: {policy: 'gather', maxCacheEntries: 4, swapentsThreshold: 0},
    });
    engine.runUntil(S);
    // 4 CPUs: per-CPU pools 0..7, unbound pools u9 (node 0) and u11 (node 1).
    expect(lines(engine, WQ)).toEqual([
      '10000 queue_work threshold node=1 cache_count=4',
      '10000 create_worker kworker/u11:0',
      '115000 async_release_func kworker/u11:0 spliced 4',
      // 4 nodes · 1.1 µs + 512 µs
      '631400 async_swap_count kworker/u11:0 +4',
    ]);
    expect(engine.wq.pools.map((p) => p.worksRun)).toEqual([0, 1]);
    expect(engine.wq.pools[1]!.workers[0]!.thread.lastCpu).toBeGreaterThanOrEqual(2);
  });
});

describe('zero-cost steps (device knobs may be set to 0)', () => {
  it.each(['exitPrologueNs', 'exitEpilogueNs', 'workerWakeNs', 'emptyWorkNs', 'pteTableNs'] as const)('%s = 0: every task dies and every entry is freed', (knob) => {
    const device = testDevice({costs: {[knob]: 0}});
    const {engine, procs} = tinyEngine(
      [
        {tables: 2, meanRunEntries: 64, killAtNs: 0},
        {tables: 1, presentPages: 300, swapEntries: 0, killAtNs: 0},
      ],
      {device, params: {policy: 'gather', maxCacheEntries: 4, swapentsThreshold: 0}},
    );
    engine.runUntil(S);
    engine.forceFlush('manual');
    engine.runUntil(2 * S);
    expect(procs.map((p) => p.state)).toEqual(['dead', 'dead']);
    expect(count(engine, 'do_task_dead')).toBe(2);
    expect(engine.exitingTaskCount).toBe(0);
    expect(engine.totalFreedAsync).toBe(1024);
    expect(engine.wq.pools[0]!.nrActive).toBe(0);
  });
});

describe('zsmalloc contention is between CPUs, not between runnable contexts', () => {
  /** Time for `perCpu` tasks on each of 2 CPUs to free 2048 entries per CPU inline (policy sync). */
  const lastZapNs = (perCpu: number): number => {
    const device = testDevice({cpus: 2, costs: {atomicNs: 10, zsClassHoldShare: 0.3}});
    const tables = 4 / perCpu;
    const procs = [0, 1].flatMap((cpu) => Array.from({length: perCpu}, () => ({tables, killAtNs: 0, allowed: [cpu]})));
    const {engine} = tinyEngine(procs, {device, params: {policy: 'sync'}});
    engine.runUntil(S);
    expect(count(engine, 'exit_mmap')).toBe(2 * perCpu);
    return Math.max(...(engine.trace ?? []).filter((e) => e.ev === 'exit_mmap').map((e) => e.tNs));
  };

  it('two CPUs freeing contend, whatever the number of tasks time-sharing each CPU', () => {
    // A task waiting for its turn on a CPU holds no zsmalloc lock and spins on none: the locks are
    // contended by 2 CPUs in both worlds, so 4 tasks per CPU take about as long as 1 task per CPU.
    const one = lastZapNs(1);
    const four = lastZapNs(4);
    // One task per CPU: 10 µs + 4 tables, the first alone-ish, the rest slower for the shared lines.
    expect(one).toBeGreaterThan(10_000 + 4 * 514_000);
    expect(four / one).toBeGreaterThan(0.9);
    expect(four / one).toBeLessThan(1.1);
  });
});
