/**
 * The append-only file under recordings and traces: nothing is replaced until the run starts, and
 * a disk that fills up leaves whole lines only (a fake writeSync fails with ENOSPC part way through
 * a line, as a full tmpfs does; test/e2e/reliability.test.ts does it on a real 64 KB tmpfs).
 */
import * as fs from 'node:fs';
import {existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync} from 'node:fs';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createAsciicastWriter, parseAsciicast} from '../../src/record/asciicast.ts';
import {openJsonLines} from '../../src/record/json-lines.ts';
import {createTraceWriter, parseTrace, traceHeaderOf} from '../../src/record/trace.ts';
import {snap, tempDir} from './helpers.ts';

type Fs = typeof fs;

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<Fs>();
  return {...real, writeSync: vi.fn(real.writeSync)};
});

const realWriteSync = (await vi.importActual<Fs>('node:fs')).writeSync;
const writeSync = vi.mocked(fs.writeSync);

/** From the `n`th write on, the disk is full: that write gets half its bytes out, then ENOSPC. */
function diskFullFrom(n: number): void {
  let calls = 0;
  let half = false;
  writeSync.mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number) => {
    calls++;
    if (calls < n) return realWriteSync(fd, buffer, offset, length);
    if (!half) {
      half = true;
      return realWriteSync(fd, buffer, offset, Math.max(1, Math.floor(length / 2)));
    }
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC', errno: -28, syscall: 'write'});
  }) as typeof fs.writeSync);
}

let tmp: ReturnType<typeof tempDir>;
afterEach(() => {
  writeSync.mockImplementation(realWriteSync as typeof fs.writeSync);
  tmp?.cleanup();
});

describe('openJsonLines: nothing replaced before the run starts', () => {
  it('writes beside the target and takes its name only at commit', () => {
    tmp = tempDir();
    const path = tmp.file('out.jsonl');
    writeFileSync(path, 'precious\n');
    const f = openJsonLines(path, 'trace');
    f.append({a: 1});
    expect(readFileSync(path, 'utf8')).toBe('precious\n');
    f.commit();
    f.append({b: 2});
    f.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    expect(readdirSync(tmp.dir)).toEqual(['out.jsonl']);
  });

  it('discard (or close before commit) leaves an existing file and no temporary file', () => {
    tmp = tempDir();
    const path = tmp.file('out.cast');
    writeFileSync(path, 'precious\n');
    const a = openJsonLines(path, 'recording');
    a.append({header: true});
    a.discard();
    const b = openJsonLines(path, 'recording');
    b.append({header: true});
    b.close();
    expect(readFileSync(path, 'utf8')).toBe('precious\n');
    expect(readdirSync(tmp.dir)).toEqual(['out.cast']);
  });

  it('replaces the file a symbolic link points to, and keeps the link', () => {
    tmp = tempDir();
    mkdirSync(tmp.file('real'));
    writeFileSync(tmp.file('real/t.jsonl'), 'old\n');
    symlinkSync(tmp.file('real/t.jsonl'), tmp.file('link.jsonl'));
    const f = openJsonLines(tmp.file('link.jsonl'), 'trace');
    f.append(1);
    f.commit();
    f.close();
    expect(lstatSync(tmp.file('link.jsonl')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(tmp.file('link.jsonl'))).toBe(tmp.file('real/t.jsonl'));
    expect(readFileSync(tmp.file('real/t.jsonl'), 'utf8')).toBe('1\n');
  });

  it('writes a device in place (/dev/null) and refuses a directory, on one line', () => {
    const f = openJsonLines('/dev/null', 'trace');
    f.append({x: 1});
    f.commit();
    f.close();
    expect(f.failure).toBeNull();
    tmp = tempDir();
    expect(() => openJsonLines(tmp.dir, 'trace')).toThrow(new Error(`cannot write the trace ${tmp.dir}: it is a directory`));
    expect(() => openJsonLines(tmp.file('no/such/t.jsonl'), 'trace')).toThrow(/^cannot write the trace .*: ENOENT: no such directory$/);
  });

  it('/dev/full fails at the first line, before anything is replaced', () => {
    const f = openJsonLines('/dev/full', 'recording');
    expect(() => f.append({version: 2})).toThrow('cannot write the recording /dev/full: ENOSPC: no space left on device');
  });
});

describe('a disk that fills up during the run', () => {
  it('keeps only whole lines, says why once, and writes nothing more', () => {
    tmp = tempDir();
    const path = tmp.file('t.jsonl');
    const errors: string[] = [];
    const f = openJsonLines(path, 'trace', {onError: (m) => errors.push(m)});
    f.append({line: 1});
    f.commit();
    f.append({line: 2});
    diskFullFrom(1);
    f.append({line: 3, pad: 'x'.repeat(100)});
    f.append({line: 4});
    f.close();
    expect(errors).toEqual([`cannot write the trace ${path}: ENOSPC: no space left on device`]);
    expect(f.failure).toBe(errors[0]);
    expect(readFileSync(path, 'utf8')).toBe('{"line":1}\n{"line":2}\n');
  });

  it('before the run starts it throws instead, and leaves nothing behind', () => {
    tmp = tempDir();
    const path = tmp.file('r.cast');
    writeFileSync(path, 'precious\n');
    diskFullFrom(1);
    expect(() => createAsciicastWriter(path, {width: 80, height: 24})).toThrow(`cannot write the recording ${path}: ENOSPC: no space left on device`);
    expect(readFileSync(path, 'utf8')).toBe('precious\n');
    expect(readdirSync(tmp.dir)).toEqual(['r.cast']);
  });

  it('a recording cut by a full disk is still a valid asciicast, and a trace a valid trace', () => {
    tmp = tempDir();
    const cast = createAsciicastWriter(tmp.file('a.cast'), {width: 80, height: 24, clock: () => 1, timestamp: 0});
    const trace = createTraceWriter(tmp.file('a.jsonl'), traceHeaderOf(snap(0)));
    for (let i = 0; i < 5; i++) {
      cast.write(`frame ${i} \u00e9\u4e2d`);
      trace.write(snap(i * 100_000_000, i));
    }
    diskFullFrom(1);
    cast.write('x'.repeat(1000));
    trace.write(snap(9e8, 9));
    cast.close();
    trace.close();
    expect(cast.failure).toMatch(/ENOSPC/);
    expect(trace.failure).toMatch(/ENOSPC/);
    expect(parseAsciicast(readFileSync(tmp.file('a.cast'), 'utf8')).events).toHaveLength(5);
    const t = parseTrace(readFileSync(tmp.file('a.jsonl'), 'utf8'));
    expect(t.error).toBeNull();
    expect(t.snapshots).toHaveLength(5);
    expect(existsSync(tmp.file('a.cast'))).toBe(true);
  });
});
