import {spawn} from 'node:child_process';
import {appendFileSync, readFileSync, writeFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import type {Snapshot} from '../../src/engine/snapshot.ts';
import {aswapVersion, createTraceWriter, parseTrace, readTrace, traceHeaderOf} from '../../src/record/trace.ts';
import {busySnapshot, emptySnapshot, hostSnapshot, syncSnapshot} from '../fixtures/snapshots.ts';
import {snap, tempDir} from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

function writeTrace(path: string, snapshots: readonly Snapshot[]): void {
  const w = createTraceWriter(path, traceHeaderOf(snapshots[0]!));
  for (const s of snapshots) w.write(s);
  w.close();
}

describe('trace writer and reader', () => {
  it('writes a header then one line per frame, and reads them back', () => {
    tmp = tempDir();
    const path = tmp.file('t.jsonl');
    const frames = [snap(0), snap(80_000_000, 3), snap(160_000_000, 17)];
    const w = createTraceWriter(path, traceHeaderOf(frames[0]!));
    w.write(frames[0]!);
    w.write(frames[0]!); // the same object again: one line
    w.write(frames[1]!);
    w.write(frames[2]!);
    w.close();
    w.close();
    w.write(snap(1));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toEqual({
      type: 'header',
      scenario: 'camera',
      policy: 'gather-oom',
      seed: 42,
      params: frames[0]!.params,
      device: 'phone-8g',
      version: aswapVersion(),
    });
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['type', 'scenario', 'policy', 'seed', 'params', 'device', 'version']);
    expect(JSON.parse(lines[1]!)).toEqual({type: 'snapshot', snapshot: frames[0]});
    const trace = readTrace(path);
    expect(trace.error).toBeNull();
    expect(trace.header?.version).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    expect(trace.snapshots).toEqual(frames);
  });

  it('round-trips the dashboard fixtures (sim, sync, host, empty)', () => {
    tmp = tempDir();
    const frames = [busySnapshot, syncSnapshot, hostSnapshot, emptySnapshot];
    writeTrace(tmp.file('f.jsonl'), frames);
    const trace = readTrace(tmp.file('f.jsonl'));
    expect(trace.error).toBeNull();
    expect(trace.snapshots).toEqual(frames);
  });

  it('reads a trace cut short mid-line up to its last good line', () => {
    tmp = tempDir();
    const path = tmp.file('cut.jsonl');
    writeTrace(path, [snap(0), snap(1e9), snap(2e9)]);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text + JSON.stringify({type: 'snapshot', snapshot: snap(3e9)}).slice(0, 57));
    const trace = readTrace(path);
    expect(trace.snapshots.map((s) => s.nowNs)).toEqual([0, 1e9, 2e9]);
    expect(trace.error).toBe('trace cut short at line 5: unexpected end of JSON');
    expect(trace.header?.scenario).toBe('camera');
  });

  it('says "unexpected end of JSON" wherever the last line was cut', () => {
    const text = `${JSON.stringify({type: 'header', scenario: 's', policy: 'sync', seed: 1, params: snap(0).params, device: 'd', version: '0'})}\n{"type":"snapshot","snapshot":{`;
    expect(parseTrace(text).error).toBe('trace cut short at line 2: unexpected end of JSON');
    expect(parseTrace(`${text}"nowNs":12`).error).toBe('trace cut short at line 2: unexpected end of JSON');
  });

  it('skips corrupted lines in the middle, keeps the good ones after, and says so', () => {
    tmp = tempDir();
    const path = tmp.file('bad.jsonl');
    writeTrace(path, [snap(0)]);
    appendFileSync(path, 'garbage\n');
    appendFileSync(path, `${JSON.stringify({type: 'snapshot', snapshot: {...snap(1e9), nowNs: 'soon'}})}\n`);
    appendFileSync(path, `${JSON.stringify({type: 'snapshot', snapshot: snap(2e9)})}\n`);
    appendFileSync(path, `${JSON.stringify({type: 'marker', label: 'from a later version'})}\n`);
    const trace = readTrace(path);
    expect(trace.snapshots.map((s) => s.nowNs)).toEqual([0, 2e9]);
    expect(trace.error).toMatch(/^trace corrupted at line 3: unexpected token .*\(2 bad lines skipped\)$/i);
  });

  it('names the field of a snapshot that fails validation', () => {
    const header = JSON.stringify({type: 'header', scenario: 's', policy: 'sync', seed: 1, params: snap(0).params, device: 'd', version: '0'});
    const bad = JSON.stringify({type: 'snapshot', snapshot: {...snap(0), gather: {...snap(0).gather, cacheCount: 'x'}}});
    expect(parseTrace(`${header}\n${bad}\n`).error).toMatch(/^trace corrupted at line 2: snapshot\.gather\.cacheCount: /);
  });

  it('reads NaN written as null back as NaN rather than dropping the frame', () => {
    tmp = tempDir();
    const path = tmp.file('nan.jsonl');
    const frame = {...snap(0), exits: {...snap(0).exits, recentMs: [Number.NaN, 1]}};
    writeTrace(path, [frame]);
    const trace = readTrace(path);
    expect(trace.error).toBeNull();
    expect(trace.snapshots[0]!.exits.recentMs).toEqual([Number.NaN, 1]);
  });

  it.each([
    ['', 'not an aswap trace: the file is empty'],
    ['hello\n', 'not an aswap trace: line 1: unexpected token'],
    ['{"type":"header","scenario":"s"}\n', 'not an aswap trace: line 1: policy: '],
  ])('rejects a bad header %j without throwing', (text, message) => {
    const trace = parseTrace(text);
    expect(trace.header).toBeNull();
    expect(trace.snapshots).toEqual([]);
    expect(trace.error?.toLowerCase()).toContain(message.toLowerCase());
  });

  it('throws a one-line error for a missing file', () => {
    expect(() => readTrace('/nonexistent/aswap.jsonl')).toThrow(/^cannot read the trace \/nonexistent\/aswap\.jsonl: no such file$/);
  });

  it('throws a one-line error when the trace cannot be created', () => {
    expect(() => createTraceWriter('/nonexistent/dir/t.jsonl', traceHeaderOf(snap(0)))).toThrow(/^cannot write the trace .*: ENOENT/);
  });
});

describe('trace after a signal', () => {
  it('is complete when a SIGTERM handler calls close()', async () => {
    tmp = tempDir();
    const path = tmp.file('term.jsonl');
    const script = `
      const {register} = await import('tsx/esm/api');
      register();
      const {createTraceWriter} = await import(${JSON.stringify(new URL('../../src/record/trace.ts', import.meta.url).href)});
      const {snap} = await import(${JSON.stringify(new URL('./helpers.ts', import.meta.url).href)});
      const w = createTraceWriter(${JSON.stringify(path)}, {scenario: 'camera', policy: 'sync', seed: 1, params: snap(0).params, device: 'd'});
      process.on('SIGTERM', () => { w.close(); process.exit(0); });
      let i = 0;
      setInterval(() => { for (let k = 0; k < 10; k++) w.write(snap(1e6 * i++, i % 33)); if (i === 100) process.stdout.write('ready\\n'); }, 1);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early: ${code}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const trace = readTrace(path);
    expect(trace.error).toBeNull();
    expect(trace.snapshots.length).toBeGreaterThanOrEqual(100);
    trace.snapshots.forEach((s, i) => expect(s.nowNs).toBe(1e6 * i));
  });
});
