/**
 * The metric table and what it drives: pooling over seeds, n/a for a field a summary lacks, the
 * compare table's n and Δ, CSV that parses back to the same numbers, markdown that is a table.
 */
import {describe, expect, it} from 'vitest';
import {aggregate, type Run} from '../../src/report/aggregate.ts';
import {compareModel} from '../../src/report/compare-table.ts';
import {toCsv} from '../../src/report/csv.ts';
import {METRICS, metricsFor} from '../../src/report/metrics.ts';
import type {Summary} from '../../src/report/summary.ts';
import {renderMarkdown, renderText} from '../../src/report/table-model.ts';

/** A summary with the fields the metrics read; `extra` adds or overrides sections. */
function summary(policy: string, seed: number, exitMs: number[], extra: Record<string, unknown> = {}): Summary {
  const sorted = [...exitMs].sort((a, b) => a - b);
  const p = (q: number): number => sorted[Math.max(0, Math.ceil((q / 100) * sorted.length) - 1)]!;
  return {
    scenario: 'kill-burst', workload: 'kill-burst', policy, device: 'phone', seed, simSeconds: 5, kills: exitMs.length, exits: exitMs.length,
    exitMs: {p50: p(50), p95: p(95), p99: p(99), max: sorted[sorted.length - 1]!},
    releaseMs: {p50: p(50), p95: p(95), p99: p(99), max: sorted[sorted.length - 1]!},
    swap: {entriesAtKill: 10, freedSync: 10, freedAsync: 0, pending: 0},
    cache: {peak: 0, flushes: 0, forcedFlushes: 0, workQueued: 0, workEmpty: 0, allocFailures: 0, asyncSwapCount: 0},
    kworkers: [], cpuMs: {exitingTasks: 100 * seed, kworkers: 0, reaper: 1}, psi: {someTotalMs: 0, fullTotalMs: 0, someAvg10Max: 0, fullAvg10Max: 0},
    exitCost: {freeSwapPct: 0, zramPctOfFreeSwap: 0}, memory: {freeMinMB: 10, zramPeakMB: 20, zramHeldByGatherPeakMB: 0},
    engine: {events: 1, wallMs: 1},
    slowExits: {thresholdMs: 500, count: exitMs.filter((ms) => ms > 500).length, meanMs: 0, p50Ms: 0, p99Ms: 0},
    exitsDetail: [],
    ...extra,
  } as Summary;
}

const run = (s: Summary, exitMs: number[], params: Record<string, number> = {}): Run => ({summary: s, samples: {exitMs, releaseMs: exitMs}, params});

describe('aggregating seeds', () => {
  const a1 = [100, 200, 300, 400];
  const a2 = [500, 600, 700, 800];
  const runs = [run(summary('sync', 1, a1), a1), run(summary('sync', 2, a2), a2)];
  const groups = aggregate(runs, metricsFor(runs.map((r) => r.summary)));

  it('pools per-exit latencies for percentiles and gives the spread of per-seed values', () => {
    const g = groups[0]!;
    expect(g.seeds).toEqual([1, 2]);
    expect(g.exits).toBe(8);
    // Pooled nearest-rank p50 of 100..800 is 400; the seeds' own p50s are 200 and 600.
    expect(g.metrics.exit_p50_ms).toEqual({value: 400, min: 200, max: 600, sd: 282.843, runs: 2});
    expect(g.metrics.exit_max_ms!.value).toBe(800);
    // Other metrics: the mean over seeds.
    expect(g.metrics.cpu_exiting_ms).toMatchObject({value: 150, min: 100, max: 200});
    // Slow exits counted from the samples: 0 and 3 exits above 500 ms (500 itself is not slow) → mean 1.5.
    expect(g.metrics.slow_exits).toMatchObject({value: 1.5, min: 0, max: 3});
  });

  it('shows a metric the summaries lack as n/a and never crashes', () => {
    const g = groups[0]!;
    expect(g.metrics.launch_p50_ms).toEqual({value: null, min: null, max: null, sd: null, runs: 0});
    const text = renderText(compareModel(groups, metricsFor([]), {scenario: 'kill-burst', device: 'phone', simSeconds: 5, seeds: [1, 2]}));
    expect(text).not.toContain('launch p50');
    const odd = summary('sync', 1, a1, {foreground: {launchMs: 'soon'}, cpuMs: null});
    const [h] = aggregate([run(odd, a1)], METRICS);
    expect(h!.metrics.launch_p50_ms!.value).toBeNull();
    expect(h!.metrics.cpu_exiting_ms!.value).toBeNull();
  });

  it('adds one metric per lmkd kill reason any run saw, 0 where a run reports reasons but not this one', () => {
    const x = summary('sync', 1, a1, {lmkd: {kills: 3, killsByReason: {medium: 3}}});
    const y = summary('sync', 2, a1, {lmkd: {kills: 2, killsByReason: {critical: 2}}});
    const ids = metricsFor([x, y]).map((m) => m.id);
    expect(ids).toContain('lmkd_kills_critical');
    expect(ids).toContain('lmkd_kills_medium');
    const [g] = aggregate([run(x, a1), run(y, a1)], metricsFor([x, y]));
    expect(g!.metrics.lmkd_kills_medium).toMatchObject({value: 1.5, min: 0, max: 3});
  });
});

describe('the compare table', () => {
  const s = [10, 20, 30];
  const g = [50, 60, 70];
  const runs = [run(summary('sync', 1, s), s), run(summary('gather', 1, g), g)];
  const metrics = metricsFor(runs.map((r) => r.summary));
  const groups = aggregate(runs, metrics);
  const model = compareModel(groups, metrics, {scenario: 'kill-burst', device: 'phone', simSeconds: 5, seeds: [1]});

  it('states n and puts a Δ column against the first policy', () => {
    const text = renderText(model);
    const lines = text.split('\n');
    expect(lines[0]).toBe('aswap compare: kill-burst on phone, seed 1, 5 s simulated');
    expect(lines[1]).toMatch(/^\s+unit\s+sync\s+gather\s+Δ$/);
    expect(lines.find((l) => l.startsWith('exits measured (n)'))).toMatch(/\s3\s+3$/);
    expect(lines.find((l) => l.startsWith('  exit p50'))).toMatch(/ms\s+20\.0\s+60\.0\s+\+200%$/);
    expect(text).toContain('with n < 100, p99 is the slowest exit');
  });

  it('renders as a markdown table: a header, an alignment row, one row per line, same column count', () => {
    const md = renderMarkdown(model).split('\n');
    const table = md.filter((l) => l.startsWith('|'));
    expect(table[0]).toMatch(/^\| +\| unit +\| +sync \| +gather \| +Δ \|$/);
    expect(table[1]).toMatch(/^\|:-+\|:-+\|-+:\|-+:\|-+:\|$/);
    const cols = (l: string): number => l.replace(/\\\|/g, '').split('|').length;
    for (const l of table) expect(cols(l)).toBe(cols(table[0]!));
    expect(table.some((l) => l.includes('**exit latency (SIGKILL → do_task_dead)**'))).toBe(true);
  });

  it('writes CSV that parses back to the same numbers', () => {
    const csv = toCsv(groups, metrics, []);
    const [head, ...rows] = csv.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(head!.slice(0, 5)).toEqual(['policy', 'seeds', 'seed_list', 'exits', 'releases']);
    expect(rows).toHaveLength(2);
    rows.forEach((row, i) => {
      for (const m of metrics) {
        const col = head!.indexOf(m.id);
        if (col < 0) continue;
        const v = groups[i]!.metrics[m.id]!.value;
        expect({[m.id]: row[col] === '' ? null : Number(row[col])}).toEqual({[m.id]: v});
      }
    });
  });
});
