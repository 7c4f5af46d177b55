/**
 * `aswap compare`'s table: one column per policy (in the order asked) and a Δ column against the
 * first policy after each of the others; one row per metric that any policy has, grouped; n (the
 * exits behind the percentiles) stated, and, over several seeds, the spread across seeds.
 */
import {overlaps, type Group, type MetricStat} from './aggregate.ts';
import type {Metric} from './metrics.ts';
import {formatNumber, formatSeeds, formatStat, type Align, type TableModel, type TableRow} from './table-model.ts';
import {inTermsOf, termsOf} from '../workload/terms.ts';

export interface CompareContext {
  readonly scenario: string;
  readonly device: string;
  readonly simSeconds: number;
  readonly seeds: readonly number[];
  /** The scenario's workload kind: labels use its words (a munmap is not a kill). */
  readonly workload?: string;
}

/** The change from `base` to `s`: relative when the base is not 0; `~` when the seeds' ranges overlap. */
export function formatDelta(metric: Metric, base: MetricStat | undefined, s: MetricStat | undefined, seeds: number): string {
  if (!base || !s || base.value === null || s.value === null) return '';
  const d = s.value - base.value;
  let text: string;
  if (d === 0) text = '0';
  else if (base.value !== 0) {
    const rel = (100 * d) / Math.abs(base.value);
    text = Math.abs(rel) < 0.05 ? '0%' : `${rel > 0 ? '+' : '-'}${Math.abs(rel) >= 10 ? Math.abs(rel).toFixed(0) : Math.abs(rel).toFixed(1)}%`;
  } else text = `${d > 0 ? '+' : '-'}${formatNumber(metric, Math.abs(d))}`;
  return seeds > 1 && d !== 0 && overlaps(base, s) ? `~${text}` : text;
}

export function compareModel(groups: readonly Group[], metrics: readonly Metric[], ctx: CompareContext): TableModel {
  const seeds = ctx.seeds.length;
  const t = termsOf(ctx.workload);
  const header = ['', 'unit'];
  const align: Align[] = ['left', 'left'];
  groups.forEach((g, i) => {
    header.push(g.policy);
    align.push('right');
    if (i > 0) {
      header.push('Δ');
      align.push('right');
    }
  });
  const row = (label: string, unit: string, cell: (g: Group) => string, delta: (g: Group) => string = () => ''): TableRow => ({
    cells: [label, unit, ...groups.flatMap((g, i) => (i === 0 ? [cell(g)] : [cell(g), delta(g)]))],
  });
  const rows: TableRow[] = [];
  if (seeds > 1) rows.push(row('seeds', '', (g) => String(g.seeds.length)));
  rows.push(row(inTermsOf('exits measured (n)', t), '', (g) => String(g.exits)));
  rows.push(row('tasks released (n)', '', (g) => String(g.releases)));
  let section = '';
  for (const m of metrics) {
    if (groups.every((g) => g.metrics[m.id]?.value === null)) continue;
    if (m.group !== section) {
      section = m.group;
      rows.push({section: inTermsOf(section, t)});
    }
    rows.push(
      row(
        `  ${inTermsOf(m.label, t)}`,
        m.unit === 'count' ? '' : m.unit,
        (g) => formatStat(m, g.metrics[m.id], seeds),
        (g) => formatDelta(m, groups[0]!.metrics[m.id], g.metrics[m.id], seeds),
      ),
    );
  }
  const notes: string[] = [];
  if (groups.length > 1) notes.push(`Δ: change against ${groups[0]!.policy} (relative; absolute where ${groups[0]!.policy} is 0).`);
  const minN = Math.min(...groups.map((g) => g.exits));
  if (minN < 100) notes.push(`Percentiles are nearest-rank over n exits: with n < 100, p99 is the slowest exit; with n < 20, p95 is too.`);
  if (seeds > 1) {
    notes.push('Latency percentiles pool every exit of every seed; other rows are the mean over seeds. ±: standard deviation across seeds.');
    notes.push("~: the seeds' min–max ranges of the two policies overlap, so the difference may be noise.");
  }
  const seedText = seeds > 1 ? `seeds ${formatSeeds(ctx.seeds)}` : `seed ${ctx.seeds[0]}`;
  return {title: [`aswap compare: ${ctx.scenario} on ${ctx.device}, ${seedText}, ${ctx.simSeconds} s simulated`], header, align, rows, notes};
}
