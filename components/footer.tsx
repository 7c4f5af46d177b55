import React, {memo} from 'react';
import {Box} from 'ink';
import type {CommandType} from '../src/sources/source.ts';
import {isAvailable, KEYMAP, type Binding} from './keymap.ts';
import {chunkWidth, fitOne, Line, seg, type Chunk} from './line.tsx';
import {sameProps} from './same.ts';
import {useTheme, type Theme} from './theme.ts';

interface FooterProps {
  /** What the source understands; the other keys show as n/a. */
  readonly supports: ReadonlySet<CommandType>;
  /** Compare mode (some keys are n/a there). */
  readonly compare: boolean;
  /** Why the last key did nothing, shown first. */
  readonly notice: string | null;
  /** Columns of the line. */
  readonly width: number;
}

/** `f flush`, or `c n/a` dimmed when the source cannot do it. */
function hintChunk(b: Binding, available: boolean, theme: Theme): Chunk {
  const label = b.footerLabel ?? b.label.replace(' ', '');
  return available
    ? [seg(label, {bold: true, color: theme.accent}), seg(` ${b.hint ?? ''}`)]
    : [seg(label, {dim: true}), seg(' n/a', {dim: true})];
}

/** Key hints from the keymap; help and quit always fit, the others as far as the width goes. */
function FooterView({supports, compare, notice, width}: FooterProps) {
  const theme = useTheme();
  const hinted = KEYMAP.filter((b) => b.hint !== undefined);
  const chunks = hinted.map((b) => hintChunk(b, isAvailable(b, supports, compare), theme));
  const must = chunks.slice(-2);
  const head: Chunk[] = notice === null ? [] : [[seg(notice, {bold: true, color: theme.level('warn')})]];
  const reserved = [...head, ...must].reduce((w, c) => w + chunkWidth(c) + 2, 0);
  const rest = fitOne(chunks.slice(0, -2), width - reserved);
  return (
    <Box width={width} height={1} overflow="hidden">
      <Line chunks={[...head, ...rest, ...must]} />
    </Box>
  );
}

export const Footer = memo(FooterView, sameProps);
