/**
 * CSV (RFC 4180) of aggregated groups: one row per configuration (swept parameters, policy), one
 * column per metric with its spread across seeds (`_min`, `_max`, `_sd`). Numbers are written with
 * every digit the JSON has, so the file parses back to the same numbers; a missing value is empty.
 */
import type {Group} from './aggregate.ts';
import type {Metric} from './metrics.ts';

const quote = (cell: string): string => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const num = (v: number | null): string => (v === null ? '' : String(v));

/** Metrics that have a value in at least one group (the others would be empty columns). */
export function presentMetrics(groups: readonly Group[], metrics: readonly Metric[]): Metric[] {
  return metrics.filter((m) => groups.some((g) => g.metrics[m.id]?.value !== null && g.metrics[m.id] !== undefined));
}

export function toCsv(groups: readonly Group[], metrics: readonly Metric[], paramNames: readonly string[]): string {
  const shown = presentMetrics(groups, metrics);
  const header = [...paramNames, 'policy', 'seeds', 'seed_list', 'exits', 'releases', ...shown.flatMap((m) => [m.id, `${m.id}_min`, `${m.id}_max`, `${m.id}_sd`])];
  const lines = [header.map(quote).join(',')];
  for (const g of groups) {
    const cells = [
      ...paramNames.map((p) => num(g.params[p] ?? null)),
      g.policy,
      String(g.seeds.length),
      g.seeds.join(' '),
      String(g.exits),
      String(g.releases),
      ...shown.flatMap((m) => {
        const s = g.metrics[m.id];
        return s ? [num(s.value), num(s.min), num(s.max), num(s.sd)] : ['', '', '', ''];
      }),
    ];
    lines.push(cells.map(quote).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
