import {afterEach, describe, expect, it} from 'vitest';
import {fileURLToPath} from 'node:url';
import {spawnPty, type PtySession} from './pty.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TITLES = ['Exiting tasks', 'Gather cache', 'Kworkers', 'Memory pressure', 'Event log'];

/** The simulated clock as the header shows it. */
const clock = (screen: string): string => /\bt (\d+:\d\d\.\d{3})/.exec(screen)?.[1] ?? '';

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('the dashboard in a real terminal', () => {
  it('mounts, takes keys, pauses, and restores the terminal on q', async () => {
    const s = (session = spawnPty(process.execPath, ['bin/aswap.js', '--seed', '1'], {cols: 120, rows: 40, cwd: ROOT}));
    const first = await s.waitFor('Exiting tasks', 20_000);
    expect(s.isAltScreen()).toBe(true);
    for (const title of TITLES) expect(first).toContain(title);

    // + doubles max_cache_entries; raised far enough, the list fills between flushes…
    s.press('+');
    await s.waitFor('max_cache_entries 64');
    for (const next of [128, 256, 512, 1024]) {
      s.press('+');
      await s.waitFor(`max_cache_entries ${next}`);
    }
    // …so that f has something to flush (an empty list is never flushed, as in the kernel).
    const manual = (screen: string) => Number(/manual (\d+)/.exec(screen)?.[1] ?? NaN);
    const before = manual(await s.waitFor(/cache_counts \S+ [1-9]\d*\/1024/, 20_000));
    // The frame on screen lags the simulation: the list may have been spliced by a worker just
    // before the key arrives (f then does nothing, as in the kernel). Press again until one lands.
    for (let tries = 0; ; tries++) {
      s.press('f');
      try {
        await s.waitFor((screen) => manual(screen) > before, 1_000);
        break;
      } catch (err) {
        if (tries >= 15) throw err;
      }
    }

    s.press('?');
    await s.waitFor('Keys (Esc, q or ? closes)');
    s.press('\x1b');
    await s.waitFor((screen) => !screen.includes('Keys (Esc') && screen.includes('Gather cache'));

    s.press(' ');
    const paused = await s.waitFor('PAUSED');
    // Two reads with frames in between: a paused clock does not move.
    await new Promise((r) => setTimeout(r, 500));
    expect(clock(s.screenText())).toBe(clock(paused));
    expect(clock(paused)).not.toBe('');

    s.press('q');
    expect(await s.exit).toBe(0);
    expect(s.isAltScreen()).toBe(false);
  });
});

describe('a kill wave in a real terminal', () => {
  it('lists the exiting tasks in a table whose spinners turn; m through the policies shows each one’s knobs and each workqueue once', async () => {
    const s = (session = spawnPty(process.execPath, ['bin/aswap.js', '--scenario', 'kill-burst', '--seed', '1'], {cols: 120, rows: 40, cwd: ROOT}));
    await s.waitFor('Exiting tasks', 20_000);
    // The table's heading, then a running task's spinner in more than one of its frames.
    const seen = new Set<string>();
    await s.waitFor((screen) => {
      for (const m of screen.matchAll(/^ ([◰◳◲◱]) \d+ {2}\S/gm)) seen.add(m[1]!);
      return screen.includes('oom_score_adj') && seen.size >= 2;
    }, 20_000);
    s.press(' ');
    await s.waitFor('PAUSED');
    for (const policy of ['tlb-gather-2024', 'zram-async-gc', 'zs-deferred']) {
      s.press('m');
      await s.waitFor(`policy ${policy} `);
    }
    const screen = await s.waitFor('--set zsPoolPages=');
    const lines = screen.split('\n');
    expect(lines[2]).toContain("sS +- [] wW: v0's knobs, n/a");
    const kworkers = lines.slice(lines.findIndex((l) => l.includes(' Kworkers ')), lines.findIndex((l) => l.includes(' Memory pressure ')));
    expect(kworkers.join('\n').match(/events_unbound/g)?.length ?? 0).toBeLessThanOrEqual(1);
    for (const l of kworkers) expect(l).not.toMatch(/…\s*$/);
    s.press('s');
    await s.waitFor('s S: zs-deferred does not read the MM_SWAPENTS threshold');
    s.press('q');
    expect(await s.exit).toBe(0);
  });
});
