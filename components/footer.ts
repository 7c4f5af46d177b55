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

/** `f flush`, or `c n/a` dimmed when the source cannot do it. */
function hintChunk(b: Binding, available: boolean, theme: Theme): Chunk {
  const label = shortLabelOf(b);
  return available ? [seg(label, {bold: true, color: theme.accent}), seg(` ${b.hint ?? ''}`)] : [seg(label, {dim: true}), seg(' n/a', {dim: true})];
}

/**
 * The status line first, then key hints from the keymap as far as the width goes; help and quit
 * always fit. The knobs' keys are in the header, next to the values they change.
 */
export function footerLine(p: FooterProps, theme: Theme): string {
  const hinted = KEYMAP.filter((b) => b.hint !== undefined);
  const ok = (b: Binding) => isAvailable(b, p.supports, p.compare);
  // Help and quit always; then what works here; then, if room is left, what does not (dimmed, n/a).
  const must = hinted.slice(-2).map((b) => hintChunk(b, true, theme));
  const chunks = [...hinted.slice(0, -2).filter(ok).map((b) => hintChunk(b, true, theme)), ...hinted.slice(0, -2).filter((b) => !ok(b)).map((b) => hintChunk(b, false, theme))];
  const head: Chunk[] = p.notice === null ? [] : [[seg(p.notice, {bold: true, color: theme.level('warn')})]];
  const reserved = [...head, ...must].reduce((w, c) => w + chunkWidth(c) + 2, 0);
  const rest = fitOne(chunks, p.width - reserved);
  return paint([...head, ...rest, ...must], p.width);
}
