/** `aswap compare`: one seeded workload under several policies, as JSON and as a side-by-side table. */
import {beforeAll, describe, expect, it} from 'vitest';
import {aswap, expectSummary, oneJsonLine, withoutWallMs, type CliResult, type Summary} from './helpers.ts';

const COMMON = ['--scenario', 'kill-burst', '--sim-seconds', '5'];

let json: CliResult;
let text: CliResult;
let runSync: CliResult;
let seeds: CliResult;
let markdown: CliResult;

beforeAll(async () => {
  [json, text, runSync, seeds, markdown] = await Promise.all([
    aswap(['compare', '--json', ...COMMON, '--policies', 'sync,gather-oom']),
    // The other order: the columns follow --policies.
    aswap(['compare', ...COMMON, '--policies', 'gather-oom,sync']),
    aswap(['run', '--json', ...COMMON, '--policy', 'sync']),
    aswap(['compare', '--json', '--scenario', 'kill-burst', '--sim-seconds', '2', '--policies', 'sync,gather', '--seeds', '1..3']),
    aswap(['compare', '--markdown', '--scenario', 'kill-burst', '--sim-seconds', '2', '--policies', 'sync,gather', '--seeds', '1,2']),
  ]);
}, 60_000);

describe('aswap compare', () => {
  it('--json prints {scenario, seed, results, aggregate} with one summary per policy, in order', () => {
    const out = oneJsonLine(json) as {scenario: string; seed: number; results: unknown[]};
    expect(Object.keys(out)).toEqual(['scenario', 'seed', 'results', 'aggregate']);
    expect(out.scenario).toBe('kill-burst');
    expect(out.seed).toBe(1);
    expect(out.results).toHaveLength(2);
    const [sync, gather] = out.results.map((s) => expectSummary(s, {munmap: false})) as [Summary, Summary];
    expect(sync.policy).toBe('sync');
    expect(gather.policy).toBe('gather-oom');
    for (const s of [sync, gather]) expect(s).toMatchObject({scenario: 'kill-burst', seed: 1, simSeconds: 5});
    expect(sync.kills).toBeGreaterThan(0);
    expect(gather.kills).toBe(sync.kills);
    expect(gather.swap.entriesAtKill).toBe(sync.swap.entriesAtKill);
    expect(sync.swap.freedAsync).toBe(0);
    expect(gather.swap.freedAsync).toBeGreaterThan(0);
  });

  it('gives each policy the summary `aswap run --policy` gives it', () => {
    const out = oneJsonLine(json) as {results: unknown[]};
    const sync = JSON.stringify(out.results[0]);
    expect(withoutWallMs(sync)).toBe(withoutWallMs(runSync.stdout.trimEnd()));
  });

  it('prints a table with a column per policy, in the order asked, n, and a Δ column against the first', () => {
    expect(text.status).toBe(0);
    expect(text.stderr).toBe('');
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('kill-burst');
    const header = lines.find((l) => /^\s+unit\s+gather-oom\s+sync\s+Δ$/.test(l));
    expect(header, text.stdout).toBeDefined();
    const row = (label: string): string[] => {
      const line = lines.find((l) => l.startsWith(label));
      expect(line, `row ${label}`).toBeDefined();
      return line!.slice(label.length).trim().split(/\s{2,}/);
    };
    // n: the exits behind the percentiles, the same world under both policies.
    const [gatherN, syncN] = row('exits measured (n)');
    expect(gatherN).toBe(syncN);
    const [gatherAsync, syncAsync, delta] = row('  freed by kworkers');
    expect(Number(gatherAsync!.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(syncAsync).toBe('0');
    expect(delta).toBe('-100%');
    const [unit, g50, s50, d50] = row('  exit p50');
    expect(unit).toBe('ms');
    const rel = (100 * (Number(s50!.replace(/,/g, '')) - Number(g50!.replace(/,/g, '')))) / Number(g50!.replace(/,/g, ''));
    expect(d50).toBe(`${rel > 0 ? '+' : '-'}${Math.abs(rel) >= 10 ? Math.abs(rel).toFixed(0) : Math.abs(rel).toFixed(1)}%`);
    expect(text.stdout).toContain('with n < 100, p99 is the slowest exit');
  });

  it('--seeds runs every seed and aggregates: pooled percentiles, the spread across seeds', () => {
    const out = oneJsonLine(seeds) as {seeds: number[]; results: Summary[]; aggregate: {policy: string; seeds: number[]; exits: number; metrics: Record<string, {value: number; min: number; max: number}>}[]};
    expect(out.seeds).toEqual([1, 2, 3]);
    expect(out.results.map((r) => `${r.policy}/${r.seed}`)).toEqual(['sync/1', 'sync/2', 'sync/3', 'gather/1', 'gather/2', 'gather/3']);
    const sync = out.aggregate[0]!;
    expect(sync.seeds).toEqual([1, 2, 3]);
    const mine = out.results.filter((r) => r.policy === 'sync');
    expect(sync.exits).toBe(mine.reduce((n, r) => n + r.exits, 0));
    const maxes = mine.map((r) => r.exitMs.max);
    expect(sync.metrics.exit_max_ms).toMatchObject({value: Math.max(...maxes), min: Math.min(...maxes), max: Math.max(...maxes)});
    const p50s = mine.map((r) => r.exitMs.p50);
    expect(sync.metrics.exit_p50_ms!.min).toBe(Math.min(...p50s));
  });

  it('--markdown prints a markdown table with the spread across seeds', () => {
    expect(markdown.status).toBe(0);
    const table = markdown.stdout.split('\n').filter((l) => l.startsWith('|'));
    expect(table[0]).toMatch(/^\| +\| unit +\| +sync \| +gather \| +Δ \|$/);
    expect(table[1]).toMatch(/^\|(:?-+:?\|)+$/);
    expect(table.find((l) => l.startsWith('|   exit p50'))).toMatch(/±/);
    expect(markdown.stdout).toContain('±: standard deviation across seeds');
  });
});
