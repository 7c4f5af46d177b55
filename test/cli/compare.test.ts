/** `aswap compare`: one seeded workload under several policies, as JSON and as a side-by-side table. */
import {beforeAll, describe, expect, it} from 'vitest';
import {aswap, expectSummary, oneJsonLine, withoutWallMs, type CliResult, type Summary} from './helpers.ts';

const COMMON = ['--scenario', 'kill-burst', '--sim-seconds', '5'];

let json: CliResult;
let text: CliResult;
let runSync: CliResult;

beforeAll(async () => {
  [json, text, runSync] = await Promise.all([
    aswap(['compare', '--json', ...COMMON, '--policies', 'sync,gather-oom']),
    // The other order: the columns follow --policies.
    aswap(['compare', ...COMMON, '--policies', 'gather-oom,sync']),
    aswap(['run', '--json', ...COMMON, '--policy', 'sync']),
  ]);
}, 60_000);

describe('aswap compare', () => {
  it('--json prints {scenario, seed, results} with one summary per policy, in order', () => {
    const out = oneJsonLine(json) as {scenario: string; seed: number; results: unknown[]};
    expect(Object.keys(out)).toEqual(['scenario', 'seed', 'results']);
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

  it('prints a table with a column per policy, in the order asked', () => {
    expect(text.status).toBe(0);
    expect(text.stderr).toBe('');
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('kill-burst');
    const header = lines.find((l) => /^\s+gather-oom\s+sync$/.test(l));
    expect(header, text.stdout).toBeDefined();
    // Every row has a label and one value per column; kworkers free nothing under sync.
    const row = (label: string): string[] => {
      const line = lines.find((l) => l.startsWith(label));
      expect(line, `row ${label}`).toBeDefined();
      return line!.slice(label.length).trim().split(/\s{2,}/);
    };
    const [gatherKills, syncKills] = row('kills / exits');
    expect(gatherKills).toBe(syncKills);
    const [gatherAsync, syncAsync] = row('freed by kworkers');
    expect(Number(gatherAsync!.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(syncAsync).toBe('0');
    expect(row('exit p50 ms')).toHaveLength(2);
  });
});
