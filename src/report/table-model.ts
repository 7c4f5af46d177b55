/**
 * A table as data (title lines, header, rows, section rows, notes), rendered either as aligned plain
 * text for a terminal or as a markdown table whose columns also line up in a plain-text mail.
 */
import type {MetricStat} from './aggregate.ts';
import type {Metric} from './metrics.ts';
import {fixed, int} from './format-number.ts';

export type Align = 'left' | 'right';

export type TableRow = {readonly cells: readonly string[]} | {readonly section: string};

export interface TableModel {
  readonly title: readonly string[];
  readonly header: readonly string[];
  readonly align: readonly Align[];
  readonly rows: readonly TableRow[];
  readonly notes: readonly string[];
}

const widthsOf = (t: TableModel, extra: (cell: string) => number = (c) => c.length): number[] =>
  t.header.map((h, i) => Math.max(extra(h), ...t.rows.map((r) => ('cells' in r ? extra(r.cells[i] ?? '') : 0))));

const pad = (cell: string, width: number, align: Align): string => (align === 'left' ? cell.padEnd(width) : cell.padStart(width));

/** Aligned plain text, two spaces between columns, trailing spaces trimmed. */
export function renderText(t: TableModel): string {
  const widths = widthsOf(t);
  const lines = [...t.title];
  const line = (cells: readonly string[]): string => cells.map((c, i) => pad(c, widths[i]!, t.align[i]!)).join('  ').trimEnd();
  lines.push(line(t.header));
  for (const r of t.rows) lines.push('cells' in r ? line(r.cells) : r.section);
  if (t.notes.length) lines.push('', ...t.notes);
  return lines.join('\n');
}

const escapeMd = (cell: string): string => cell.replace(/\|/g, '\\|');

/** A GitHub-flavoured markdown table, padded so it reads as a table in plain text too. */
export function renderMarkdown(t: TableModel): string {
  const widths = widthsOf(t, (c) => Math.max(3, escapeMd(c).length));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => pad(escapeMd(c), widths[i]!, t.align[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (t.align[i] === 'right' ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  const lines = t.title.map((l, i) => (i === 0 ? `**${l}**` : l));
  if (lines.length) lines.push('');
  lines.push(line(t.header), rule);
  for (const r of t.rows) lines.push('cells' in r ? line(r.cells) : line([`**${r.section}**`, ...t.header.slice(1).map(() => '')]));
  if (t.notes.length) lines.push('', ...t.notes.map((n) => `${n}  `.trimEnd()));
  return lines.join('\n');
}

/** A metric's value as a table shows it: its own decimals, thousands separators for whole counts. */
export function formatNumber(metric: Metric, v: number): string {
  if (metric.unit === 'count' && Number.isInteger(v)) return int(v);
  return metric.digits === 0 ? int(v) : fixed(v, metric.digits);
}

/** The cell of one metric: value, and `±sd` across seeds when there were several. */
export function formatStat(metric: Metric, s: MetricStat | undefined, seeds: number): string {
  if (!s || s.value === null) return 'n/a';
  const v = formatNumber(metric, s.value);
  return seeds > 1 && s.runs > 1 ? `${v} ±${fixed(s.sd ?? 0, metric.digits)}` : v;
}

/** Seeds as a short list: `1..5`, `1,3,7`, `1..3,9`. */
export function formatSeeds(seeds: readonly number[]): string {
  const sorted = [...new Set(seeds)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}..${sorted[j]}` : sorted.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}
