/** The small pieces behind "nothing lost, nothing crashes": sanitizing, bounded reads, knob ranges, progress. */
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {readBounded} from '../../src/bounded-read.ts';
import {DEVICE_KNOBS, DEVICES} from '../../src/engine/devices.ts';
import {excerpt, sanitize} from '../../src/errors.ts';
import {canonicalKnob, KERNEL_NAMES, knownRangeOf, maxOf, rangeOf} from '../../src/knob-ranges.ts';
import {allKnobNames, resolveRun} from '../../src/run-config.ts';
import {clockText, createProgress, progressLine} from '../../src/commands/progress.ts';
import {BUILTIN_SCENARIOS, WORKLOAD_KINDS} from '../../src/workload/scenarios.ts';
import {tempDir} from '../record/helpers.ts';

let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(() => tmp?.cleanup());

describe('sanitize and excerpt', () => {
  it('turns every control character into a visible escape and keeps one line', () => {
    expect(sanitize('a\x1b]0;pwned\x07b\nc\r\x7f\x9b')).toBe('a\\x1b]0;pwned\\x07b\\x0ac\\x0d\\x7f\\x9b');
    expect(sanitize('caf\u00e9 \u4e2d')).toBe('caf\u00e9 \u4e2d');
    expect(sanitize('\ud800x')).toBe('\\ud800x');
    expect(sanitize('x'.repeat(1000), 10)).toBe(`${'x'.repeat(10)}…`);
  });

  it('quotes a short excerpt and never walks a deep structure', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(excerpt(deep)).toBe('an array of 1');
    expect(excerpt({a: 1})).toBe('an object');
    expect(excerpt('\x1b[2J'.repeat(50))).toBe(`"${'\\x1b[2J'.repeat(10)}…"`);
    expect(excerpt(-1)).toBe('-1');
    expect(excerpt(undefined)).toBe('nothing');
  });
});

describe('readBounded', () => {
  it('reads a regular file, refuses devices, FIFOs, directories and files over the cap', () => {
    tmp = tempDir();
    writeFileSync(tmp.file('ok'), 'hello');
    expect(readBounded(tmp.file('ok'), {maxBytes: 5})).toBe('hello');
    expect(() => readBounded(tmp!.file('ok'), {maxBytes: 4})).toThrow('larger than 0 KB');
    symlinkSync('/dev/zero', tmp.file('zero'));
    expect(() => readBounded(tmp!.file('zero'), {maxBytes: 1 << 20})).toThrow('not a regular file');
    execFileSync('mkfifo', [tmp.file('fifo')]);
    expect(() => readBounded(tmp!.file('fifo'), {maxBytes: 1 << 20})).toThrow('not a regular file');
    mkdirSync(tmp.file('dir'));
    expect(() => readBounded(tmp!.file('dir'), {maxBytes: 1 << 20})).toThrow('is a directory');
    expect(() => readBounded(tmp!.file('missing'), {maxBytes: 1 << 20})).toThrow('no such file');
  });

  it('reads the real /proc (files of size 0 that are not empty)', () => {
    expect(readBounded('/proc/self/stat', {maxBytes: 1 << 20})).toMatch(/^\d+ \(/);
  });
});

describe('knob ranges', () => {
  const limitsOf = (name: string) => {
    const d = DEVICES[name]!;
    return {ramMB: d.ramMB, swapMB: d.zramDiskMB, cpus: d.clusters.reduce((n, c) => n + c.count, 0), nodes: new Set(d.clusters.map((c) => c.node)).size};
  };

  it('every knob of every workload and device has a range, and every default is in it', () => {
    for (const [workload, kind] of Object.entries(WORKLOAD_KINDS)) {
      for (const knob of allKnobNames(workload)) expect(knownRangeOf(knob), knob).not.toBeNull();
      const device = BUILTIN_SCENARIOS.find((s) => s.workload === workload)!.device;
      for (const [knob, value] of Object.entries(kind.knobs as Record<string, number>)) {
        const r = rangeOf(knob);
        expect(value >= r.min && value <= maxOf(r, limitsOf(device)), `${workload}.${knob} = ${value}`).toBe(true);
      }
    }
    for (const knob of DEVICE_KNOBS) for (const d of Object.keys(DEVICES)) {
      expect(knownRangeOf(knob), knob).not.toBeNull();
      const r = rangeOf(knob);
      // A device figure, a cost, or a figure each cluster has (lineNs).
      const v =
        (DEVICES[d] as unknown as Record<string, number>)[knob] ??
        (DEVICES[d]!.costs as unknown as Record<string, number>)[knob] ??
        (DEVICES[d]!.clusters[0] as unknown as Record<string, number>)[knob]!;
      expect(v >= r.min && v <= maxOf(r, limitsOf(d)), `${d}.${knob} = ${v}`).toBe(true);
    }
  });

  it('every built-in scenario resolves (its processes fit its device)', () => {
    for (const s of BUILTIN_SCENARIOS) expect(() => resolveRun({scenario: s.name}), s.name).not.toThrow();
  });

  it("accepts the kernel's and lmkd's names as aswap's", () => {
    for (const [kernel, camel] of Object.entries(KERNEL_NAMES)) expect(canonicalKnob(kernel)).toBe(camel);
    const a = resolveRun({scenario: 'camera-launch', set: ['max_cache_entries=64', 'MIN_EXITING_TASKS_THRESHOLD=2', 'max_active=4', 'ro.lmk.kill_timeout_ms=50', 'vm.min_free_kbytes=40000']});
    expect(a.params).toMatchObject({maxCacheEntries: 64, minExitingTasks: 2, maxActive: 4});
    expect(a.workloadKnobs.lmkKillTimeoutMs).toBe(50);
    expect(a.device.minFreeKbytes).toBe(40_000);
    expect(a.set).toMatchObject({maxCacheEntries: 64, lmkKillTimeoutMs: 50, minFreeKbytes: 40_000});
  });
});

describe('progress of a long run', () => {
  /** A terminal that records what is written. */
  const tty = () => {
    const written: string[] = [];
    return {stream: {isTTY: true, write: (s: string) => written.push(s)} as unknown as NodeJS.WriteStream, written};
  };

  it('says nothing for the first second, then the share done and the time left, and takes the line away', () => {
    const {stream, written} = tty();
    let now = 0;
    const p = createProgress('run x', 100, stream, () => now)!;
    now = 500;
    p.update(10);
    expect(written).toEqual([]);
    now = 2000;
    p.update(25);
    now = 2100;
    p.update(30); // within 250 ms of the last line: not redrawn
    now = 4000;
    p.update(50);
    p.end();
    expect(written).toEqual([
      '\raswap: run x: 25% simulated, 0:02 elapsed, about 0:06 left\x1b[K',
      '\raswap: run x: 50% simulated, 0:04 elapsed, about 0:04 left\x1b[K',
      '\r\x1b[K',
    ]);
  });

  it('is off when stderr is not a terminal', () => {
    expect(createProgress('x', 1, {isTTY: false} as unknown as NodeJS.WriteStream)).toBeNull();
  });

  it('formats hours, and an unknown rate without an estimate', () => {
    expect(clockText(3_723_000)).toBe('1:02:03');
    expect(progressLine('y', 0, 1500)).toBe('aswap: y: 0% simulated, 0:02 elapsed');
  });
});
