/**
 * `aswap sweep` and `aswap merge` through the real CLI: points equal `aswap run`, shards partition
 * the grid and merge back to the unsharded sweep, no progress bar on a pipe.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {aswap, withoutWallMs, type CliResult} from './helpers.ts';

const BASE = ['--scenario', 'kill-burst', '--sim-seconds', '2'];
const GRID = [...BASE, '--param', 'maxCacheEntries=8,64', '--policies', 'sync,gather-oom', '--seeds', '1..2', '--jobs', '2'];
const dir = mkdtempSync(join(tmpdir(), 'aswap-sweep-'));

let full: CliResult;
let shards: CliResult[];
let csv: CliResult;
let runs: CliResult[];
let fromSource: CliResult;

const lines = (r: CliResult): Record<string, unknown>[] => r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const byIndex = (ls: Record<string, unknown>[]): Record<string, unknown>[] => ls.filter((l) => l.type === 'point').sort((a, b) => (a.index as number) - (b.index as number));

beforeAll(async () => {
  // ASWAP_SPAWN_AFTER=0: the worker threads start at once (by default a sweep this small stays on
  // one thread), so that points also run on the compiled dist/sweep-worker.js.
  [full, csv, ...shards] = await Promise.all([
    aswap(['sweep', '--json', ...GRID], {env: {ASWAP_SPAWN_AFTER: '0'}}),
    aswap(['sweep', '--csv', ...GRID]),
    ...[1, 2, 3].map((k) => aswap(['sweep', '--json', '--shard', `${k}/3`, ...GRID])),
  ]);
  // The CLI run from the TypeScript sources (bin/aswap.js's fallback): workers start through tsx.
  fromSource = await aswap(['sweep', '--json', ...BASE, '--param', 'maxCacheEntries=64', '--policies', 'gather-oom', '--seeds', '1..2', '--jobs', '2'], {env: {ASWAP_FROM_SOURCE: '1', ASWAP_SPAWN_AFTER: '0'}});
  runs = await Promise.all([
    aswap(['run', '--json', ...BASE, '--set', 'maxCacheEntries=8', '--policy', 'sync', '--seed', '2']),
    aswap(['run', '--json', ...BASE, '--set', 'maxCacheEntries=64', '--policy', 'gather-oom', '--seed', '1']),
  ]);
}, 120_000);

describe('aswap sweep', () => {
  it('streams a line describing the sweep, then one line per point, and nothing on stderr (no progress bar on a pipe)', () => {
    expect(full.status).toBe(0);
    expect(full.stderr).toBe('');
    const ls = lines(full);
    expect(ls[0]).toMatchObject({type: 'sweep', aswap: '0.1.0', shard: null, points: 8, grid: {params: [{name: 'maxCacheEntries', values: [8, 64]}], policies: ['sync', 'gather-oom'], seeds: [1, 2]}});
    expect(byIndex(ls).map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives every point the summary `aswap run` gives the same options, bit for bit but wallMs', () => {
    const points = byIndex(lines(full));
    const a = points.find((p) => p.policy === 'sync' && p.seed === 2 && (p.params as {maxCacheEntries: number}).maxCacheEntries === 8)!;
    const b = points.find((p) => p.policy === 'gather-oom' && p.seed === 1 && (p.params as {maxCacheEntries: number}).maxCacheEntries === 64)!;
    expect(withoutWallMs(JSON.stringify(a.summary))).toBe(withoutWallMs(runs[0]!.stdout.trimEnd()));
    expect(withoutWallMs(JSON.stringify(b.summary))).toBe(withoutWallMs(runs[1]!.stdout.trimEnd()));
  });

  it('splits the grid into shards that together hold every point exactly once', () => {
    const indices = shards.flatMap((s) => {
      expect(s.status).toBe(0);
      const [head, ...rest] = lines(s);
      expect(head!.gridId).toBe(lines(full)[0]!.gridId);
      return rest.map((l) => l.index as number);
    });
    expect(indices.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('merges the shards into exactly the unsharded sweep: JSON lines, and CSV', async () => {
    const paths = shards.map((s, i) => {
      const p = join(dir, `shard-${i + 1}.jsonl`);
      writeFileSync(p, s.stdout);
      return p;
    });
    const [mergedJson, mergedCsv] = await Promise.all([aswap(['merge', '--json', ...paths]), aswap(['merge', '--csv', ...paths.reverse()])]);
    expect(mergedJson.stderr).toBe('');
    const merged = lines(mergedJson);
    expect(merged[0]).toEqual(lines(full)[0]);
    expect(withoutWallMs(JSON.stringify(byIndex(merged)))).toBe(withoutWallMs(JSON.stringify(byIndex(lines(full)))));
    expect(mergedCsv.stdout).toBe(csv.stdout);
  });

  it('runs its workers from the sources too, with the same results', () => {
    expect(fromSource.stderr).toBe('');
    const key = (p: Record<string, unknown>): string => JSON.stringify([p.params, p.policy, p.seed]);
    const same = new Map(byIndex(lines(full)).map((p) => [key(p), withoutWallMs(JSON.stringify(p.summary))]));
    const mine = byIndex(lines(fromSource));
    expect(mine).toHaveLength(2);
    for (const p of mine) expect(withoutWallMs(JSON.stringify(p.summary))).toBe(same.get(key(p)));
  });

  it('prints CSV that parses back to the numbers of the JSON points', () => {
    const [head, ...rows] = csv.stdout.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(head!.slice(0, 3)).toEqual(['maxCacheEntries', 'policy', 'seeds']);
    expect(rows).toHaveLength(4);
    const points = byIndex(lines(full));
    // Row 0 is maxCacheEntries=8 under sync, seeds 1 and 2: its spread is the two seeds' own values.
    const p50 = points.filter((p) => p.policy === 'sync' && (p.params as {maxCacheEntries: number}).maxCacheEntries === 8).map((p) => (p.summary as {exitMs: {p50: number}}).exitMs.p50);
    const col = (name: string): number => Number(rows[0]![head!.indexOf(name)]);
    expect(col('exit_p50_ms_min')).toBe(Math.min(...p50));
    expect(col('exit_p50_ms_max')).toBe(Math.max(...p50));
    expect(col('freed_async')).toBe(0);
    expect(rows[0]![head!.indexOf('seed_list')]).toBe('1 2');
  });
});

describe('aswap merge refuses files that do not belong together', () => {
  it('another grid, another version, a file that is not a sweep: one line, exit 2', async () => {
    const a = join(dir, 'a.jsonl');
    writeFileSync(a, shards[0]!.stdout);
    const other = join(dir, 'other.jsonl');
    const header = JSON.parse(shards[1]!.stdout.split('\n')[0]!) as Record<string, unknown>;
    writeFileSync(other, `${JSON.stringify({...header, gridId: '0123456789abcdef'})}\n`);
    const old = join(dir, 'old.jsonl');
    writeFileSync(old, `${JSON.stringify({...header, aswap: '0.0.1'})}\n`);
    const junk = join(dir, 'junk.jsonl');
    writeFileSync(junk, 'hello\n');
    const [grid, version, notSweep, missing] = await Promise.all([
      aswap(['merge', a, other]),
      aswap(['merge', a, old]),
      aswap(['merge', junk]),
      aswap(['merge', join(dir, 'nope.jsonl')]),
    ]);
    for (const r of [grid, version, notSweep, missing]) {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^aswap: [^\n]+\n$/);
    }
    expect(grid.stderr).toMatch(/are different sweeps/);
    expect(version.stderr).toMatch(/written by aswap 0\.1\.0 and .* by aswap 0\.0\.1/);
    expect(notSweep.stderr).toMatch(/not a JSON line of aswap sweep --json|is not the output of aswap sweep/);
    expect(missing.stderr).toMatch(/cannot read .*nope\.jsonl: ENOENT/);
    expect(readFileSync(a, 'utf8')).toBe(shards[0]!.stdout);
  });
});
