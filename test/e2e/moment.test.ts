/**
 * The moment that matters, in a real terminal: the camera's phase in the header at 80×24 and
 * 120×40, slow motion around the kill wave (and `a` turning it off), `r` restarting with the
 * user's settings and `R` with the run's own, and options given before a subcommand. Waits are
 * for what the screen shows, never for a time.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {POLICY_NAMES} from '../../src/engine/params.ts';
import {spawnPty, type PtySession} from './pty.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WAIT = 40_000;

let session: PtySession | undefined;
afterEach(() => session?.kill());

const header = (screen: string): string[] => screen.split('\n').slice(0, 3);
/** The simulated clock in the header, in ms. */
const clockMs = (screen: string): number => {
  const m = /\bt (\d+):(\d\d)\.(\d{3})/.exec(screen);
  return m ? (Number(m[1]) * 60 + Number(m[2])) * 1000 + Number(m[3]) : NaN;
};

function dashboard(args: readonly string[], cols: number, rows: number): PtySession {
  session = spawnPty(process.execPath, ['bin/aswap.js', ...args], {cols, rows, cwd: ROOT});
  return session;
}

describe('the header shows the foreground app and its phase', () => {
  for (const [cols, rows] of [[80, 24], [120, 40]] as const) {
    it(`at ${cols}×${rows}: policy and device, the camera launching, then its first frame and preview, and whether memory is tight`, async () => {
      const s = dashboard(['--seed', '1'], cols, rows);
      await s.waitFor('Exiting tasks', WAIT);
      const idle = header(s.screenText());
      expect(idle[0]).toContain('policy gather-oom');
      expect(idle[0]).toContain('on phone');
      expect(idle[1]).toMatch(/memory (OK|WARN|CRIT)/);
      expect(idle[2]).toContain('MM_SWAPENTS ≥ 3200');
      const launching = header(await s.waitFor((screen) => header(screen)[1]!.includes('LAUNCHING'), WAIT));
      // An ink-spinner turns before LAUNCHING while the clock runs.
      expect(launching[1]).toMatch(/GoogleCamera [◰◳◲◱] +LAUNCHING( \d+\.\d s)?/);
      const preview = header(await s.waitFor((screen) => header(screen)[1]!.includes('preview'), WAIT));
      expect(preview[1]).toMatch(/GoogleCamera preview {2}first frame after \d+ ms/);
      for (const line of [...idle, ...launching, ...preview]) expect(line.length).toBeLessThanOrEqual(cols);
      s.press('q');
      expect(await s.exit).toBe(0);
    });
  }
});

describe('slow motion around a kill wave', () => {
  it('slows the clock while tasks exit, says so in the header, and a turns it off', async () => {
    const s = dashboard(['--seed', '1'], 120, 40);
    await s.waitFor('Exiting tasks', WAIT);
    const slow = await s.waitFor((screen) => header(screen)[0]!.includes('0.25× SLOW-MO'), WAIT);
    expect(header(slow)[1]).toContain('slow motion 0.25× while tasks exit · a: off');
    expect(slow).toMatch(/exiting_tasks [1-9]/);
    s.press('a');
    const off = await s.waitFor('a: slow motion off', WAIT);
    expect(header(off)[0]).not.toContain('SLOW-MO');
    expect(header(off)[0]).toContain(' 1× ');
    s.press('q');
    expect(await s.exit).toBe(0);
  });

  it('n runs on to the next camera launch or kill wave', async () => {
    const s = dashboard(['--seed', '1', '--speed', '0.1'], 120, 40);
    await s.waitFor('Exiting tasks', WAIT);
    s.press('n');
    // At 0.1× the camera (3 s in) is half a minute away: n brings it to the screen.
    await s.waitFor(/\d+\.\d{3} (launch|kill) /, WAIT);
    expect(clockMs(s.screenText())).toBeGreaterThanOrEqual(2900);
    s.press('q');
    expect(await s.exit).toBe(0);
  });
});

describe('restart', () => {
  it('r keeps the policy and the knobs the user set; R goes back to the run’s own', async () => {
    const s = dashboard(['--seed', '1'], 120, 40);
    await s.waitFor('Exiting tasks', WAIT);
    s.press('+');
    await s.waitFor('max_cache_entries 64', WAIT);
    s.press('S');
    await s.waitFor('MM_SWAPENTS ≥ 6400', WAIT);
    // `M` takes the policy of the registry before the run's own (gather-oom): one that reads v0's
    // knobs too, so the header keeps showing them.
    const next = POLICY_NAMES[(POLICY_NAMES.indexOf('gather-oom') - 1 + POLICY_NAMES.length) % POLICY_NAMES.length]!;
    s.press('M');
    await s.waitFor(`policy ${next} `, WAIT);
    // Some simulated time first, so that the restart is visible on the clock.
    await s.waitFor((screen) => clockMs(screen) >= 1500, WAIT);
    s.press('r');
    const restarted = await s.waitFor((screen) => screen.includes(`restart: seed 1, policy ${next}`) && clockMs(screen) < 1500, WAIT);
    expect(header(restarted)[0]).toContain(`policy ${next}`);
    expect(header(restarted)[2]).toContain('max_cache_entries 64');
    expect(header(restarted)[2]).toContain('MM_SWAPENTS ≥ 6400');
    s.press('R');
    const defaults = await s.waitFor((screen) => screen.includes("restart: seed 1, the run's own policy"), WAIT);
    expect(header(defaults)[0]).toContain('policy gather-oom');
    expect(header(defaults)[2]).toContain('max_cache_entries 32');
    expect(header(defaults)[2]).toContain('MM_SWAPENTS ≥ 3200');
    s.press('q');
    expect(await s.exit).toBe(0);
  });
});

describe('options before a subcommand, in a terminal', () => {
  it('reach it: the scenario, seed and size given before `snapshot` are the frame’s', async () => {
    const s = (session = spawnPty(process.execPath, ['bin/aswap.js', '--scenario', 'kill-burst', '--seed', '7', '--cols', '100', '--rows', '30', 'snapshot', '--at', '2'], {cols: 120, rows: 40, cwd: ROOT}));
    expect(await s.exit).toBe(0);
    const lines = s.screenText().split('\n').filter((l) => l.trim() !== '');
    expect(lines[0]).toContain('kill-burst');
    expect(lines[0]).toContain('seed 7');
    expect(lines[0]).toContain('t 0:02.000');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it('are an error when the subcommand has no such option, with the terminal left as it was', async () => {
    const s = (session = spawnPty(process.execPath, ['bin/aswap.js', '--speed', '2', 'run'], {cols: 120, rows: 40, cwd: ROOT}));
    expect(await s.exit).toBe(2);
    expect(s.screenText()).toContain("aswap: --speed does not apply to 'run'");
    expect(s.isAltScreen()).toBe(false);
  });
});

describe('htop habits and a replay’s header', () => {
  it('F1 opens the help, F10 quits', async () => {
    const s = dashboard(['--seed', '1'], 100, 30);
    await s.waitFor('Exiting tasks', WAIT);
    s.press('\x1bOP');
    await s.waitFor('Keys (Esc, q or ? closes)', WAIT);
    s.press('\x1b');
    await s.waitFor((screen) => !screen.includes('Keys (Esc') && screen.includes('Exiting tasks'), WAIT);
    s.press('\x1b[21~');
    expect(await s.exit).toBe(0);
    expect(s.isAltScreen()).toBe(false);
  });

  it('a cut-short trace keeps the scenario, its position and length, and its message, and ends as END', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aswap-e2e-'));
    try {
      const trace = join(dir, 't.jsonl');
      const rec = spawnPty(process.execPath, ['bin/aswap.js', 'record', join(dir, 'r.cast'), '--scenario', 'kill-burst', '--duration', '3', '--trace', trace], {cwd: ROOT});
      expect(await rec.exit).toBe(0);
      const text = readFileSync(trace, 'utf8');
      writeFileSync(trace, text.slice(0, text.length - 200));
      const s = dashboard(['replay', trace, '--speed', '4'], 80, 24);
      const first = header(await s.waitFor('Exiting tasks', WAIT));
      expect(first[0]).toMatch(/▶ \d+\.\d\/\d+\.\d s/);
      expect(first[0]).toContain('replay');
      expect(first[0]).toContain('kill-burst');
      expect(first[1]).toContain('trace cut short');
      const end = header(await s.waitFor((screen) => header(screen)[0]!.includes('END'), WAIT));
      expect(end[0]).toContain('kill-burst');
      expect(end[1]).toContain('trace cut short');
      expect(end[0]).not.toContain('playing');
      s.press('q');
      expect(await s.exit).toBe(0);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
