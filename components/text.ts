/**
 * Styled text without React: panels describe a line as chunks of styled segments, and `paint` turns
 * them into one string with SGR escapes, cut to the width it gets. A screen row is then one Ink
 * `<Text>` whatever it shows, which keeps the Ink tree flat and each frame cheap (Ink re-tokenizes
 * every styled span of every frame: one span per run of equal style, not one per value).
 *
 * Widths are counted in UTF-16 code units: every glyph the panels draw (box drawing, blocks,
 * arrows, `…`, `≥`, `−`, the spinner marker SPIN) is one terminal cell; app names are ASCII.
 */

/** A run of text with one style. */
export interface Seg {
  readonly text: string;
  readonly color?: string | undefined;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

/** Segments that belong together and never break across lines (`label value`). */
export type Chunk = readonly Seg[];

export const seg = (text: string, style: Omit<Seg, 'text'> = {}): Seg => ({text, ...style});

/** `label value`: kernel name dimmed, value bold (optionally coloured). */
export function kv(label: string, value: string, color?: string): Chunk {
  return [seg(`${label} `, {dim: true}), seg(value, {bold: true, color})];
}

export const chunkWidth = (chunk: Chunk): number => chunk.reduce((w, s) => w + s.text.length, 0);

/** Greedy line filling, in order. A chunk wider than the line gets a line of its own (cut by paint). */
export function pack(chunks: readonly Chunk[], width: number, gap = 2): Chunk[][] {
  const lines: Chunk[][] = [];
  let current: Chunk[] = [];
  let used = 0;
  for (const chunk of chunks) {
    const w = chunkWidth(chunk);
    if (current.length > 0 && used + gap + w > width) {
      lines.push(current);
      current = [];
      used = 0;
    }
    used += (current.length > 0 ? gap : 0) + w;
    current.push(chunk);
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

/** Only the chunks that fit on one line, skipping those that do not (a header's tunables). */
export function fitOne(chunks: readonly Chunk[], width: number, gap = 2): Chunk[] {
  const out: Chunk[] = [];
  let used = 0;
  for (const chunk of chunks) {
    const w = chunkWidth(chunk) + (out.length > 0 ? gap : 0);
    if (used + w <= width) {
      out.push(chunk);
      used += w;
    }
  }
  return out;
}

/** SGR foreground colours by the names the theme uses. */
const FG: Readonly<Record<string, number>> = {black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37, gray: 90, grey: 90};

function openCodes(s: Seg): string {
  let codes = '';
  if (s.bold) codes += ';1';
  if (s.dim) codes += ';2';
  if (s.inverse) codes += ';7';
  const fg = s.color === undefined ? undefined : FG[s.color];
  if (fg !== undefined) codes += `;${fg}`;
  return codes === '' ? '' : `\x1b[${codes.slice(1)}m`;
}

/**
 * Segments as one string, at most `width` cells: styled runs open their SGR and reset after
 * themselves, adjacent runs of the same style merge, and a cut is marked with `…`.
 */
export function paintSegs(segs: readonly Seg[], width: number): string {
  let out = '';
  let used = 0;
  let runOpen = '';
  let runText = '';
  const flush = () => {
    if (runText === '') return;
    out += runOpen === '' ? runText : `${runOpen}${runText}\x1b[0m`;
    runText = '';
  };
  for (const s of segs) {
    if (used >= width) break;
    let text = s.text;
    if (text === '') continue;
    if (used + text.length > width) text = width - used === 1 ? '…' : `${text.slice(0, width - used - 1)}…`;
    const open = openCodes(s);
    if (open !== runOpen) {
      flush();
      runOpen = open;
    }
    runText += text;
    used += text.length;
  }
  flush();
  return out;
}

/** Chunks joined by `gap` spaces, as one string of at most `width` cells. */
export function paint(chunks: readonly Chunk[], width: number, gap = 2): string {
  const sep = seg(' '.repeat(gap));
  const segs: Seg[] = [];
  chunks.forEach((c, i) => {
    if (i > 0) segs.push(sep);
    segs.push(...c);
  });
  return paintSegs(segs, width);
}

/** One plain (or uniformly styled) line cut to `width`. */
export const paintText = (text: string, width: number, style: Omit<Seg, 'text'> = {}): string => paintSegs([seg(text, style)], width);

// eslint-disable-next-line no-control-regex -- matching SGR escapes is the point
const SGR = /\x1b\[[0-9;]*m/g;

/** A painted line without its escapes: what the terminal shows. */
export const plain = (line: string): string => line.replace(SGR, '');

/** Cells a painted line takes. */
export const cells = (line: string): number => plain(line).length;

/** A painted line padded with spaces to exactly `width` cells (it must not be wider). */
export function padLine(line: string, width: number): string {
  const w = cells(line);
  return w >= width ? line : line + ' '.repeat(width - w);
}

/**
 * Where a spinner goes: a private-use character, one cell, that the screen renders as ink-spinner's
 * `<Spinner>` (see rows.tsx). Panels stay pure functions of the snapshot: the spinner turns by its
 * own timer, in its own tiny component, without a new frame of the panel's text.
 */
export const SPIN = '\uE000';

/** A spinner while the clock runs, a still dot while it is stopped (a paused screen does not move). */
export const spin = (animate: boolean): string => (animate ? SPIN : '●');
