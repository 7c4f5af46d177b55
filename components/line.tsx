import React from 'react';
import {Text} from 'ink';
import Spinner from 'ink-spinner';

/**
 * Lines of labelled values that pack themselves into the width they get. A panel lists its facts
 * as chunks in order of importance; `pack` fills lines greedily and the panel keeps as many lines
 * as its row budget allows, so narrow terminals lose the least important facts, never wrap.
 */

/** A run of text with one style. */
export interface Seg {
  readonly text: string;
  readonly color?: string | undefined;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
  /** Render an ink-spinner in place of the (one-cell) text. */
  readonly spin?: boolean;
}

/** Segments that belong together and never break across lines (`label value`). */
export type Chunk = readonly Seg[];

export const seg = (text: string, style: Omit<Seg, 'text'> = {}): Seg => ({text, ...style});

/** `label value`: kernel name dimmed, value bold (optionally coloured). */
export function kv(label: string, value: string, color?: string): Chunk {
  return [seg(`${label} `, {dim: true}), seg(value, {bold: true, color})];
}

export const chunkWidth = (chunk: Chunk): number => chunk.reduce((w, s) => w + s.text.length, 0);

/** Greedy line filling, in order. A chunk wider than the line gets a line of its own (truncated). */
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

interface LineProps {
  /** Chunks on this line, joined by `gap` spaces. */
  readonly chunks: readonly Chunk[];
  /** @default 2 */
  readonly gap?: number;
}

/** One terminal line; anything too wide is cut, never wrapped (a wrap would break the row budget). */
export function Line({chunks, gap = 2}: LineProps) {
  const sep = ' '.repeat(gap);
  return (
    <Text wrap="truncate">
      {chunks.map((chunk, i) => (
        <React.Fragment key={i}>
          {i > 0 ? sep : ''}
          {chunk.map((s, j) => (
            <Text key={j} color={s.color} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
              {s.spin ? <Spinner type="dots" /> : s.text}
            </Text>
          ))}
        </React.Fragment>
      ))}
    </Text>
  );
}

/** Packs chunks and renders at most `rows` lines. */
export function Packed({chunks, width, rows, gap = 2}: {readonly chunks: readonly Chunk[]; readonly width: number; readonly rows: number; readonly gap?: number}) {
  const lines = pack(chunks, width, gap).slice(0, Math.max(0, rows));
  return (
    <>
      {lines.map((line, i) => (
        <Line key={i} chunks={line} gap={gap} />
      ))}
    </>
  );
}
