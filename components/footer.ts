import type {CommandType} from '../src/sources/source.ts';
import {isAvailable, KEYMAP, shortLabelOf, type Binding} from './keymap.ts';
import {chunkWidth, fitOne, paint, seg, type Chunk} from './text.ts';
import type {Theme} from './theme.ts';

export interface FooterProps {
  /** What the source understands; the other keys show as n/a. */
  readonly supports: ReadonlySet<CommandType>;
  /** Compare mode (some keys are n/a there). */
  readonly compare: boolean;
  /** The status line: what the last key did, or why it did nothing. */
  readonly notice: string | null;
  /** Columns of the line. */
  readonly width: number;
}

/** `f flush`: the key as the footer prints it, and what it does. */
const hintChunk = (b: Binding, theme: Theme): Chunk => [seg(shortLabelOf(b), {bold: true, color: theme.accent}), seg(` ${b.hint ?? ''}`)];

/**
 * The status line first, then the hints of the keys that work here as far as the width goes;
 * help and quit always fit. The knobs' keys are in the header, next to the values they change;
 * keys this source cannot serve are one dimmed remark (the help lists them, marked n/a).
 */
export function footerLine(p: FooterProps, theme: Theme): string {
  const hinted = KEYMAP.filter((b) => b.hint !== undefined);
  const must = hinted.slice(-2).map((b) => hintChunk(b, theme));
  const available = hinted.slice(0, -2).filter((b) => isAvailable(b, p.supports, p.compare));
  const missing = hinted.length - 2 - available.length;
  const chunks = available.map((b) => hintChunk(b, theme));
  if (missing > 0) chunks.push([seg(available.length === 0 ? 'keys n/a here (read-only)' : `${missing} keys n/a here`, {dim: true})]);
  const head: Chunk[] = p.notice === null ? [] : [[seg(p.notice, {bold: true, color: theme.level('warn')})]];
  const reserved = [...head, ...must].reduce((w, c) => w + chunkWidth(c) + 2, 0);
  const rest = fitOne(chunks, p.width - reserved);
  return paint([...head, ...rest, ...must], p.width);
}
