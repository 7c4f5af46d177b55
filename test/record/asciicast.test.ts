import {spawn} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import {createAsciicastWriter, createTeeStream, parseAsciicast} from '../../src/record/asciicast.ts';
import {tempDir} from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

/** A clock the test moves by hand. */
function manualClock(): {clock: () => number; set: (s: number) => void} {
  let t = 0;
  return {clock: () => t, set: (s) => (t = s)};
}

describe('createAsciicastWriter', () => {
  it('writes a v2 header and o/m events with µs times', () => {
    tmp = tempDir();
    const path = tmp.file('a.cast');
    const {clock, set} = manualClock();
    const w = createAsciicastWriter(path, {width: 100, height: 30, title: 'aswap camera', clock, timestamp: 1_760_000_000, term: 'xterm-256color'});
    w.write('hello\r\n');
    set(0.1234567);
    w.marker('camera launch');
    set(1.5);
    w.write('\x1b[1mbold\x1b[0m "q" \\ é ✓');
    w.write('');
    w.close();
    w.close();
    w.write('after close');
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe(
      '{"version":2,"width":100,"height":30,"timestamp":1760000000,"title":"aswap camera","env":{"TERM":"xterm-256color"}}',
    );
    const {header, events} = parseAsciicast(text);
    expect(header).toEqual({version: 2, width: 100, height: 30, timestamp: 1_760_000_000, title: 'aswap camera', env: {TERM: 'xterm-256color'}});
    expect(events).toEqual([
      [0, 'o', 'hello\r\n'],
      [0.123457, 'm', 'camera launch'],
      [1.5, 'o', '\x1b[1mbold\x1b[0m "q" \\ é ✓'],
    ]);
  });

  it('keeps times non-decreasing even if the clock goes back', () => {
    tmp = tempDir();
    const path = tmp.file('b.cast');
    const {clock, set} = manualClock();
    const w = createAsciicastWriter(path, {width: 80, height: 24, clock, timestamp: 0});
    set(2);
    w.write('a');
    set(1);
    w.write('b');
    set(Number.NaN);
    w.write('c');
    w.close();
    expect(parseAsciicast(readFileSync(path, 'utf8')).events.map((e) => e[0])).toEqual([2, 2, 2]);
  });

  it('is byte-identical for the same clock and timestamp', () => {
    tmp = tempDir();
    const record = (name: string): string => {
      let t = 0;
      const w = createAsciicastWriter(tmp.file(name), {width: 120, height: 40, title: 't', clock: () => t, timestamp: 1, term: 'xterm'});
      for (let i = 0; i < 50; i++) {
        t = i / 12.5;
        w.write(`\x1b[H frame ${i} cache_counts:${i % 33}`);
        if (i % 10 === 0) w.marker(`m${i}`);
      }
      w.close();
      return readFileSync(tmp.file(name), 'utf8');
    };
    const first = record('1.cast');
    expect(record('2.cast')).toBe(first);
    expect(parseAsciicast(first).events).toHaveLength(55);
  });

  it('leaves a valid file when never closed', () => {
    tmp = tempDir();
    const path = tmp.file('open.cast');
    const {clock, set} = manualClock();
    const w = createAsciicastWriter(path, {width: 80, height: 24, clock, timestamp: 0});
    const tee = createTeeStream(null, w, {columns: 80, rows: 24});
    tee.write('one');
    set(0.5);
    tee.write(Buffer.from('two'));
    // No close(): the process "dies" here.
    const {events} = parseAsciicast(readFileSync(path, 'utf8'));
    expect(events).toEqual([
      [0, 'o', 'one'],
      [0.5, 'o', 'two'],
    ]);
  });

  it('throws a one-line error when the file cannot be created', () => {
    tmp = tempDir();
    expect(() => createAsciicastWriter(tmp.file('no/such/dir/x.cast'), {width: 80, height: 24})).toThrow(
      /^cannot write the recording .*x\.cast: ENOENT/,
    );
  });

  it('stays valid when the process is killed mid-recording (SIGKILL, no close)', async () => {
    tmp = tempDir();
    const path = tmp.file('killed.cast');
    const script = `
      const {register} = await import('tsx/esm/api');
      register();
      const {createAsciicastWriter} = await import(${JSON.stringify(new URL('../../src/record/asciicast.ts', import.meta.url).href)});
      const w = createAsciicastWriter(${JSON.stringify(path)}, {width: 80, height: 24});
      let i = 0;
      const big = 'x'.repeat(4000);
      setInterval(() => { for (let k = 0; k < 20; k++) w.write('frame ' + (i++) + ' ' + big + '\\r\\n'); if (i === 200) process.stdout.write('ready\\n'); }, 1);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early: ${code}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const {events} = parseAsciicast(readFileSync(path, 'utf8'));
    expect(events.length).toBeGreaterThanOrEqual(200);
    events.forEach(([, code, data], i) => {
      expect(code).toBe('o');
      expect(data.startsWith(`frame ${i} `)).toBe(true);
    });
  });
});

describe('createTeeStream', () => {
  it('looks like a fixed-size TTY and forwards chunks to the target and the writer', () => {
    const target = Object.assign(new EventEmitter(), {
      columns: 200,
      rows: 60,
      chunks: [] as (string | Buffer)[],
      write(chunk: string | Buffer) {
        this.chunks.push(chunk);
        return true;
      },
    });
    const written: string[] = [];
    const tee = createTeeStream(target as unknown as NodeJS.WriteStream, {write: (d) => written.push(d)}, {columns: 100, rows: 30});
    let resized = 0;
    tee.on('resize', () => resized++);
    expect(tee.isTTY).toBe(true);
    expect([tee.columns, tee.rows]).toEqual([100, 30]);
    tee.write('abc');
    // A UTF-8 sequence split across two Buffer chunks still reaches the writer whole.
    const check = Buffer.from('✓');
    tee.write(check.subarray(0, 1));
    tee.write(check.subarray(1));
    target.emit('resize');
    expect(resized).toBe(0);
    expect(written.join('')).toBe('abc✓');
    expect(Buffer.concat(target.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString()).toBe('abc✓');
  });

  it('adds the CR a tty adds to NL (ONLCR) for the recording only', () => {
    const toTarget: string[] = [];
    const toWriter: string[] = [];
    const target = Object.assign(new EventEmitter(), {columns: 80, rows: 24, write: (c: string) => toTarget.push(c)});
    const tee = createTeeStream(target as unknown as NodeJS.WriteStream, {write: (d) => toWriter.push(d)}, {columns: 80, rows: 24});
    tee.write('a\nb\n');
    expect(toTarget).toEqual(['a\nb\n']);
    expect(toWriter).toEqual(['a\r\nb\r\n']);
  });

  it('follows the target size when not fixed', () => {
    const target = Object.assign(new EventEmitter(), {columns: 80, rows: 24, write: () => true});
    const tee = createTeeStream(target as unknown as NodeJS.WriteStream, {write: () => undefined});
    const sizes: number[][] = [];
    tee.on('resize', () => sizes.push([tee.columns, tee.rows]));
    target.columns = 132;
    target.rows = 50;
    target.emit('resize');
    expect(sizes).toEqual([[132, 50]]);
  });

  it('records without a terminal (null target)', () => {
    const written: string[] = [];
    const tee = createTeeStream(null, {write: (d) => written.push(d)}, {columns: 90, rows: 20});
    tee.write('x');
    expect(written).toEqual(['x']);
    expect([tee.columns, tee.rows]).toEqual([90, 20]);
  });
});

describe('parseAsciicast', () => {
  const header = '{"version":2,"width":80,"height":24}';
  it.each([
    ['', /missing header/],
    ['{"version":1,"width":80,"height":24}\n', /line 1: bad header: version/],
    ['not json\n', /line 1: /],
    [`${header}\n[0.5,"o","a"]\n[0.4,"o","b"]\n`, /line 3: time 0.4 goes back/],
    [`${header}\n[0.5,"x","a"]\n`, /line 2: bad event/],
    [`${header}\n[0.5,"o"]\n`, /line 2: bad event/],
    [`${header}\n\n`, /line 2/],
    [`${header}\n[0.5,"o","a"`, /line 2: /],
  ])('rejects %j', (text, message) => {
    expect(() => parseAsciicast(text)).toThrow(message);
  });

  it('accepts a file without a final newline', () => {
    expect(parseAsciicast(`${header}\n[0,"o","a"]`).events).toEqual([[0, 'o', 'a']]);
  });

  it('parses what the writer wrote to a file on disk', () => {
    tmp = tempDir();
    writeFileSync(tmp.file('c.cast'), `${header}\n[0.000001,"o","\\u001b[H"]\n`);
    expect(parseAsciicast(readFileSync(tmp.file('c.cast'), 'utf8')).events).toEqual([[0.000001, 'o', '\x1b[H']]);
  });
});
