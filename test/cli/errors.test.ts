/**
 * Every user mistake: exit status 2, nothing on stdout, one `aswap: ` line on stderr that names the
 * problem (and the valid choices where there are some), never a stack trace. And --help, which is
 * no mistake.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tempDir} from '../record/helpers.ts';
import {aswap, usageError, ROOT, type CliResult} from './helpers.ts';

const tmp = tempDir();
const KB = ['--scenario', 'kill-burst'];
const notJson = tmp.file('not-json.json');
const POLICIES = ['sync', 'gather', 'gather-oom'];
const DEVICES = ['phone', 'rpi4b', 'rk3588', 'i7-12700'];

/** A valid kill-burst scenario file, with `patch` applied. */
function scenarioFile(name: string, patch: Record<string, unknown>): string {
  const base = {name: 'my-burst', workload: 'kill-burst', device: 'phone', simSeconds: 2, set: {apps: 2}};
  const path = tmp.file(name);
  writeFileSync(path, JSON.stringify({...base, ...patch}));
  return path;
}

interface Case {
  readonly what: string;
  readonly args: () => string[];
  /** Each must appear in the message. */
  readonly says: readonly string[];
}

const CASES: readonly Case[] = [
  {what: 'an unknown option', args: () => ['run', '--bogus'], says: ["unknown option '--bogus'"]},
  {what: 'an unknown option of the dashboard', args: () => ['--frobnicate'], says: ["unknown option '--frobnicate'"]},
  {what: 'an unknown command', args: () => ['frob'], says: ["unknown command 'frob'", 'run', 'compare', 'scenarios', 'record', 'replay', 'snapshot']},
  {what: 'an operand run does not take', args: () => ['run', 'extra'], says: ['too many arguments', 'run']},
  {what: 'an unknown policy', args: () => ['run', ...KB, '--policy', 'zz'], says: ["unknown policy 'zz'", ...POLICIES]},
  {what: 'an unknown device', args: () => ['run', ...KB, '--device', 'toaster'], says: ["unknown device 'toaster'", ...DEVICES]},
  {what: 'an unknown scenario', args: () => ['run', '--scenario', 'nope'], says: ["unknown scenario 'nope'", 'kill-burst', 'munmap']},
  {what: 'an unknown scenario to show', args: () => ['scenarios', 'show', 'nope'], says: ["unknown scenario 'nope'", 'kill-burst', 'munmap']},
  {what: 'an unknown --set key', args: () => ['run', ...KB, '--set', 'zz=1'], says: ["unknown key 'zz'", 'valid keys', 'apps', 'maxCacheEntries', 'ramMB']},
  {what: 'a --set value that is no number', args: () => ['run', ...KB, '--set', 'apps=x'], says: ['apps', "'x'"]},
  {what: 'a --set without =', args: () => ['run', ...KB, '--set', 'nokey'], says: ["'nokey'", 'key=value']},
  {what: 'a negative seed', args: () => ['run', ...KB, '--seed', '-1'], says: ['--seed', "'-1'"]},
  {what: 'zero simulated seconds', args: () => ['run', ...KB, '--sim-seconds', '0'], says: ['--sim-seconds', "'0'"]},
  {what: 'an unknown policy in --policies', args: () => ['compare', ...KB, '--policies', 'sync,zz'], says: ["'zz'", '--policies', ...POLICIES]},
  {what: '--cols without --rows (snapshot)', args: () => ['snapshot', ...KB, '--cols', '100'], says: ['--cols', '--rows']},
  {what: '--cols without --rows (dashboard)', args: () => [...KB, '--cols', '100'], says: ['--cols', '--rows']},
  {what: 'a scenario file that is not JSON', args: () => ['run', '--scenario', notJson], says: [notJson, 'not valid JSON']},
  {
    what: 'a scenario file with an unknown device',
    args: () => ['run', '--scenario', scenarioFile('device.json', {device: 'toaster'})],
    says: ['device.json', 'field device', '"toaster"', ...DEVICES],
  },
  {
    what: 'a scenario file with a negative simSeconds',
    args: () => ['run', '--scenario', scenarioFile('sim-seconds.json', {simSeconds: -1})],
    says: ['sim-seconds.json', 'field simSeconds', '-1'],
  },
  {
    what: 'a scenario file with an unknown field',
    args: () => ['run', '--scenario', scenarioFile('extra.json', {colour: 'blue'})],
    says: ['extra.json', 'colour', 'simSeconds'],
  },
  {
    what: 'a scenario file with an unknown knob',
    args: () => ['run', '--scenario', scenarioFile('knob.json', {set: {appz: 2}})],
    says: ["unknown key 'appz'", 'apps'],
  },
  {what: 'a missing scenario file', args: () => ['run', '--scenario', tmp.file('missing.json')], says: [tmp.file('missing.json'), 'ENOENT']},
  {what: 'replaying a missing trace', args: () => ['replay', tmp.file('missing.jsonl')], says: [tmp.file('missing.jsonl'), 'no such file']},
  {what: 'replaying a file that is no trace', args: () => ['replay', notJson], says: [notJson, 'no snapshot', 'not an aswap trace']},
  {
    what: 'recording into a directory that does not exist',
    args: () => ['record', tmp.file('nodir/out.cast'), ...KB, '--duration', '1'],
    says: [tmp.file('nodir/out.cast'), 'ENOENT'],
  },
  {
    what: 'a trace into a directory that does not exist',
    args: () => ['record', tmp.file('rec/out.cast'), ...KB, '--duration', '1', '--trace', tmp.file('nodir/out.jsonl')],
    says: [tmp.file('nodir/out.jsonl'), 'ENOENT'],
  },
];

const results = new Map<string, CliResult>();
let help: CliResult;
let runHelp: CliResult;
let version: CliResult;

beforeAll(async () => {
  writeFileSync(notJson, 'this is { not json\n');
  mkdirSync(tmp.file('rec'));
  const all = await Promise.all([...CASES.map((c) => aswap(c.args())), aswap(['--help']), aswap(['run', '--help']), aswap(['--version'])]);
  CASES.forEach((c, i) => results.set(c.what, all[i]!));
  [help, runHelp, version] = all.slice(CASES.length) as [CliResult, CliResult, CliResult];
}, 60_000);

afterAll(() => tmp.cleanup());

describe('a user mistake', () => {
  it.each(CASES.map((c) => [c.what, c] as const))('%s: exit 2 and one line that names it', (_what, c) => {
    const line = usageError(results.get(c.what)!);
    for (const s of c.says) expect(line).toContain(s);
  });
});

describe('--help and --version', () => {
  it('aswap --help documents the dashboard options and every command, and exits 0', () => {
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    for (const opt of ['--scenario', '--policy', '--device', '--seed', '--set', '--speed', '--duration', '--compare', '--record', '--trace', '--cols', '--rows', '--no-color']) {
      expect(help.stdout).toContain(opt);
    }
    for (const cmd of ['run', 'compare', 'scenarios', 'record', 'replay', 'snapshot']) expect(help.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });

  it('aswap run --help documents run options, and exits 0', () => {
    expect(runHelp.status).toBe(0);
    expect(runHelp.stderr).toBe('');
    expect(runHelp.stdout).toMatch(/^Usage: aswap run/);
    for (const opt of ['--scenario', '--policy', '--device', '--seed', '--set', '--sim-seconds', '--json']) expect(runHelp.stdout).toContain(opt);
    // The policies and devices are named where the options are.
    for (const name of [...POLICIES, ...DEVICES]) expect(runHelp.stdout).toContain(name);
  });

  it('aswap --version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as {version: string};
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(`${pkg.version}\n`);
  });
});
