/**
 * fast-check properties over seeds, policies, the patch's parameters, GFP_ATOMIC failure rates and
 * small kill bursts: the invariants of test/helpers/invariants.ts hold after every step, and once
 * every exit is done and a last flush has run, every swap entry was freed exactly once.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {Engine, type Proc, type Workload} from '../../src/engine/engine.ts';
import {POLICY_NAMES, type NumericParam} from '../../src/engine/params.ts';
import type {PolicyName} from '../../src/engine/snapshot.ts';
import {summarize} from '../../src/report/summary.ts';
import type {RunSpec} from '../../src/run-config.ts';
import {GATHER_CACHE, type SwapGatherCache} from '../../src/engine/release/gather-cache.ts';
import {invariantViolations, quiescent} from '../helpers/invariants.ts';
import {burstEngine, burstSpec, splicedNodes} from '../helpers/kill-burst.ts';
import {testDevice, tinyEngine} from '../helpers/tiny-engine.ts';

const MS = 1_000_000;
const POLICY = fc.constantFrom<PolicyName>(...POLICY_NAMES);
const FAIL_PCT = fc.oneof(
  {weight: 5, arbitrary: fc.constant(0)},
  {weight: 1, arbitrary: fc.constant(100)},
  {weight: 2, arbitrary: fc.integer({min: 0, max: 100})},
);

const world = fc.record({
  seed: fc.integer({min: 0, max: 2 ** 31 - 1}),
  policy: POLICY,
  maxCacheEntries: fc.integer({min: 1, max: 64}),
  minExitingTasks: fc.oneof({weight: 3, arbitrary: fc.integer({min: 0, max: 1})}, {weight: 1, arbitrary: fc.integer({min: 2, max: 3})}),
  // Mostly below the apps' sizes, so that most worlds gather.
  swapentsThreshold: fc.oneof(fc.integer({min: 0, max: 10_000}), fc.integer({min: 0, max: 2_000})),
  maxActive: fc.integer({min: 0, max: 8}),
  nodeAllocFailPct: FAIL_PCT,
  workAllocFailPct: FAIL_PCT,
  apps: fc.integer({min: 1, max: 4}),
  swapMB: fc.tuple(fc.integer({min: 1, max: 48}), fc.integer({min: 1, max: 48})),
  rssMB: fc.tuple(fc.integer({min: 0, max: 12}), fc.integer({min: 0, max: 12})),
  meanRunEntries: fc.oneof(fc.integer({min: 4, max: 64}), fc.constantFrom(128, 512)),
  windowMs: fc.integer({min: 0, max: 300}),
  device: fc.constantFrom('phone', 'phone', 'xeon-2s'),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function specOf(w: World): RunSpec {
  return burstSpec({
    policy: w.policy,
    seed: w.seed,
    device: w.device,
    simSeconds: 5,
    set: {
      maxCacheEntries: w.maxCacheEntries,
      minExitingTasks: w.minExitingTasks,
      swapentsThreshold: w.swapentsThreshold,
      maxActive: w.maxActive,
      nodeAllocFailPct: w.nodeAllocFailPct,
      workAllocFailPct: w.workAllocFailPct,
      apps: w.apps,
      swapMBMin: Math.min(...w.swapMB),
      swapMBMax: Math.max(...w.swapMB),
      rssMBMin: Math.min(...w.rssMB),
      rssMBMax: Math.max(...w.rssMB),
      meanRunEntries: w.meanRunEntries,
      startMs: 50,
      windowMs: w.windowMs,
    },
  });
}

/** A change made while the world runs, as the dashboard's keys make them. */
type Action =
  | {readonly kind: 'param'; readonly key: NumericParam; readonly value: number}
  | {readonly kind: 'policy'; readonly policy: PolicyName}
  | {readonly kind: 'flush'; readonly reason: 'manual' | 'oom'}
  | {readonly kind: 'fail'; readonly node: number; readonly work: number};

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({kind: fc.constant('param' as const), key: fc.constant<NumericParam>('maxCacheEntries'), value: fc.integer({min: 1, max: 64})}),
  fc.record({kind: fc.constant('param' as const), key: fc.constant<NumericParam>('minExitingTasks'), value: fc.integer({min: 0, max: 3})}),
  fc.record({kind: fc.constant('param' as const), key: fc.constant<NumericParam>('swapentsThreshold'), value: fc.integer({min: 0, max: 10_000})}),
  fc.record({kind: fc.constant('param' as const), key: fc.constant<NumericParam>('maxActive'), value: fc.integer({min: 0, max: 8})}),
  fc.record({kind: fc.constant('policy' as const), policy: POLICY}),
  fc.record({kind: fc.constant('flush' as const), reason: fc.constantFrom<'manual' | 'oom'>('manual', 'oom')}),
  fc.record({kind: fc.constant('fail' as const), node: fc.constantFrom(0, 0.5, 1), work: fc.constantFrom(0, 0.5, 1)}),
);
const timedActions = fc.array(fc.record({atMs: fc.integer({min: 0, max: 600}), action}), {maxLength: 8});

function apply(engine: Engine, a: Action): void {
  switch (a.kind) {
    case 'param':
      expect(engine.setParam(a.key, a.value)).toBeNull();
      break;
    case 'policy':
      engine.setPolicy(a.policy);
      break;
    case 'flush':
      engine.forceFlush(a.reason);
      break;
    case 'fail':
      engine.nodeAllocFailRate = a.node;
      engine.workAllocFailRate = a.work;
      break;
  }
}

const MAX_STEPS = 200_000;

/**
 * Steps the engine, checking every invariant after each step and applying the actions when their
 * time has come, until every process is dead; then a last manual flush with allocations working,
 * and steps until the workqueue is quiet. Returns the violations (at most a few).
 */
function runChecked(engine: Engine, procs: readonly Proc[], actions: readonly {atMs: number; action: Action}[], observe?: () => void): string[] {
  const pending = [...actions].sort((a, b) => a.atMs - b.atMs);
  const violations: string[] = [];
  let maxActiveLowered = false;
  let prevNrActive = engine.wq.pools.map((p) => p.nrActive);
  let lastNs = engine.nowNs;
  const check = (): void => {
    if (engine.nowNs < lastNs) violations.push(`clock went back from ${lastNs} to ${engine.nowNs}`);
    lastNs = engine.nowNs;
    violations.push(...invariantViolations(engine, procs, {maxActiveLowered, prevNrActive}));
    prevNrActive = engine.wq.pools.map((p) => p.nrActive);
    observe?.();
  };
  check();
  let steps = 0;
  const allDead = (): boolean => procs.every((p) => p.state === 'dead');
  while ((!allDead() || pending.length > 0) && steps++ < MAX_STEPS && violations.length === 0) {
    while (pending.length > 0 && pending[0]!.atMs * MS <= engine.nowNs) {
      const a = pending.shift()!.action;
      if (a.kind === 'param' && a.key === 'maxActive') {
        const before = engine.wq.pools.map((p) => p.maxActive);
        apply(engine, a);
        if (engine.wq.pools.some((p, i) => p.maxActive < before[i]!)) maxActiveLowered = true;
      } else {
        apply(engine, a);
      }
      check();
    }
    engine.step();
    check();
  }
  if (!allDead()) violations.push(`not every process died within ${MAX_STEPS} steps (t=${engine.nowNs})`);
  // The last trigger: the entries below max_cache_entries (or behind failed allocations) wait for one.
  engine.workAllocFailRate = 0;
  engine.forceFlush('manual');
  check();
  while (!quiescent(engine) && steps++ < MAX_STEPS && violations.length === 0) {
    engine.step();
    check();
  }
  if (!quiescent(engine)) violations.push(`the workqueue is not quiet after ${MAX_STEPS} steps: cache_count ${engine.cacheCount}, parked ${engine.entriesParked}`);
  return violations.slice(0, 5);
}

function expectConserved(engine: Engine, procs: readonly Proc[], spec: RunSpec): void {
  expect(engine.kills).toBe(procs.length);
  // Per process: none lost, none freed twice.
  expect(procs.map((p) => p.freedSync + p.freedAsync - p.entriesAtKill)).toEqual(procs.map(() => 0));
  expect(procs.map((p) => p.parked)).toEqual(procs.map(() => 0));
  expect(engine.totalFreedSync + engine.totalFreedAsync).toBe(engine.totalEntriesAtKill);
  expect(engine.totalEntriesAtKill).toBe(procs.reduce((n, p) => n + p.entriesAtKill, 0));
  expect(engine.exitingTaskCount).toBe(0);
  expect(engine.cacheCount).toBe(0);
  // Every node a worker spliced was counted in async_swap_count once.
  expect(engine.asyncSwapCount).toBe(splicedNodes(engine));
  // Every queued work of async_swap_free ran: it spliced the list or found it empty.
  const ran = engine.wq.workqueues.find((wq) => wq.name === 'async_swap_free')!.pwqs.reduce((n, p) => n + p.worksRun, 0);
  expect(ran).toBe(engine.workQueued);
  expect(engine.trace?.filter((e) => e.ev === 'async_release_func').length).toBe(ran);
  const s = summarize(engine, spec, 0);
  expect(s.swap.pending).toBe(0);
  expect(s.swap.freedSync + s.swap.freedAsync).toBe(s.swap.entriesAtKill);
}

describe('invariants over random worlds', () => {
  it('hold at every step, and every entry is freed exactly once', () => {
    const seen = {async: 0, emptyWorks: 0, inactive: 0, nodeFailures: 0, workFailures: 0};
    fc.assert(
      fc.property(world, (w) => {
        const spec = specOf(w);
        const {engine, procs} = burstEngine(spec);
        expect(procs.length).toBe(w.apps);
        let inactive = false;
        const violations = runChecked(engine, procs, [], () => {
          inactive ||= engine.wq.pools.some((p) => p.inactive > 0);
        });
        expect(violations).toEqual([]);
        expectConserved(engine, procs, spec);
        if (w.policy === 'sync' || w.policy === 'swap-table') expect(engine.totalFreedAsync).toBe(0);
        if (engine.totalFreedAsync > 0) seen.async++;
        if (engine.workEmpty > 0) seen.emptyWorks++;
        if (inactive) seen.inactive++;
        if (engine.allocFailures.node > 0) seen.nodeFailures++;
        if (engine.allocFailures.work > 0) seen.workFailures++;
      }),
      // Seven policies: enough worlds that v0's machinery is exercised in every way below.
      {numRuns: 120, seed: 20_250_909},
    );
    // The worlds exercise the machinery, not only the synchronous path.
    expect(seen.async).toBeGreaterThanOrEqual(10);
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
  });

  it('hold when parameters, the policy and the failure rates change at random times, with forced flushes', () => {
    fc.assert(
      fc.property(world, timedActions, (w, actions) => {
        const spec = specOf(w);
        const {engine, procs} = burstEngine(spec);
        expect(runChecked(engine, procs, actions)).toEqual([]);
        expectConserved(engine, procs, spec);
      }),
      {numRuns: 60, seed: 90_925},
    );
  });

  it('gather without work allocation failures leaves fewer than max_cache_entries runs waiting', () => {
    // Without v0 2/2 or a manual flush, what can wait forever is one sub-threshold list (MODEL.md §2).
    fc.assert(
      fc.property(world, (w) => {
        const spec = specOf({...w, policy: 'gather', workAllocFailPct: 0});
        const {engine, procs} = burstEngine(spec);
        let steps = 0;
        while (!procs.every((p) => p.state === 'dead') && steps++ < MAX_STEPS) engine.step();
        engine.runUntil(engine.nowNs + 2_000 * MS);
        expect(engine.cacheCount).toBeLessThan(spec.params.maxCacheEntries);
        expect(engine.totalEntriesAtKill - engine.totalFreedSync - engine.totalFreedAsync).toBe(engine.entriesParked);
        expect(engine.entriesParked).toBe(engine.listNrs.reduce((a, b) => a + b, 0));
      }),
      {numRuns: 30, seed: 7},
    );
  });
});

describe('the invariant checker itself', () => {
  /** The synchronous-tail world at 1 s: 14 runs parked, the task dead. */
  const parkedWorld = () => {
    const w = tinyEngine([{tables: 20, killAtNs: 0}], {params: {policy: 'gather'}});
    w.engine.runUntil(1_000 * MS);
    return w;
  };

  it('finds nothing wrong in a consistent state', () => {
    const {engine, procs} = parkedWorld();
    expect(engine.cacheCount).toBe(14);
    expect(invariantViolations(engine, procs)).toEqual([]);
  });

  const tampering: readonly (readonly [string, (e: Engine) => void, RegExp])[] = [
    [
      'cache_count',
      (e) => {
        (e.release.find(GATHER_CACHE) as SwapGatherCache).cacheCount += 1;
      },
      /cache_count 15 but the list has 14/,
    ],
    [
      'entriesParked',
      (e) => {
        e.exit.entriesParked -= 512;
      },
      /entriesParked 6656 ≠ list 7168/,
    ],
    [
      'exiting_task_count',
      (e) => {
        e.exit.exitingTaskCount = 1;
      },
      /exiting_task_count 1 ≠ 0 tasks in do_exit/,
    ],
    [
      'nr_active',
      (e) => {
        const pool = e.wq.pools[0]!;
        for (let i = 0; i < 300; i++) pool.push(pool.pwqs[0]!, pool.pwqs[0]!.wq.fn!);
        pool.pwqs[0]!.nrActive = 300;
        pool.waking = 1;
      },
      /nr_active 300 > max_active 256/,
    ],
    [
      'a lost wakeup',
      (e) => {
        const pool = e.wq.pools[0]!;
        pool.push(pool.pwqs[0]!, pool.pwqs[0]!.wq.fn!);
        pool.pwqs[0]!.nrActive = 1;
      },
      /1 works pending and no worker coming/,
    ],
  ];

  it.each(tampering)('catches a broken %s', (_name, tamper, message) => {
    const {engine, procs} = parkedWorld();
    tamper(engine);
    expect(invariantViolations(engine, procs).join('\n')).toMatch(message);
  });

  it('catches an entry counted twice', () => {
    const {engine, procs} = parkedWorld();
    procs[0]!.freedAsync += 512;
    expect(invariantViolations(engine, procs).join('\n')).toMatch(/gathered 7168 ≠ parked 7168 \+ freedAsync 512/);
  });
});

describe('invariants with reapers racing the exits (process_mrelease)', () => {
  const proc = fc.record({
    swapEntries: fc.integer({min: 0, max: 12_000}),
    presentPages: fc.integer({min: 0, max: 3_000}),
    meanRunEntries: fc.integer({min: 1, max: 512}),
    killAtUs: fc.integer({min: 0, max: 3_000}),
  });
  const reap = fc.record({atUs: fc.integer({min: 0, max: 4_000}), target: fc.nat(), reaper: fc.integer({min: 0, max: 1})});

  it('every entry is freed once, by the task, a reaper or a kworker', () => {
    fc.assert(
      fc.property(
        fc.array(proc, {minLength: 1, maxLength: 4}),
        fc.array(reap, {maxLength: 6}),
        POLICY,
        fc.integer({min: 1, max: 16}),
        fc.integer({min: 0, max: 4_000}),
        fc.integer({min: 0, max: 2}),
        (specs, reaps, policy, maxCacheEntries, swapentsThreshold, minExitingTasks) => {
          const busy = [false, false];
          const pids: number[] = [];
          const workload: Workload = {
            name: 'reap-race',
            init(e) {
              for (const s of specs) {
                const p = e.spawn({comm: 'app', oomScoreAdj: 900, presentPages: s.presentPages, swapEntries: s.swapEntries, meanRunEntries: s.meanRunEntries});
                pids.push(p.pid);
                e.scheduleKill(s.killAtUs * 1_000, p.pid, 'test');
              }
              for (const r of reaps) e.at(r.atUs * 1_000, `reap${r.reaper}`, r.target % specs.length);
            },
            onEvent(e, tag, i) {
              const r = tag === 'reap1' ? 1 : 0;
              if (busy[r]) return;
              const t = e.sched.createThread('reaper', r, `reaper${r}`, 0);
              e.reaperThreads.push(t);
              busy[r] = e.startReap(t, pids[i]!, () => {
                busy[r] = false;
              });
            },
          };
          const engine = new Engine(
            {scenario: 'test', device: testDevice({cpus: 2}), seed: 1, params: {policy, maxCacheEntries, swapentsThreshold, minExitingTasks}, trace: true},
            workload,
          );
          const procs = [...engine.procs.values()];
          expect(runChecked(engine, procs, [])).toEqual([]);
          expect(procs.map((p) => p.freedSync + p.freedAsync - p.entriesAtKill)).toEqual(procs.map(() => 0));
          expect(engine.totalFreedSync + engine.totalFreedAsync).toBe(engine.totalEntriesAtKill);
          expect(busy).toEqual([false, false]);
        },
      ),
      {numRuns: 60, seed: 31},
    );
  });
});
