import type {MemorySnapshot, PsiSnapshot} from '../src/engine/snapshot.ts';
import type {LmkdSnapshot} from './extensions.ts';
import {fmtBytes, fmtCount, fmtShortBytes, shortApp} from './format.ts';
import type {PsiRate} from './history.ts';
import {NOT_AVAILABLE, panel, unavailable, type PanelSize} from './panel.ts';
import {fitOne, kv, paint, seg, type Chunk} from './text.ts';
import {freeLevel, LEVEL_MARKER, psiLevel, psiStall, worstLevel, type Level, type PsiStall, type Theme} from './theme.ts';

export const PRESSURE_TITLE = 'Memory pressure';

export interface PressureProps extends PanelSize {
  /** /proc/pressure/memory; null when unavailable. */
  readonly psi: PsiSnapshot | null;
  readonly memory: MemorySnapshot | null;
  /** PSI stall over the last second, from the dashboard's history; null: avg10 stands in. */
  readonly psiWindow: PsiRate | null;
  /** `some` stall ms in each of the last whole seconds, oldest first. */
  readonly psiSeconds: readonly (number | null)[];
  /** lmkd's state, when the world reports it. */
  readonly lmkd: LmkdSnapshot | null;
  /** The simulated clock, for "n s ago". */
  readonly nowNs: number;
}

/** `WARN` in the level's colour: the text marker keeps it readable without colour. */
export const marker = (level: Level, theme: Theme): Chunk => [seg(LEVEL_MARKER[level], {bold: true, color: theme.level(level), inverse: level === 'crit' && theme.color})];

/** What lmkd would call the pressure, next to its level. */
const PSI_WORDS: Readonly<Record<Level, string>> = {ok: '', warn: 'lmkd: medium', crit: 'lmkd: critical'};

/** Whether memory is tight, in one word and why: for the header and the panel's title. */
export function memoryVerdict(psi: PsiSnapshot | null, memory: MemorySnapshot | null, window: PsiRate | null): {level: Level; why: string} {
  const stall = psi ? psiStall(psi, window) : null;
  const p = stall ? psiLevel(stall) : 'ok';
  const f = memory ? freeLevel(memory) : 'ok';
  const level = worstLevel(p, f);
  const why: string[] = [];
  if (stall && p !== 'ok') why.push(`PSI some ${Math.round(stall.someMs)} ms/s`);
  if (memory && f === 'crit') why.push('free < min');
  else if (memory && f === 'warn') why.push('free < low');
  return {level, why: why.join(', ')};
}

/** Used memory as htop counts it: all but free memory and the page cache (zram's pool is used memory). */
export const usedBytes = (m: MemorySnapshot): number => Math.max(0, m.totalBytes - m.freeBytes - (m.fileBytes ?? 0));

/** htop's Mem meter: used, page cache and zram against total, as one bar. */
export function memBar(m: MemorySnapshot, width: number, theme: Theme): Chunk {
  const total = Math.max(1, m.totalBytes);
  const cache = m.fileBytes ?? 0;
  const used = Math.max(0, m.totalBytes - m.freeBytes - cache - m.zramBytes);
  const cellsOf = (bytes: number) => Math.round((Math.max(0, bytes) / total) * width);
  const u = Math.min(width, cellsOf(used));
  const c = Math.min(width - u, cellsOf(cache));
  const z = Math.min(width - u - c, cellsOf(m.zramBytes));
  return [
    seg('Mem[', {bold: true}),
    seg('█'.repeat(u), {color: theme.color ? 'green' : undefined}),
    seg('▓'.repeat(c), {color: theme.color ? 'yellow' : undefined}),
    seg('▒'.repeat(z), {color: theme.color ? 'magenta' : undefined}),
    seg('·'.repeat(width - u - c - z), {dim: true}),
    seg(` ${fmtShortBytes(usedBytes(m))}/${fmtShortBytes(m.totalBytes)}`, {bold: true}),
    seg(']', {bold: true}),
  ];
}

function memLegend(m: MemorySnapshot): Chunk[] {
  const cache = m.fileBytes;
  const chunks: Chunk[] = [];
  chunks.push(kv('█ anon+kernel', fmtShortBytes(Math.max(0, usedBytes(m) - m.zramBytes))));
  if (cache !== undefined) chunks.push(kv('▓ cache', fmtShortBytes(cache)));
  chunks.push(kv('▒ zram', fmtShortBytes(m.zramBytes)), kv('free', fmtShortBytes(m.freeBytes)));
  return chunks;
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

function freeChunks(m: MemorySnapshot, barWidth: number, theme: Theme): Chunk[] {
  const level = freeLevel(m);
  const where = m.freeBytes < m.minBytes ? '< min: direct reclaim' : m.freeBytes < m.lowBytes ? '< low: kswapd' : m.freeBytes < m.highBytes ? '< high' : '';
  return [
    [seg('free ', {dim: true}), seg(watermarkBar(m, barWidth), {color: theme.level(level)}), seg(` ${fmtBytes(m.freeBytes)} `, {bold: true}), ...marker(level, theme), ...(where ? [seg(` ${where}`, {color: theme.level(level)})] : [])],
    [seg('min ', {dim: true}), seg(fmtBytes(m.minBytes)), seg(' low ', {dim: true}), seg(fmtBytes(m.lowBytes)), seg(' high ', {dim: true}), seg(fmtBytes(m.highBytes))],
  ];
}

/** Sparkline of stall ms per second on a fixed scale: lmkd's 70 ms reads as a third of a cell's height. */
export function stallSpark(values: readonly (number | null)[]): string {
  const SPARKS = '▁▂▃▄▅▆▇█';
  const top = 210;
  // Seconds before the history began are not drawn at all.
  const known = values.findIndex((v) => v !== null);
  return (known < 0 ? [] : values.slice(known)).map((v) => (v === null ? ' ' : v <= 0 ? '·' : SPARKS[Math.min(7, Math.floor((v / top) * 8))]!)).join('');
}

function psiChunks(psi: PsiSnapshot, stall: PsiStall, seconds: readonly (number | null)[], theme: Theme): Chunk[] {
  const level = psiLevel(stall);
  const ms = (v: number) => `${Math.round(v)} ms/s`;
  const spark = stallSpark(seconds);
  const chunks: Chunk[] = [
    [
      seg('PSI some ', {dim: true}), seg(ms(stall.someMs), {bold: true, color: theme.level(psiLevel({someMs: stall.someMs, fullMs: 0}))}),
      ...(spark.length > 0 ? [seg(' '), seg(spark, {color: theme.level(level)})] : []),
      seg(' full ', {dim: true}), seg(ms(stall.fullMs), {bold: true, color: theme.level(psiLevel({someMs: 0, fullMs: stall.fullMs}))}),
      ...(stall.fromAvg10 ? [seg(' (avg10)', {dim: true})] : []),
      seg(' '), ...marker(level, theme), ...(PSI_WORDS[level] ? [seg(` ${PSI_WORDS[level]}`, {color: theme.level(level)})] : []),
    ],
  ];
  if (!stall.fromAvg10) chunks.push([seg('avg10 ', {dim: true}), seg(`${psi.some.avg10.toFixed(2)}/${psi.full.avg10.toFixed(2)}`), seg(' avg60 ', {dim: true}), seg(`${psi.some.avg60.toFixed(2)}/${psi.full.avg60.toFixed(2)}`)]);
  else chunks.push([seg('avg60 ', {dim: true}), seg(`${psi.some.avg60.toFixed(2)}/${psi.full.avg60.toFixed(2)}`)]);
  return chunks;
}

function zramChunks(m: MemorySnapshot): Chunk[] {
  const ratio = m.zramBytes > 0 ? ` ${(m.zramOrigBytes / m.zramBytes).toFixed(1)}:1` : '';
  const chunks: Chunk[] = [
    [seg('zram ', {dim: true}), seg(fmtBytes(m.zramBytes), {bold: true}), seg(` (${fmtBytes(m.zramOrigBytes)} orig${ratio})`, {dim: true})],
    kv('swap', `${fmtBytes(m.swapUsedBytes)} / ${fmtBytes(m.swapTotalBytes)}`),
  ];
  if (m.fileActiveBytes !== undefined && m.fileInactiveBytes !== undefined) chunks.push(kv('file active/inactive', `${fmtShortBytes(m.fileActiveBytes)}/${fmtShortBytes(m.fileInactiveBytes)}`));
  if (m.refaultsPerSec !== undefined) chunks.push([seg('refaults ', {dim: true}), seg(fmtCount(m.refaultsPerSec), {bold: true}), seg('/s', {dim: true})]);
  return chunks;
}

function lmkdChunks(l: LmkdSnapshot, nowNs: number): Chunk[] {
  const chunks: Chunk[] = [];
  if (l.lastKill) chunks.push([seg('lmkd last kill ', {dim: true}), seg(l.lastKill.reason, {bold: true}), seg(` ${shortApp(l.lastKill.comm)} ${(Math.max(0, nowNs - l.lastKill.atNs) / 1e9).toFixed(1)} s ago`, {dim: true})]);
  else chunks.push([seg('lmkd ', {dim: true}), seg('no kill yet', {dim: true})]);
  chunks.push(kv('thrashing', `${Math.round(l.thrashingPct)}%/${Math.round(l.thrashingLimitPct)}%`));
  if (l.waitingForPid !== null) chunks.push(kv('waiting for pid', String(l.waitingForPid)));
  return chunks;
}

/** Memory like htop's Mem meter, free memory against the watermarks, and PSI as lmkd sees it. */
export function pressureLines(p: PressureProps, theme: Theme): string[] {
  const {psi, memory: m, width} = p;
  if (psi === null && m === null) return panel(PRESSURE_TITLE, [], [unavailable(`PSI and free memory: ${NOT_AVAILABLE}`, width)], {width, rows: Math.min(p.rows, 2)}, theme);
  const stall = psi ? psiStall(psi, p.psiWindow) : null;
  const summary: Chunk[] = [];
  if (m) summary.push(kv('used', `${fmtShortBytes(usedBytes(m))}/${fmtShortBytes(m.totalBytes)}`));
  if (stall) summary.push([seg('PSI ', {dim: true}), ...marker(psiLevel(stall), theme)]);
  if (m) summary.push([seg('free ', {dim: true}), seg(fmtBytes(m.freeBytes), {bold: true}), seg(' '), ...marker(freeLevel(m), theme)]);
  // One logical line per fact, most telling first; narrow panels drop a line's lesser chunks.
  const logical: Chunk[][] = [];
  if (m) {
    const barWidth = Math.max(10, Math.min(40, width - 40));
    logical.push([memBar(m, barWidth, theme), ...memLegend(m)]);
    logical.push(freeChunks(m, Math.max(10, Math.min(24, width - 60)), theme));
  }
  if (psi && stall) logical.push(psiChunks(psi, stall, p.psiSeconds.slice(-Math.max(0, Math.min(p.psiSeconds.length, width - 64))), theme));
  else logical.push([[seg(`PSI: ${NOT_AVAILABLE}`, {dim: true})]]);
  if (m) logical.push(zramChunks(m));
  if (p.lmkd) logical.push(lmkdChunks(p.lmkd, p.nowNs));
  const body = logical.map((chunks) => paint(fitOne(chunks, width), width));
  return panel(PRESSURE_TITLE, summary, body, p, theme);
}


