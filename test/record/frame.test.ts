import {Terminal} from '@xterm/headless';
import {describe, expect, it} from 'vitest';
import {createFrameRecorder, repaintBytes, SCREEN_PRELUDE, stripAnsi, visibleWidth} from '../../src/record/frame.ts';

const COLS = 40;
const ROWS = 8;

async function play(chunks: readonly string[], cols = COLS, rows = ROWS): Promise<string[]> {
  const term = new Terminal({cols, rows, allowProposedApi: true});
  for (const chunk of chunks) await new Promise<void>((resolve) => term.write(chunk, resolve));
  const screen: string[] = [];
  // translateToString(true) keeps trailing blanks that carry a background colour: trim those too.
  for (let i = 0; i < rows; i++) screen.push(term.buffer.active.getLine(i)!.translateToString(true).trimEnd());
  term.dispose();
  return screen;
}

/** What the screen should show for a frame: its lines without escapes, padded with empty rows. */
function expected(frame: string, rows = ROWS): string[] {
  const lines = frame.split('\n').slice(0, rows).map((l) => stripAnsi(l).trimEnd());
  while (lines.length < rows) lines.push('');
  return lines;
}

const opts = {rows: ROWS, columns: COLS};

describe('repaintBytes', () => {
  it('ends on exactly the last frame, whatever was on screen before', async () => {
    const frames = [
      'aswap · camera · gather-oom\ncache_counts 17/32\n' + 'x'.repeat(COLS) + '\nkworker/u17:2+async_swap_free\nline 5\nline 6\nline 7\nline 8',
      '\x1b[1maswap\x1b[22m · \x1b[32mpaused\x1b[39m\n\x1b[41m red background \x1b[49m\nshort',
      'aswap\n' + '═'.repeat(COLS) + '\n\n  indented\nend',
    ];
    const chunks = ['garbage before \x1b[5;5Hstray\r\nmore\r\nstuff', SCREEN_PRELUDE, ...frames.map((f) => repaintBytes(f, opts))];
    expect(await play(chunks)).toEqual(expected(frames[2]!));
    for (const frame of frames) expect(await play([SCREEN_PRELUDE, repaintBytes(frames[0]!, opts), repaintBytes(frame, opts)])).toEqual(expected(frame));
  });

  it('keeps the last cell of full-width lines, on every row including the last', async () => {
    const full = Array.from({length: ROWS}, (_, i) => `${String(i)}`.padEnd(COLS - 1, '.') + 'Z').join('\n');
    const screen = await play([repaintBytes('old '.repeat(80), opts), repaintBytes(full, opts)]);
    expect(screen).toEqual(expected(full));
    expect(screen.every((l) => l.endsWith('Z'))).toBe(true);
  });

  it('never writes more than `rows` lines, so the screen does not scroll', async () => {
    const tall = Array.from({length: ROWS + 5}, (_, i) => `row ${i}`).join('\n');
    const bytes = repaintBytes(tall, opts);
    expect(bytes.split('\r\n')).toHaveLength(ROWS);
    expect(await play([repaintBytes('first', opts), bytes])).toEqual(expected(tall));
  });

  it('clips over-wide lines instead of wrapping', async () => {
    const wide = `${'w'.repeat(COLS + 10)}\nsecond`;
    const screen = await play([bytesFor(wide)]);
    expect(screen[1]).toBe('second');
    expect(screen[0]).toHaveLength(COLS);
  });

  it('uses CR LF between lines, EL after short lines, ED below', () => {
    expect(repaintBytes('a\nb', {rows: 4, columns: 10})).toBe('\x1b[?7l\x1b[Ha\x1b[0m\x1b[K\r\nb\x1b[0m\x1b[K\x1b[0m\r\n\x1b[J\x1b[?7h');
  });
});

function bytesFor(frame: string): string {
  return SCREEN_PRELUDE + repaintBytes(frame, opts);
}

describe('createFrameRecorder', () => {
  it('writes the prelude once and skips unchanged frames', async () => {
    const written: string[] = [];
    let text = 'one';
    const rec = createFrameRecorder({write: (d) => written.push(d)}, () => text, opts);
    expect(rec.frame()).toBe(true);
    expect(rec.frame()).toBe(false);
    text = 'two\nlines';
    expect(rec.frame()).toBe(true);
    rec.end();
    expect(written).toHaveLength(3);
    expect(written[0]!.startsWith(SCREEN_PRELUDE)).toBe(true);
    expect(written[1]!.includes(SCREEN_PRELUDE)).toBe(false);
    expect(await play(written)).toEqual(expected(text));
  });
});

describe('visibleWidth', () => {
  it('counts cells without escapes', () => {
    expect(visibleWidth('\x1b[31mabc\x1b[0m')).toBe(3);
    expect(visibleWidth('漢字')).toBe(4);
    expect(visibleWidth('e\u0301')).toBe(1);
    expect(visibleWidth('\x1b]8;;http://x\x07link\x1b]8;;\x07')).toBe(4);
  });
});
