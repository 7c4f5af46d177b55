import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {inkStdout, runDashboard} from '../../src/dashboard.tsx';
import {busySnapshot} from '../fixtures/snapshots.ts';
import {FakeSource} from './fake-source.ts';
import {FakeStdin, settle} from './render.tsx';

/** A terminal's stdout: a TTY of a given size that records what is written. */
class Tty extends EventEmitter {
  readonly isTTY = true;
  readonly writes: string[] = [];
  constructor(
    public columns = 120,
    public rows = 40,
  ) {
    super();
  }
  write = (chunk: string) => {
    this.writes.push(String(chunk));
    return true;
  };
  get text() {
    return this.writes.join('');
  }
}

function start(extra: {durationS?: number; onKey?: (k: string) => void} = {}) {
  const stdout = new Tty();
  const stdin = new FakeStdin();
  const source = new FakeSource(busySnapshot);
  const done = runDashboard({source, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, color: false, ...extra});
  return {stdout, stdin, source, done};
}

describe('runDashboard', () => {
  it('enters the alternate screen, starts the source, and restores everything when q is pressed', async () => {
    const keys: string[] = [];
    const {stdout, stdin, source, done} = start({onKey: (k) => keys.push(k)});
    await settle();
    expect(stdout.writes[0]).toBe('\x1b[?1049h\x1b[?25l\x1b[2J\x1b[H');
    expect(source.started).toBe(true);
    stdin.write('f');
    await settle();
    stdin.write('q');
    expect(await done).toBe(0);
    expect(keys).toEqual(['f', 'q']);
    expect(source.commands).toEqual([{type: 'flush'}]);
    expect(source.stopped).toBe(true);
    expect(stdout.text.endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
  });

  it('quits by itself after durationS', async () => {
    const {stdout, done} = start({durationS: 0.05});
    expect(await done).toBe(0);
    expect(stdout.text.endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
  });

  it('restores the terminal on SIGTERM and answers 143', async () => {
    const {stdout, done} = start();
    await settle();
    process.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(143);
    expect(stdout.text.endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
  });
});

describe('inkStdout', () => {
  it('reports a fixed size to Ink', () => {
    const tty = new Tty(200, 60);
    const out = inkStdout(tty as unknown as NodeJS.WriteStream, 120, 40);
    expect([out.columns, out.rows]).toEqual([120, 40]);
    expect(inkStdout(tty as unknown as NodeJS.WriteStream).columns).toBe(200);
  });

  it('moves an incremental frame up the one row Ink 6.8 forgets', () => {
    const tty = new Tty();
    const out = inkStdout(tty as unknown as NodeJS.WriteStream);
    out.write('\x1b[38A\x1b[1Gheader\n');
    out.write('\x1b[0A\x1b[1Gone line\n');
    out.write('plain text\x1b[3A');
    expect(tty.writes).toEqual(['\x1b[39A\x1b[1Gheader\n', '\x1b[1A\x1b[1Gone line\n', 'plain text\x1b[3A']);
  });
});
