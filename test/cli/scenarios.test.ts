/** `aswap scenarios` and `aswap scenarios show`: what there is to run, and a starting point for a scenario file. */
import {writeFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tempDir} from '../record/helpers.ts';
import {POLICY_NAMES} from '../../src/engine/params.ts';
import {aswap, expectSummary, oneJsonLine, type CliResult} from './helpers.ts';

const tmp = tempDir();
let list: CliResult;
let show: CliResult;
let showMunmap: CliResult;

beforeAll(async () => {
  [list, show, showMunmap] = await Promise.all([aswap(['scenarios']), aswap(['scenarios', 'show', 'kill-burst']), aswap(['scenarios', 'show', 'munmap'])]);
}, 60_000);

afterAll(() => tmp.cleanup());

/** The entries of the listing's section whose title starts with `title`: the first word of each indented line. */
function section(title: string): string[] {
  const blocks = list.stdout.trimEnd().split('\n\n');
  const block = blocks.find((b) => b.startsWith(title));
  expect(block, `a section "${title}" in:\n${list.stdout}`).toBeDefined();
  return block!
    .split('\n')
    .slice(1)
    .filter((l) => /^ {2}\S/.test(l))
    .map((l) => l.trim().split(/\s+/)[0]!);
}

describe('aswap scenarios', () => {
  it('lists the scenarios, the seven policies and the devices, one line each', () => {
    expect(list.status).toBe(0);
    expect(list.stderr).toBe('');
    const scenarios = section('Scenarios');
    for (const name of ['kill-burst', 'munmap']) expect(scenarios.filter((s) => s === name)).toHaveLength(1);
    expect(section('Policies')).toEqual([...POLICY_NAMES]);
    expect(POLICY_NAMES).toEqual(['sync', 'gather', 'gather-oom', 'tlb-gather-2024', 'zram-async-gc', 'zs-deferred', 'swap-table']);
    const devices = section('Devices');
    for (const name of ['phone', 'rpi4b', 'rk3588', 'i7-12700']) expect(devices.filter((d) => d === name)).toHaveLength(1);
    // Exactly one default policy and one default scenario.
    expect(list.stdout.match(/^ {2}\S.*\(default\)$/gm)).toHaveLength(2);
  });

  it('lists the knobs of each workload with their defaults', () => {
    const knobs = list.stdout.slice(list.stdout.indexOf('Knobs'));
    expect(knobs).toMatch(/^ {2}kill-burst: /m);
    expect(knobs).toMatch(/^ {4}apps\s+.*\(default \d+\)$/m);
    expect(knobs).toMatch(/^ {2}munmap: /m);
    expect(knobs).toMatch(/^ {4}procs\s+.*\(default \d+\)$/m);
    expect(knobs).toMatch(/^ {4}sizeMB\s+.*\(default \d+\)$/m);
    expect(knobs).toMatch(/^ {4}maxCacheEntries\s/m);
  });
});

describe('aswap scenarios show', () => {
  it('prints a scenario as JSON with every knob filled in', () => {
    expect(show.status).toBe(0);
    expect(show.stderr).toBe('');
    const s = JSON.parse(show.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({name: 'kill-burst', workload: 'kill-burst', device: 'phone'});
    expect(typeof s.simSeconds).toBe('number');
    expect(Object.keys(s.set as object)).toContain('apps');
    const m = JSON.parse(showMunmap.stdout) as Record<string, unknown>;
    expect(m).toMatchObject({name: 'munmap', workload: 'munmap'});
    expect(Object.keys(m.set as object)).toEqual(expect.arrayContaining(['procs', 'sizeMB']));
  });

  it('is a scenario file that `aswap run --scenario FILE` runs, edits included', async () => {
    const s = JSON.parse(show.stdout) as {simSeconds: number; set: Record<string, number>};
    const edited = {...s, simSeconds: 3, set: {...s.set, apps: 2}};
    const file = tmp.file('my-burst.json');
    writeFileSync(file, JSON.stringify(edited, null, 2));
    const [fromFile, withSet] = await Promise.all([
      aswap(['run', '--scenario', file, '--json']),
      // --set applies on top of the file.
      aswap(['run', '--scenario', file, '--json', '--set', 'apps=1', '--policy', 'sync']),
    ]);
    const a = expectSummary(oneJsonLine(fromFile), {munmap: false});
    expect(a).toMatchObject({scenario: 'kill-burst', device: 'phone', policy: 'gather-oom', simSeconds: 3, kills: 2, exits: 2});
    const b = expectSummary(oneJsonLine(withSet), {munmap: false});
    expect(b).toMatchObject({simSeconds: 3, policy: 'sync', kills: 1, exits: 1});
  });
});
