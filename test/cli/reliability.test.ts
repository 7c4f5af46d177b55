/**
 * Issue 12 through the real CLI (pipes, no terminal): unbounded knobs (3), deeply nested files (4),
 * outputs that must not be truncated (5), escape sequences from files (7), trace versions (8),
 * hostile proc files (9), --record/--trace without a terminal (11). Each is one line and exit 2,
 * or a run that does what was asked; never a hang, a crash or a lost file.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseAsciicast} from '../../src/record/asciicast.ts';
import {aswapVersion, readTrace} from '../../src/record/trace.ts';
import {snap, tempDir} from '../record/helpers.ts';
import {aswap, usageError, type CliResult} from './helpers.ts';

const tmp = tempDir();
const KB = ['--scenario', 'kill-burst'];
const PRECIOUS = 'a recording someone made yesterday\n';

/** A file of `text`, returned by path. */
function file(name: string, text: string | Buffer): string {
  const path = tmp.file(name);
  writeFileSync(path, text);
  return path;
}

const scenario = (name: string, patch: Record<string, unknown>): string =>
  file(name, JSON.stringify({name: 'x', workload: 'kill-burst', device: 'phone', simSeconds: 1, set: {apps: 2}, ...patch}));

/** A control character anywhere in a message (ESC, BEL, C1 …): what must never reach the terminal. */
// eslint-disable-next-line no-control-regex -- the point is to find them
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const results = new Map<string, CliResult>();
const run = (key: string, args: string[]): Promise<void> => aswap(args).then((r) => void results.set(key, r));
const result = (key: string): CliResult => results.get(key)!;

beforeAll(async () => {
  mkdirSync(tmp.file('out'));
  file('out/existing.cast', PRECIOUS);
  file('out/existing.jsonl', PRECIOUS);
  file('out/dash.cast', PRECIOUS);
  // A binary file whose bytes retitle the terminal (OSC 0) and clear it, if echoed.
  file('evil.jsonl', Buffer.concat([Buffer.from('\x1b]0;pwned\x07\x1b[2J\x9b31m'), Buffer.from([0xff, 0xfe, 0x00, 0x01]), Buffer.from('\n')]));
  file('evil-value.json', JSON.stringify({name: 'x', workload: 'kill-burst', device: '\x1b]0;pwned\x07', simSeconds: 1}));
  file('nested.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  file('nested-field.json', `{"name": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "workload": "kill-burst", "device": "phone", "simSeconds": 1}`);
  const header = {type: 'header', scenario: 'kill-burst', policy: 'sync', seed: 1, params: snap(0).params, device: 'phone', version: '9.0.0'};
  file('future.jsonl', `${JSON.stringify(header)}\n${JSON.stringify({type: 'snapshot', snapshot: snap(0)})}\n`);
  // A copy of /proc whose files are a FIFO nobody writes and an endless device.
  mkdirSync(tmp.file('proc-root/proc/pressure'), {recursive: true});
  execFileSync('mkfifo', [tmp.file('proc-root/proc/meminfo')]);
  execFileSync('mkfifo', [tmp.file('proc-root/proc/pressure/memory')]);
  symlinkSync('/dev/zero', tmp.file('proc-root/proc/vmstat'));
  symlinkSync('/dev/urandom', tmp.file('proc-root/proc/zoneinfo'));
  file('not-a-dir', 'x');

  await Promise.all([
    // 3: unbounded knobs
    run('apps', ['run', ...KB, '--set', 'apps=1e9']),
    run('apps-file', ['run', '--scenario', scenario('apps.json', {set: {apps: 1e9}})]),
    run('swapMBMax', ['run', ...KB, '--set', 'swapMBMax=1e12']),
    run('fit', ['run', ...KB, '--set', 'apps=100']),
    run('ramMB', ['run', ...KB, '--set', 'ramMB=1e15']),
    run('kernel-name', ['run', ...KB, '--json', '--sim-seconds', '2', '--set', 'apps=2', '--set', 'max_cache_entries=64', '--set', 'NUM_ASYNC_SWAP_WORK_ITEMS=4']),
    run('unknown-key', ['run', ...KB, '--set', 'max_cache=1']),
    run('psi', ['run', '--set', 'ro.lmk.psi_complete_stall_ms=5000']),
    // 4: deeply nested scenario files
    run('nested', ['run', '--scenario', tmp.file('nested.json')]),
    run('nested-field', ['run', '--scenario', tmp.file('nested-field.json')]),
    run('devzero-scenario', ['run', '--scenario', '/dev/zero']),
    // 5: outputs
    run('bad-trace', ['record', tmp.file('out/existing.cast'), ...KB, '--duration', '1', '--trace', tmp.file('nodir/t.jsonl')]),
    run('dev-full', ['record', '/dev/full', ...KB, '--duration', '1', '--trace', tmp.file('out/existing.jsonl')]),
    run('dev-full-new', ['record', '/dev/full', ...KB, '--duration', '1', '--trace', tmp.file('out/new.jsonl')]),
    run('dash-bad-trace', ['--record', tmp.file('out/dash.cast'), ...KB, '--duration', '1', '--trace', tmp.file('out')]),
    // 7: escape sequences from files
    run('evil-replay', ['replay', tmp.file('evil.jsonl')]),
    run('evil-value', ['run', '--scenario', tmp.file('evil-value.json')]),
    run('evil-set', ['run', ...KB, '--set', 'apps=\x1b]0;pwned\x07']),
    // 8: trace versions
    run('future', ['replay', tmp.file('future.jsonl')]),
    // 9: hostile proc files
    run('hostile-proc', ['snapshot', '--source', 'host', '--proc-root', tmp.file('proc-root'), '--json']),
    run('no-proc-root', ['snapshot', '--source', 'host', '--proc-root', tmp.file('nonexistent')]),
    run('file-proc-root', ['snapshot', '--source', 'host', '--proc-root', tmp.file('not-a-dir')]),
    run('empty-proc-root', ['snapshot', '--source', 'host', '--proc-root', tmp.file('out')]),
    // 11: --record / --trace without a terminal
    run('record-no-tty', ['--record', tmp.file('out/headless.cast'), '--trace', tmp.file('out/headless.jsonl'), ...KB, '--duration', '2', '--cols', '100', '--rows', '30']),
    run('trace-no-tty', ['--trace', tmp.file('out/only.jsonl'), ...KB, '--duration', '1']),
    run('host-record-no-tty', ['--record', tmp.file('out/host.cast'), '--source', 'host', '--proc-root', 'test/fixtures/proc-patched']),
  ]);
}, 120_000);

afterAll(() => tmp.cleanup());

describe('3: every knob has a range that fits the device, checked before anything is allocated', () => {
  it('apps=1e9 (from --set or a scenario file) is one line naming the range', () => {
    expect(usageError(result('apps'))).toBe("aswap: invalid value for apps '1e9': expected an integer in 0–32768 (pid_max, the most tasks)");
    expect(usageError(result('apps-file'))).toBe("aswap: invalid value for apps '1000000000': expected an integer in 0–32768 (pid_max, the most tasks)");
  });

  it('a size beyond the device names the device and its limit', () => {
    expect(usageError(result('swapMBMax'))).toBe("aswap: invalid value for swapMBMax '1e12': expected a number in 0–6144 (swapped memory fits in swap on phone)");
    expect(usageError(result('ramMB'))).toContain('ramMB');
    expect(usageError(result('fit'))).toBe(
      'aswap: invalid values: apps × swapMBMax = 45000 MB does not fit in the swap (zramDiskMB) of phone (6144 MB); lower them or raise it',
    );
    expect(usageError(result('psi'))).toContain('lmkPsiCompleteStallMs (ro.lmk.psi_complete_stall_ms)');
  });

  it("takes the kernel's names, and lists both names when a key is unknown", () => {
    const r = result('kernel-name');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({kills: 2});
    const line = usageError(result('unknown-key'));
    expect(line).toContain("unknown key 'max_cache'");
    expect(line).toContain('maxCacheEntries (max_cache_entries)');
    expect(line).toContain('maxActive (max_active, NUM_ASYNC_SWAP_WORK_ITEMS)');
  });
});

describe('4: a deeply nested scenario file', () => {
  it('is one short line, not a stack overflow', () => {
    for (const key of ['nested', 'nested-field']) {
      const line = usageError(result(key));
      expect(line.length).toBeLessThan(300);
    }
    expect(usageError(result('nested'))).toContain('got an array of 1, expected object');
    expect(usageError(result('nested-field'))).toContain('field name: got an array of 1, expected string');
  });

  it('a device instead of a file is refused, not read without end', () => {
    expect(usageError(result('devzero-scenario'))).toBe('aswap: cannot read scenario file /dev/zero: not a regular file');
  });
});

describe('5: nothing is truncated until the run starts', () => {
  it('a bad --trace path leaves an existing recording as it was', () => {
    expect(usageError(result('bad-trace'))).toContain(tmp.file('nodir/t.jsonl'));
    expect(readFileSync(tmp.file('out/existing.cast'), 'utf8')).toBe(PRECIOUS);
    expect(usageError(result('dash-bad-trace'))).toContain('is a directory');
    expect(readFileSync(tmp.file('out/dash.cast'), 'utf8')).toBe(PRECIOUS);
  });

  it('record /dev/full leaves an existing trace as it was, and no header-only trace', () => {
    expect(usageError(result('dev-full'))).toBe('aswap: cannot write the recording /dev/full: ENOSPC: no space left on device');
    expect(readFileSync(tmp.file('out/existing.jsonl'), 'utf8')).toBe(PRECIOUS);
    usageError(result('dev-full-new'));
    expect(existsSync(tmp.file('out/new.jsonl'))).toBe(false);
    expect(readdirSync(tmp.file('out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('7: bytes from files never reach the terminal', () => {
  it('replaying a binary file, or a scenario file with escapes, prints escapes as text', () => {
    for (const key of ['evil-replay', 'evil-value', 'evil-set']) {
      const line = usageError(result(key));
      expect(line, key).not.toMatch(CONTROL);
    }
    expect(usageError(result('evil-value'))).toContain('\\x1b]0;pwned\\x07');
  });
});

describe('8: trace versions', () => {
  it('refuses a trace of another major version, naming both versions', () => {
    expect(usageError(result('future'))).toBe(
      `aswap: cannot replay ${tmp.file('future.jsonl')}: written by aswap 9.0.0, and this aswap ${aswapVersion()} reads traces of aswap 0.1.x`,
    );
  });
});

describe('9: host mode reads proc files with bounds', () => {
  it('a FIFO and an endless device under --proc-root are skipped, not waited on or read for ever', () => {
    const r = result('hostile-proc');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as {memory: unknown; psi: unknown};
    expect(s.memory).toBeNull();
    expect(s.psi).toBeNull();
  });

  it('a --proc-root that is missing, a file, or holds neither proc/ nor sys/ is exit 2', () => {
    expect(usageError(result('no-proc-root'))).toBe(`aswap: --proc-root ${tmp.file('nonexistent')}: no such directory`);
    expect(usageError(result('file-proc-root'))).toBe(`aswap: --proc-root ${tmp.file('not-a-dir')}: not a directory`);
    expect(usageError(result('empty-proc-root'))).toContain('holds neither proc/ nor sys/');
  });
});

describe('11: --record and --trace without a terminal', () => {
  it('record headlessly, say so, and print the summary', () => {
    const r = result('record-no-tty');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('stdout is not a terminal');
    expect(r.stderr).toContain('recorded 2 s headlessly');
    expect(r.stdout).toContain('aswap run: kill-burst');
    const cast = parseAsciicast(readFileSync(tmp.file('out/headless.cast'), 'utf8'));
    expect(cast.header).toMatchObject({width: 100, height: 30});
    expect(cast.events.length).toBeGreaterThan(10);
    expect(readTrace(tmp.file('out/headless.jsonl')).snapshots.length).toBe(21);
    const trace = result('trace-no-tty');
    expect(trace.status).toBe(0);
    expect(readTrace(tmp.file('out/only.jsonl')).snapshots.length).toBe(11);
  });

  it('host mode cannot be recorded without a terminal: one line saying nothing was recorded', () => {
    expect(usageError(result('host-record-no-tty'))).toContain('nothing was recorded');
    expect(existsSync(tmp.file('out/host.cast'))).toBe(false);
  });
});
