import type {CommandType} from '../src/sources/source.ts';
import {isAvailable, KEYMAP} from './keymap.ts';
import {paintSegs, seg} from './text.ts';
import {LEVEL_MARKER, THRESHOLDS, type Theme} from './theme.ts';

export const HELP_TITLE = 'Keys';

export interface HelpOverlayProps {
  /** What the source understands; the other keys show as n/a. */
  readonly supports: ReadonlySet<CommandType>;
  /** Compare mode (some keys are n/a there). */
  readonly compare: boolean;
  /** Source kind, named next to unavailable keys. */
  readonly kind: string;
  /** Columns of the overlay. */
  readonly width: number;
  /** Rows of the overlay. */
  readonly rows: number;
}

const LABEL_WIDTH = 12;

/** What the levels mean: the thresholds from theme.ts. */
const LEGEND = [
  `${LEVEL_MARKER.ok} / ${LEVEL_MARKER.warn} / ${LEVEL_MARKER.crit}: PSI stall per second ≥ ${THRESHOLDS.psiMsPerS.warn} ms (lmkd medium) / ≥ ${THRESHOLDS.psiMsPerS.crit} ms (lmkd critical);`,
  `free memory < low watermark (kswapd) / < min (direct reclaim); node CPU ≥ ${THRESHOLDS.nodeCpuBusyPct.warn}% / ≥ ${THRESHOLDS.nodeCpuBusyPct.crit}%`,
];

/** The keymap, one line per binding; keys this source cannot serve are dimmed and marked n/a. */
export function helpLines(p: HelpOverlayProps, theme: Theme): string[] {
  const {width, rows} = p;
  const lines = [paintSegs([seg(` ${HELP_TITLE} (Esc, q or ? closes) `, {bold: true, inverse: true, color: theme.title})], width)];
  for (const b of KEYMAP) {
    const ok = isAvailable(b, p.supports, p.compare);
    const why = ok ? '' : p.compare && b.notInCompare ? '  (n/a in compare mode)' : `  (n/a: ${p.kind})`;
    const label = b.label.length < LABEL_WIDTH ? b.label.padEnd(LABEL_WIDTH) : `${b.label} `;
    lines.push(paintSegs([seg(label, {bold: ok, color: ok ? theme.accent : undefined, dim: !ok}), seg(b.help, {dim: !ok}), seg(why, {dim: true})], width));
  }
  if (rows >= lines.length + 1 + LEGEND.length) lines.push('', ...LEGEND.map((l) => paintSegs([seg(l, {dim: true})], width)));
  return lines.slice(0, rows);
}
