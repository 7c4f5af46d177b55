/**
 * The live dashboard's --record and --trace in a real terminal: keys become markers, a SIGTERM
 * still leaves the terminal restored and both files readable, and the trace replays.
 */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {parseAsciicast} from '../../src/record/asciicast.ts';
import {readTrace} from '../../src/record/trace.ts';
import {clock, play, screenLines} from '../cli/helpers.ts';
import {tempDir} from '../record/helpers.ts';
import {spawnPty, type PtySession} from './pty.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TITLES = ['Exiting tasks', 'Gather cache', 'Kworkers', 'Memory pressure', 'Event log'];
const LEAVE_ALT = '\x1b[?1049l';

const tmp = tempDir();

/** Polls `check` until it holds; rejects after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
let session: PtySession | undefined;
afterEach(() => session?.kill());
afterAll(() => tmp.cleanup());

describe('the dashboard with --record and --trace', () => {
  it('records keys as markers, survives SIGTERM with both files readable, and the trace replays', async () => {
    const cast = tmp.file('R.cast');
    const trace = tmp.file('T.jsonl');
    const pidFile = tmp.file('pid');
    // `exec` keeps the shell's pid: the test learns the dashboard's pid to signal it.
    const script = `echo $$ > '${pidFile}' && exec '${process.execPath}' bin/aswap.js --scenario kill-burst --record '${cast}' --trace '${trace}'`;
    const s = (session = spawnPty('/bin/sh', ['-c', script], {cols: 120, rows: 40, cwd: ROOT}));
    await s.waitFor('Exiting tasks', 20_000);
    expect(s.isAltScreen()).toBe(true);
    // Once kills have happened, so that the recording holds some of the burst.
    await s.waitFor(/killed [1-9]/, 20_000);
    // f flushes only a non-empty list, so it may show nothing on screen: its marker, written as the
    // key is handled, says it arrived. (One key per read: see the report on keys read together.)
    s.press('f');
    await until(() => readFileSync(cast, 'utf8').includes('"m","key f"]'));
    // Paused, the screen holds the last frame, which is also the trace's last line.
    s.press(' ');
    await s.waitFor('PAUSED');

    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
    expect(await s.exit).toBe(143);
    expect(s.isAltScreen()).toBe(false);

    // The recording: asciicast v2 at the terminal's size, the key as a marker.
    const {header, events} = parseAsciicast(readFileSync(cast, 'utf8'));
    expect(header).toMatchObject({version: 2, width: 120, height: 40});
    expect(header.title).toContain('kill-burst');
    const markers = events.filter(([, code]) => code === 'm').map(([, , label]) => label);
    expect(markers).toContain('key f');
    expect(markers.indexOf('key f')).toBeLessThan(markers.indexOf('key space'));
    // It leaves the alternate screen at the end, as the terminal did; just before, the dashboard.
    const output = events.filter(([, code]) => code === 'o');
    const leave = output.findIndex(([, , data]) => data.includes(LEAVE_ALT));
    expect(leave).toBe(output.length - 1);
    const term = await play(output.slice(0, leave), 120, 40);
    expect(term.buffer.active.type).toBe('alternate');
    const last = screenLines(term).join('\n');
    for (const title of TITLES) expect(last).toContain(title);
    expect(last).toContain('kill-burst');
    const after = await play(output, 120, 40);
    expect(after.buffer.active.type).toBe('normal');

    // The trace: every line written whole, even with the SIGTERM.
    const t = readTrace(trace);
    expect(t.error === null || /^trace cut short/.test(t.error)).toBe(true);
    expect(t.header).toMatchObject({type: 'header', scenario: 'kill-burst', policy: 'gather-oom', seed: 1, device: 'phone'});
    expect(t.snapshots.length).toBeGreaterThanOrEqual(1);
    expect(t.snapshots.every((snap) => snap.source === 'sim' && snap.scenario === 'kill-burst')).toBe(true);
    // The dashboard was paused at the end: the last frame on screen is the last line of the trace.
    const lastSnapshot = t.snapshots[t.snapshots.length - 1]!;
    expect(lastSnapshot.exits.kills).toBeGreaterThan(0);
    expect(last.split('\n')[0]).toContain(`t ${clock(lastSnapshot.nowNs)}`);
    expect(last).toContain(`killed ${lastSnapshot.exits.kills}`);

    // The trace replays in the dashboard; q quits with 0 and restores the terminal.
    const r = (session = spawnPty(process.execPath, ['bin/aswap.js', 'replay', trace], {cols: 120, rows: 40, cwd: ROOT}));
    const replayed = await r.waitFor((screen) => screen.includes('replay') && screen.includes('Exiting tasks'), 20_000);
    expect(replayed.split('\n')[0]).toContain('kill-burst');
    expect(replayed.split('\n')[0]).toContain('replay');
    expect(r.isAltScreen()).toBe(true);
    r.press('q');
    expect(await r.exit).toBe(0);
    expect(r.isAltScreen()).toBe(false);
  });
});
