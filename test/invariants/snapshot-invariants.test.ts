/**
 * Numbers a kernel could never show, over every built-in scenario and every policy, at random
 * seeds and instants: swap used ≤ swap total, 0 ≤ free ≤ RAM, whole pages and bytes in every
 * snapshot and summary, and — where the engine exposes every part (the workloads outside the
 * Android world) — free + resident + zram's pool = RAM. The Android world's own conservation
 * property lives with it (test/workload).
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Engine} from '../../src/engine/engine.ts';
import {NS_PER_S, PAGE_SIZE} from '../../src/engine/engine.ts';
import {POLICY_NAMES} from '../../src/engine/params.ts';
import type {Snapshot} from '../../src/engine/snapshot.ts';
import {summarize, type Summary} from '../../src/report/summary.ts';
import {resolveRun} from '../../src/run-config.ts';
import {createEngine} from '../../src/run.ts';
import {BUILTIN_SCENARIOS} from '../../src/workload/scenarios.ts';

/** PTRS_PER_PTE: the entries of one PTE table. */
const PTRS_PER_PTE = 512;
const MB = 1024 * 1024;
/** Instants are drawn within the first SPAN seconds of a scenario: the suite stays fast. */
const SPAN_S = 20;

/** Every violation in a snapshot, as a line. */
function snapshotViolations(s: Snapshot): string[] {
  const bad: string[] = [];
  const whole = (what: string, v: number | null | undefined): void => {
    if (v === null || v === undefined) return;
    if (!Number.isInteger(v) || v < 0) bad.push(`${what} = ${v} is not a whole non-negative number`);
  };
  const m = s.memory!;
  for (const [k, v] of Object.entries(m)) if (k !== 'nodes') whole(`memory.${k}`, v as number);
  if (m.swapUsedBytes > m.swapTotalBytes) bad.push(`swap used ${m.swapUsedBytes / MB} MB > swap total ${m.swapTotalBytes / MB} MB`);
  if (m.freeBytes > m.totalBytes) bad.push(`free ${m.freeBytes / MB} MB > RAM ${m.totalBytes / MB} MB`);
  if (m.zramBytes > m.zramOrigBytes) bad.push(`zram compressed ${m.zramBytes} > stored ${m.zramOrigBytes}`);
  if (!(m.minBytes <= m.lowBytes && m.lowBytes <= m.highBytes && m.highBytes < m.totalBytes)) bad.push(`watermarks ${m.minBytes}/${m.lowBytes}/${m.highBytes} out of order or above RAM`);
  for (const n of m.nodes) {
    whole(`node ${n.node} freeBytes`, n.freeBytes);
    whole(`node ${n.node} totalBytes`, n.totalBytes);
    if (n.freeBytes > n.totalBytes) bad.push(`node ${n.node}: free > total`);
  }
  const g = s.gather;
  if (g) {
    for (const k of ['cacheCount', 'maxCacheEntries', 'entriesParked', 'zramBytesHeld', 'peak', 'workQueued', 'workEmpty', 'asyncSwapCount'] as const) whole(`gather.${k}`, g[k]);
    if (g.zramBytesHeld > m.zramBytes) bad.push(`zram held by parked entries ${g.zramBytesHeld} > zram ${m.zramBytes}`);
  }
  for (const t of s.tasks) {
    for (const k of ['swapEntriesAtKill', 'swapEntriesLeft', 'freedSync', 'gathered', 'rssPagesLeft'] as const) whole(`task ${t.pid} ${k}`, t[k]);
    if (t.swapEntriesLeft > t.swapEntriesAtKill) bad.push(`task ${t.pid}: ${t.swapEntriesLeft} entries left of ${t.swapEntriesAtKill}`);
    if (t.freedSync + t.gathered > t.swapEntriesAtKill) bad.push(`task ${t.pid}: freed + gathered > at kill`);
    // MM_SWAPENTS is folded after each PTE table (add_mm_rss_vec), while runs are freed or gathered
    // as the table is walked: the tables being zapped (the task's and a reaper's) count twice.
    if (t.freedSync + t.gathered + t.swapEntriesLeft > t.swapEntriesAtKill + 2 * PTRS_PER_PTE) bad.push(`task ${t.pid}: freed + gathered + left > at kill + the tables in flight`);
  }
  whole('exits.kills', s.exits.kills);
  whole('exits.exits', s.exits.exits);
  if (s.exitingTasks !== null) whole('exiting_tasks', s.exitingTasks);
  return bad;
}

/** Free + resident + zram's compressed pool (when it is charged to RAM) = RAM, for the workloads outside the Android world. */
function accountingViolation(e: Engine): string | null {
  let resident = 0;
  for (const p of e.procs.values()) resident += p.mm.rss;
  const pool = e.zramChargesRam ? Math.ceil(e.zramPages / e.device.zramRatio) : 0;
  const accounted = e.freePages + resident + pool;
  return accounted === e.totalPages ? null : `free ${e.freePages} + resident ${resident} + zram pool ${pool} = ${accounted} pages ≠ RAM ${e.totalPages}`;
}

function summaryViolations(s: Summary, e: Engine): string[] {
  const bad: string[] = [];
  const counts: [string, number][] = [
    ['kills', s.kills],
    ['exits', s.exits],
    ...Object.entries(s.swap).map(([k, v]) => [`swap.${k}`, v] as [string, number]),
    ...Object.entries(s.cache).map(([k, v]) => [`cache.${k}`, v] as [string, number]),
    ...s.kworkers.flatMap((k) => [[`kworkers[${k.node}].workers`, k.workers], [`kworkers[${k.node}].worksRun`, k.worksRun], [`kworkers[${k.node}].entriesFreed`, k.entriesFreed]] as [string, number][]),
    ['engine.events', s.engine.events],
  ];
  for (const [k, v] of counts) if (!Number.isInteger(v) || v < 0) bad.push(`summary ${k} = ${v} is not a whole non-negative number`);
  const ramMB = (e.totalPages * PAGE_SIZE) / MB;
  if (s.memory.freeMinMB > ramMB) bad.push(`lowest free ${s.memory.freeMinMB} MB > RAM ${ramMB} MB`);
  if (s.memory.freeMinMB < 0) bad.push(`lowest free ${s.memory.freeMinMB} MB < 0`);
  if (s.memory.zramPeakMB > (e.swapTotalPages * PAGE_SIZE) / MB) bad.push(`zram peak ${s.memory.zramPeakMB} MB > swap`);
  if (e.zramPeakPages > e.swapTotalPages) bad.push(`swap used at peak ${e.zramPeakPages} pages > swap total ${e.swapTotalPages}`);
  return bad;
}

const CASES = BUILTIN_SCENARIOS.flatMap((s) => POLICY_NAMES.map((policy) => [s.name, policy, s.workload] as const));

describe.each(CASES)('%s under %s', (scenario, policy, workload) => {
  it('never shows an impossible number, in a snapshot or in the summary', () => {
    const full = resolveRun({scenario, policy});
    const span = Math.min(full.simSeconds, SPAN_S);
    fc.assert(
      fc.property(
        fc.integer({min: 0, max: 2 ** 31 - 1}),
        fc.array(fc.double({min: 0, max: span, noNaN: true}), {minLength: 1, maxLength: 4}),
        (seed, instants) => {
          const spec = resolveRun({scenario, policy, seed, simSeconds: span});
          const engine = createEngine(spec);
          const bad: string[] = [];
          for (const t of [...instants].sort((a, b) => a - b)) {
            engine.runUntil(Math.round(t * NS_PER_S));
            bad.push(...snapshotViolations(engine.snapshot()).map((b) => `t=${t}s: ${b}`));
            if (workload !== 'android') {
              const v = accountingViolation(engine);
              if (v) bad.push(`t=${t}s: ${v}`);
            }
          }
          engine.runUntil(Math.round(span * NS_PER_S));
          bad.push(...summaryViolations(summarize(engine, spec, 0), engine));
          expect(bad).toEqual([]);
        },
      ),
      {numRuns: 3},
    );
  });
});

describe('the two impossible numbers of issue 12', () => {
  it('numa-server at 6 s: swap used within swap total', () => {
    const engine = createEngine(resolveRun({scenario: 'numa-server'}));
    engine.runUntil(6 * NS_PER_S);
    const m = engine.snapshot().memory!;
    expect(m.swapUsedBytes).toBeGreaterThan(0);
    expect(m.swapUsedBytes).toBeLessThanOrEqual(m.swapTotalBytes);
  });

  it('munmap: the lowest free memory is below RAM (zram holds the swapped VMA in RAM)', () => {
    const spec = resolveRun({scenario: 'munmap'});
    const engine = createEngine(spec);
    engine.runUntil(spec.simSeconds * NS_PER_S);
    const s = summarize(engine, spec, 0);
    expect(s.memory.freeMinMB).toBeLessThan(spec.device.ramMB);
    // 256 MB at rpi4b's ratio 2.6: about 98.5 MB of pool.
    expect(spec.device.ramMB - s.memory.freeMinMB).toBeCloseTo(256 / spec.device.zramRatio, 0);
  });
});
