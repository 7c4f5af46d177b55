/**
 * Issue 12 in a real pseudo-terminal: the terminal closed under the dashboard (1), a disk that
 * fills up during --record (2, on a real 64 KB tmpfs when this machine lets an unprivileged user
 * namespace mount one), a terminal with no size (6), stdin that is not a terminal (10), and a bad
 * --trace path next to an existing recording (5, the dashboard's side of it).
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {spawn, type IPty} from 'node-pty';
import xterm from '@xterm/headless';
import {afterAll, afterEach, describe, expect, it, vi} from 'vitest';
import {parseAsciicast} from '../../src/record/asciicast.ts';
import {parseTrace} from '../../src/record/trace.ts';
import {tempDir} from '../record/helpers.ts';

// A loaded 2-core machine starts a dashboard in seconds, not milliseconds: generous time, no timing asserted.
vi.setConfig({testTimeout: 120_000});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = `${ROOT}bin/aswap.js`;
const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface Session {
  readonly pty: IPty;
  /** Every byte the command wrote to the terminal. */
  output(): string;
  screen(): string;
  isAltScreen(): boolean;
  waitFor(what: string | RegExp, timeoutMs?: number): Promise<string>;
  /** `{code, signal}` as node-pty reports them once the command ended and its output was drawn. */
  readonly exit: Promise<{code: number; signal: number}>;
  /** Closes the terminal's master side: what closing the window, `tmux kill-session` or a dropped ssh does. */
  closeMaster(): void;
}

let sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions) {
    try {
      s.pty.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  sessions = [];
});

function start(file: string, args: readonly string[], opts: {cols?: number; rows?: number} = {}): Session {
  const cols = opts.cols ?? 120;
  const rows = opts.rows ?? 40;
  const term = new xterm.Terminal({cols, rows, allowProposedApi: true});
  const env: Record<string, string> = {...(process.env as Record<string, string>), TERM: 'xterm-256color'};
  delete env['CI'];
  const pty = spawn(file, [...args], {name: 'xterm-256color', cols, rows, cwd: ROOT, env});
  let out = '';
  let drawn = Promise.resolve();
  pty.onData((data) => {
    out += data;
    drawn = drawn.then(() => new Promise<void>((resolve) => term.write(data, resolve)));
  });
  const exit = new Promise<{code: number; signal: number}>((resolve) => pty.onExit(({exitCode, signal}) => void drawn.then(() => resolve({code: exitCode, signal: signal ?? 0}))));
  const screen = (): string => {
    const b = term.buffer.active;
    return Array.from({length: rows}, (_, y) => b.getLine(b.viewportY + y)?.translateToString(true) ?? '').join('\n');
  };
  const session: Session = {
    pty,
    output: () => out,
    screen,
    isAltScreen: () => term.buffer.active.type === 'alternate',
    async waitFor(what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await drawn;
        const s = screen();
        if (typeof what === 'string' ? s.includes(what) : what.test(s)) return s;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(what)}; the screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exit,
    // node-pty keeps the master in a socket: destroying it closes the descriptor (and nothing else).
    closeMaster: () => (pty as unknown as {_socket: {destroy(): void}})._socket.destroy(),
  };
  sessions.push(session);
  return session;
}

const aswapIn = (args: readonly string[], opts?: {cols?: number; rows?: number}): Session => start(process.execPath, [BIN, ...args], opts);
const shellIn = (script: string, opts?: {cols?: number; rows?: number}): Session => start('/bin/sh', ['-c', script], opts);
const q = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

describe('1: the terminal closes under the dashboard', () => {
  it.each([
    ['without a recording', false],
    ['with --record and --trace', true],
  ])('%s: exit 129, no Node assertion, the files whole', async (_what, record) => {
    const cast = tmp.file(`hup-${record}.cast`);
    const trace = tmp.file(`hup-${record}.jsonl`);
    const s = aswapIn(['--scenario', 'kill-burst', ...(record ? ['--record', cast, '--trace', trace] : [])]);
    await s.waitFor('Exiting tasks');
    s.closeMaster();
    const {code, signal} = await s.exit;
    // 134 was Node 20's ResetStdio() assertion (abort); 139 a crash after it.
    expect({code, signal}).toEqual({code: 129, signal: 0});
    if (record) {
      const c = parseAsciicast(readFileSync(cast, 'utf8'));
      expect(c.events.length).toBeGreaterThan(0);
      const t = parseTrace(readFileSync(trace, 'utf8'));
      expect(t.error).toBeNull();
      expect(t.snapshots.length).toBeGreaterThan(0);
    }
  });
});

/**
 * Can this machine mount a tmpfs in an unprivileged user namespace (`unshare -rm`)?
 * ASWAP_TEST_NO_TMPFS=1 takes the file-size-limit path of the disk-full tests where it could.
 */
const canMountTmpfs = process.env.ASWAP_TEST_NO_TMPFS === '1' ? false : ((): boolean => {
  const dir = tmp.file('probe');
  mkdirSync(dir);
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs ${q(dir)}`], {encoding: 'utf8'});
  return r.status === 0;
})();

describe('2: the disk fills up during --record', () => {
  /**
   * aswap recording onto a disk that fills within a few frames: a 64 KB tmpfs in its own mount
   * namespace, most of it taken already (ENOSPC), where the machine allows unprivileged mounts;
   * elsewhere a file-size limit of the same room (ulimit -f: EFBIG, Node ignores SIGXFSZ), which
   * takes the same path through the recorder. The recording is copied out when aswap ends.
   */
  const error = canMountTmpfs ? 'ENOSPC: no space left on device' : 'EFBIG: file too large';
  const onTinyDisk = (name: string): {session: Session; copy: string} => {
    const disk = tmp.file(`${name}-disk`);
    const copy = tmp.file(`${name}.cast`);
    mkdirSync(disk);
    const aswap = `${q(process.execPath)} ${q(BIN)} --scenario kill-burst --speed 4 --record ${q(`${disk}/live.cast`)}`;
    if (!canMountTmpfs) {
      // About 20 KB of room (ulimit -f counts 512-byte blocks in dash, 1 KB ones in bash); the
      // shell becomes aswap, and the file is where everyone sees it.
      return {session: start('sh', ['-c', `ulimit -f 40; exec ${aswap}`]), copy: `${disk}/live.cast`};
    }
    const script = [
      `mount -t tmpfs -o size=64k tmpfs ${q(disk)} || exit 99`,
      // Most of the disk is taken already: the recording fills the rest within a few frames.
      `head -c 45056 /dev/zero > ${q(`${disk}/other`)}`,
      aswap,
      'rc=$?',
      `cp ${q(`${disk}/live.cast`)} ${q(copy)}`,
      'exit $rc',
    ].join('; ');
    return {session: start('unshare', ['-rm', 'sh', '-c', script]), copy};
  };
  /** The aswap process: under the namespace's shell, or the shell itself once it exec'd aswap. */
  const aswapPid = (shellPid: number): number =>
    canMountTmpfs ? Number(execFileSync('pgrep', ['-P', String(shellPid)], {encoding: 'utf8'}).trim().split('\n')[0]) : shellPid;

  it('the dashboard goes on, says so in its header, and q ends with 2 and one line; the cast keeps whole lines', async () => {
    const {session: s, copy} = onTinyDisk('full-q');
    await s.waitFor('Exiting tasks');
    await s.waitFor(`recording stopped: ${error.split(':')[0]}`);
    // Still running: the simulated clock moves on after the recording stopped.
    const clock = (screen: string): string => /\bt (\d+:\d\d\.\d{3})/.exec(screen)?.[1] ?? '';
    const at = clock(s.screen());
    await s.waitFor(new RegExp(`\\bt (?!${at.replace('.', '\\.')})\\d+:\\d\\d\\.\\d{3}`));
    s.pty.write('q');
    const {code} = await s.exit;
    expect(code).toBe(2);
    expect(s.isAltScreen()).toBe(false);
    // The line is wider than the terminal: read it from the bytes, not the wrapped screen.
    expect(s.output()).toMatch(new RegExp(`aswap: cannot write the recording \\S+live\\.cast: ${error}; the file keeps every whole line written before\r\n`));
    const text = readFileSync(copy, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(parseAsciicast(text).events.length).toBeGreaterThan(0);
  });

  it('SIGTERM after the disk filled still restores the terminal (exit 143)', async () => {
    const {session: s, copy} = onTinyDisk('full-term');
    await s.waitFor(`recording stopped: ${error.split(':')[0]}`);
    process.kill(aswapPid(s.pty.pid), 'SIGTERM');
    const {code} = await s.exit;
    expect(code).toBe(143);
    expect(s.isAltScreen()).toBe(false);
    // The cursor is shown again after the last frame.
    expect(s.output().lastIndexOf('\x1b[?25h')).toBeGreaterThan(s.output().lastIndexOf('\x1b[?25l'));
    expect(parseAsciicast(readFileSync(copy, 'utf8')).events.length).toBeGreaterThan(0);
  });
});

describe('6: a terminal that reports no size', () => {
  it('lays out at 80×24, says so, and records a cast aswap reads back', async () => {
    const cast = tmp.file('nosize.cast');
    const s = shellIn(`stty rows 0 cols 0; exec ${q(process.execPath)} ${q(BIN)} --scenario kill-burst --duration 3 --record ${q(cast)}`);
    const {code} = await s.exit;
    expect(code).toBe(0);
    expect(s.screen()).toContain('aswap: the terminal reports no size (0×0): laying the dashboard out at 80×24');
    const c = parseAsciicast(readFileSync(cast, 'utf8'));
    expect(c.header).toMatchObject({width: 80, height: 24});
    expect(c.events.some(([, code, data]) => code === 'o' && data.includes('Exiting tasks'))).toBe(true);
  });
});

describe('10: stdin is not a terminal', () => {
  it('runs without keys and says so; Ctrl-C (SIGINT from the terminal) ends it with 130', async () => {
    const s = shellIn(`exec ${q(process.execPath)} ${q(BIN)} --scenario kill-burst < /dev/null`);
    await s.waitFor('Exiting tasks');
    await s.waitFor('no keys (stdin is not a terminal)');
    s.pty.write('\x03');
    const {code} = await s.exit;
    expect(code).toBe(130);
    expect(s.isAltScreen()).toBe(false);
    expect(s.screen()).toContain('aswap: stdin is not a terminal, so the dashboard takes no keys');
    expect(s.screen()).not.toContain('internal error');
  });
});

describe('5: a bad --trace path next to an existing recording (the dashboard)', () => {
  it('is one line and exit 2, the recording untouched, the terminal never switched', async () => {
    const cast = tmp.file('keep.cast');
    writeFileSync(cast, 'precious\n');
    const s = aswapIn(['--scenario', 'kill-burst', '--record', cast, '--trace', tmp.file('no/such/dir/t.jsonl')]);
    const {code} = await s.exit;
    expect(code).toBe(2);
    expect(s.screen().trim()).toBe(`aswap: cannot write the trace ${tmp.file('no/such/dir/t.jsonl')}: ENOENT: no such directory`);
    expect(s.output()).not.toContain('\x1b[?1049h');
    expect(readFileSync(cast, 'utf8')).toBe('precious\n');
  });
});
