import React, {memo} from 'react';
import type {MemorySnapshot, PsiLine, PsiSnapshot} from '../src/engine/snapshot.ts';
import {fmtBytes} from './format.ts';
import {kv, Packed, seg, fitOne, type Chunk} from './line.tsx';
import {NOT_AVAILABLE, Panel, titleRoom, Unavailable} from './panel.tsx';
import {sameProps} from './same.ts';
import {freeLevel, LEVEL_MARKER, levelOf, psiLevel, THRESHOLDS, useTheme, type Level, type Theme} from './theme.ts';

export const PRESSURE_TITLE = 'Memory pressure';

interface PressureProps {
  /** /proc/pressure/memory; null when unavailable. */
  readonly psi: PsiSnapshot | null;
  readonly memory: MemorySnapshot | null;
  /** Columns the panel may use. */
  readonly width: number;
  /** Rows the panel may use, title included. */
  readonly rows: number;
}

/** `WARN` in the level's colour: the text marker keeps it readable without colour. */
export const marker = (level: Level, theme: Theme): Chunk => [seg(LEVEL_MARKER[level], {bold: true, color: theme.level(level), inverse: level === 'crit' && theme.color})];

function psiChunk(name: 'some' | 'full', line: PsiLine, theme: Theme): Chunk {
  const level = levelOf(line.avg10, name === 'some' ? THRESHOLDS.psiSomeAvg10 : THRESHOLDS.psiFullAvg10);
  return [
    seg(`${name} `, {bold: true}),
    seg('avg10 ', {dim: true}), seg(line.avg10.toFixed(2).padStart(5), {bold: true, color: theme.level(level)}),
    seg(' avg60 ', {dim: true}), seg(line.avg60.toFixed(2).padStart(5)),
    seg(' avg300 ', {dim: true}), seg(line.avg300.toFixed(2).padStart(5)),
    seg(' '), ...marker(level, theme),
  ];
}

/**
 * Free memory on a scale of twice the high watermark, the watermarks drawn as `│` on it: below
 * `low` kswapd runs, below `min` allocations stall in direct reclaim.
 */
export function watermarkBar(m: MemorySnapshot, width: number): string {
  const top = Math.max(1, m.highBytes * 2);
  const cell = (bytes: number) => Math.min(width - 1, Math.floor((bytes / top) * width));
  const full = Math.min(width, Math.round((Math.min(m.freeBytes, top) / top) * width));
  const cells: string[] = Array.from({length: width}, (_, i) => (i < full ? '█' : '░'));
  for (const w of [m.minBytes, m.lowBytes, m.highBytes]) cells[cell(w)] = '│';
  return cells.join('');
}

function memoryChunks(m: MemorySnapshot, theme: Theme): Chunk[] {
  const level = freeLevel(m);
  const ratio = m.zramBytes > 0 ? ` ${(m.zramOrigBytes / m.zramBytes).toFixed(1)}:1` : '';
  return [
    [
      seg('free ', {dim: true}), seg(watermarkBar(m, 16), {color: theme.level(level)}),
      seg(` ${fmtBytes(m.freeBytes)}`, {bold: true}), seg(' ('),
      seg('min ', {dim: true}), seg(fmtBytes(m.minBytes)), seg(' low ', {dim: true}), seg(fmtBytes(m.lowBytes)),
      seg(' high ', {dim: true}), seg(fmtBytes(m.highBytes)), seg(') '), ...marker(level, theme),
    ],
    [seg('zram ', {dim: true}), seg(fmtBytes(m.zramBytes), {bold: true}), seg(` (${fmtBytes(m.zramOrigBytes)} orig${ratio})`, {dim: true})],
    kv('swap', `${fmtBytes(m.swapUsedBytes)} / ${fmtBytes(m.swapTotalBytes)}`),
  ];
}

/** PSI memory some/full and free memory against the zone watermarks, with atop-like levels. */
function PressureView({psi, memory, width, rows}: PressureProps) {
  const theme = useTheme();
  if (psi === null && memory === null) {
    return (
      <Panel title={PRESSURE_TITLE} width={width} rows={Math.min(rows, 2)}>
        <Unavailable text={`PSI and free memory: ${NOT_AVAILABLE}`} />
      </Panel>
    );
  }
  const summary: Chunk[] = [];
  if (psi !== null) summary.push([seg('PSI ', {dim: true}), ...marker(psiLevel(psi), theme)]);
  if (memory !== null) summary.push([seg('free ', {dim: true}), seg(fmtBytes(memory.freeBytes), {bold: true}), seg(' '), ...marker(freeLevel(memory), theme)]);
  const chunks: Chunk[] = [];
  if (psi !== null) chunks.push(psiChunk('some', psi.some, theme), psiChunk('full', psi.full, theme));
  else chunks.push([seg(`PSI: ${NOT_AVAILABLE}`, {dim: true})]);
  if (memory !== null) chunks.push(...memoryChunks(memory, theme));
  else chunks.push([seg(`memory: ${NOT_AVAILABLE}`, {dim: true})]);
  return (
    <Panel title={PRESSURE_TITLE} summary={fitOne(summary, titleRoom(PRESSURE_TITLE, width))} width={width} rows={rows}>
      {rows > 1 ? <Packed chunks={chunks} width={width} rows={rows - 1} gap={3} /> : null}
    </Panel>
  );
}

export const Pressure = memo(PressureView, sameProps);
