import type {LogEntry} from '../src/engine/snapshot.ts';
import {fmtSeconds} from './format.ts';
import {panel, unavailable, type PanelSize} from './panel.ts';
import {paintSegs, seg, type Chunk} from './text.ts';
import type {Theme} from './theme.ts';

export const EVENT_LOG_TITLE = 'Event log';

/** Wide enough for the longest kind, `alloc-fail`. */
const KIND_WIDTH = 10;

/** A log entry, with the side it comes from in compare mode (`A`, `B`, or `AB` when both logged it). */
export interface TaggedEntry extends LogEntry {
  readonly tag?: string;
}

/**
 * Where the log is scrolled to, like `less`: null follows the newest entry; otherwise the view
 * ends `back` entries before the entry with sequence number `anchorSeq` (the newest one when the
 * user started scrolling), so it holds still while new entries arrive.
 */
export interface LogScroll {
  readonly anchorSeq: number;
  readonly back: number;
}

export interface EventLogProps extends PanelSize {
  /** Oldest first: the dashboard's scrollback. */
  readonly entries: readonly TaggedEntry[];
  /** null: follow the newest entry. */
  readonly scroll: LogScroll | null;
}

/** The entries a scrolled view ends with (all of them when following). */
export function scrolledEntries<T extends LogEntry>(entries: readonly T[], scroll: LogScroll | null): readonly T[] {
  if (scroll === null) return entries;
  let end = entries.length;
  while (end > 0 && entries[end - 1]!.seq > scroll.anchorSeq) end--;
  return entries.slice(0, Math.max(Math.min(1, end), end - scroll.back));
}

/** Words of `text` in lines of at most `width` cells; a word longer than a line is split. */
export function wrapWords(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (w.length > width) {
      if (line !== '') {
        lines.push(line);
        line = '';
      }
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * An entry's wrapped lines, by entry: the scrollback keeps the same entry objects from frame to
 * frame, and a frame of a kill wave shows a screenful of them (a new layout or theme recomputes).
 */
const wrappedCache = new WeakMap<TaggedEntry, {readonly key: string; readonly lines: string[]}>();

/** One entry as display lines: time and kind, then the text wrapped under itself, nothing cut (or on one line, cut with `…`). */
function entryLines(e: TaggedEntry, width: number, tagWidth: number, theme: Theme, oneLine = false): string[] {
  if (oneLine) return paintEntry(e, width, tagWidth, theme, true);
  const key = `${width}|${tagWidth}|${theme.color}`;
  const cached = wrappedCache.get(e);
  if (cached?.key === key) return cached.lines;
  const lines = paintEntry(e, width, tagWidth, theme, false);
  wrappedCache.set(e, {key, lines});
  return lines;
}

function paintEntry(e: TaggedEntry, width: number, tagWidth: number, theme: Theme, oneLine: boolean): string[] {
  const tag = tagWidth > 0 ? `${(e.tag ?? '').padEnd(tagWidth)} ` : '';
  const head: Chunk = [
    ...(tag ? [seg(tag, {bold: true, color: theme.accent})] : []),
    seg(`${fmtSeconds(e.tNs).padStart(7)} `, {dim: true}),
    seg(e.kind.padEnd(KIND_WIDTH), {color: theme.log(e.kind), bold: e.kind === 'oom' || e.kind === 'alloc-fail'}),
    seg(' '),
  ];
  if (oneLine) return [paintSegs([...head, seg(e.text)], width)];
  const indent = tag.length + 8 + KIND_WIDTH + 1;
  const wrapped = wrapWords(e.text, Math.max(10, width - indent));
  return wrapped.map((text, i) => paintSegs(i === 0 ? [...head, seg(text)] : [seg(' '.repeat(indent)), seg(text)], width));
}

/**
 * The display lines of the newest entries that fit in `rows`. An older entry too long for the
 * rows left shows its first line, cut with `…` (a tail of it would read as nonsense).
 */
function tail(entries: readonly TaggedEntry[], rows: number, width: number, tagWidth: number, theme: Theme): string[] {
  const out: string[][] = [];
  let count = 0;
  for (let i = entries.length - 1; i >= 0 && count < rows; i--) {
    const e = entries[i]!;
    const lines = entryLines(e, width, tagWidth, theme);
    if (count + lines.length > rows) {
      out.push(count === 0 ? lines.slice(0, rows) : entryLines(e, width, tagWidth, theme, true));
      break;
    }
    out.push(lines);
    count += lines.length;
  }
  return out.reverse().flat();
}

/**
 * Kills, exits, flushes, OOM-path flushes, allocation failures and parameter changes, newest at
 * the bottom like a tail; long entries wrap instead of being cut. Scrolled back, it holds still.
 */
export function eventLogLines(p: EventLogProps, theme: Theme): string[] {
  const {width, rows} = p;
  const view = Math.max(0, rows - 1);
  const entries = scrolledEntries(p.entries, p.scroll);
  // A loop, not a spread: the scrollback can hold thousands of entries.
  let tagWidth = 0;
  for (const e of p.entries) if (e.tag !== undefined && e.tag.length > tagWidth) tagWidth = e.tag.length;
  const shown = tail(entries, view, width, tagWidth, theme);
  const newer = p.entries.length - entries.length;
  const summary: Chunk[] =
    p.scroll !== null
      ? [[seg(`scrolled back: ${newer} newer`, {bold: true, color: theme.level('warn')}), seg(' · End follows', {dim: true})]]
      : [[seg('newest last · ↑ PgUp scroll back', {dim: true})]];
  if (p.entries.length === 0) return panel(EVENT_LOG_TITLE, summary, rows > 1 ? [unavailable('no events yet', width)] : [], p, theme);
  return panel(EVENT_LOG_TITLE, summary, shown, p, theme);
}
