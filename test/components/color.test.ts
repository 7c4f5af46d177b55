import {describe, expect, it} from 'vitest';
import {colorFromEnv} from '../../components/theme.ts';
import {screenText} from '../../src/report/screen-text.tsx';
import type {Snapshot} from '../../src/engine/snapshot.ts';
import type {CommandType} from '../../src/sources/source.ts';
import {busySnapshot, syncSnapshot} from '../fixtures/snapshots.ts';
import {strip} from './render.tsx';

/** SGR foreground/background colours (30–37, 38;…, 39, 40–47, 48;…, 49, 90–97, 100–107), alone or after other codes. */
// eslint-disable-next-line no-control-regex
const COLOUR = /\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

const SUPPORTS: ReadonlySet<CommandType> = new Set(['flush', 'set-param', 'pause', 'resume']);

function screen(color: boolean, snapshot: Snapshot = busySnapshot, notice: string | null = null): string {
  return screenText(snapshot, {status: {paused: false, speed: 1, note: null}, supports: SUPPORTS, kind: 'sim', cols: 120, rows: 40, color, notice});
}

describe('colour', () => {
  it('uses colours when allowed', () => {
    expect(screen(true)).toMatch(COLOUR);
  });

  it('uses none under NO_COLOR, and the level markers still read', () => {
    const raw = screen(false, syncSnapshot, 'a notice');
    expect(raw).not.toMatch(COLOUR);
    expect(strip(raw)).toContain('PSI WARN');
    expect(strip(raw)).toContain('free 84 MB CRIT');
    expect(strip(raw)).toContain('a notice');
  });

  it('follows the NO_COLOR convention: set and non-empty', () => {
    expect(colorFromEnv({})).toBe(true);
    expect(colorFromEnv({NO_COLOR: ''})).toBe(true);
    expect(colorFromEnv({NO_COLOR: '1'})).toBe(false);
  });
});
