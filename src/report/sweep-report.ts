/**
 * The table, CSV, markdown and chart of a sweep's points, the same whether they come straight from
 * `aswap sweep` or from `aswap merge` of its shards: points are taken in grid order, so the output
 * never depends on which point finished first.
 */
import {aggregate, type Group, type Run} from './aggregate.ts';
import {presentMetrics, toCsv} from './csv.ts';
import {metricsFor, type Metric} from './metrics.ts';
import type {OutputPath} from './output-file.ts';
import type {Plotter} from './plotter.ts';
import {metricsOption, type Format} from './outputs.ts';
import type {PointLine, SweepHeader} from './sweep-file.ts';
import {formatSeeds, formatStat, renderMarkdown, renderText, type Align, type TableModel} from './table-model.ts';

/** Columns of the sweep table unless `--metrics` says otherwise (those with data are shown). */
export const DEFAULT_TABLE_METRICS = ['exit_p50_ms', 'exit_p99_ms', 'slow_exits', 'release_p99_ms', 'launch_p50_ms', 'frames_late', 'zram_held_peak_mb', 'psi_some_ms', 'lmkd_kills'];
/** Panels of the sweep chart unless `--plot-metrics` says otherwise. */
export const DEFAULT_PLOT_METRICS = ['exit_p99_ms', 'release_p99_ms'];

export interface SweepReportOptions {
  readonly format: Format;
  readonly metrics?: string;
  readonly plot: OutputPath | null;
  readonly plotMetrics?: string;
  /** A plotter started early (so the libraries load while points run); one is started here otherwise. */
  readonly plotter?: Plotter | null;
}

function sweepModel(header: SweepHeader, groups: readonly Group[], metrics: readonly Metric[], points: number): TableModel {
  const seeds = header.grid.seeds.length;
  const names = header.grid.params.map((p) => p.name);
  const head = [...names, 'policy', 'n', ...metrics.map((m) => m.id)];
  const align: Align[] = [...names.map(() => 'right' as const), 'left', 'right', ...metrics.map(() => 'right' as const)];
  const rows = groups.map((g) => ({
    cells: [...names.map((n) => String(g.params[n])), g.policy, String(g.exits), ...metrics.map((m) => formatStat(m, g.metrics[m.id], seeds))],
  }));
  const total = header.grid.params.reduce((n, p) => n * p.values.length, 1) * header.grid.policies.length * seeds;
  const notes = ['n: exits behind the exit percentiles (all seeds pooled). Columns are metric ids, as in --csv and --metrics.'];
  if (seeds > 1) notes.push('Latency percentiles pool every exit of every seed; other columns are the mean over seeds. ±: standard deviation across seeds.');
  if (points < total) notes.push(`${total - points} of the grid's ${total} points are missing from these results.`);
  const b = header.base;
  return {
    title: [`aswap sweep: ${b.scenario} on ${b.device}, ${b.simSeconds} s simulated, ${seeds > 1 ? `seeds ${formatSeeds(header.grid.seeds)}` : `seed ${header.grid.seeds[0]}`}, ${points} points`],
    header: head,
    align,
    rows,
    notes,
  };
}

/** Prints the sweep's table (or CSV, or markdown) and writes its chart. JSON lines are printed by the caller. */
export async function reportSweep(header: SweepHeader, points: readonly PointLine[], o: SweepReportOptions, print: (text: string) => void): Promise<void> {
  const runs: Run[] = [...points].sort((a, b) => a.index - b.index).map((p) => ({summary: p.summary, samples: p.samples, params: p.params}));
  const summaries = runs.map((r) => r.summary);
  const all = metricsFor(summaries);
  const groups = aggregate(runs, all);
  if (o.plot) {
    const {startPlotter} = await import('./plotter.ts');
    const plotter = o.plotter ?? startPlotter(o.plot.ext);
    const chosen = metricsOption('--plot-metrics', o.plotMetrics, summaries, DEFAULT_PLOT_METRICS.filter((id) => all.some((m) => m.id === id)));
    const {sweepPlotSpec} = await import('./plot-sweep.ts');
    const b = header.base;
    const spec = sweepPlotSpec(groups, chosen, {scenario: b.scenario, device: b.device, simSeconds: b.simSeconds, seeds: header.grid.seeds, params: header.grid.params});
    try {
      await plotter.write(o.plot, spec);
    } finally {
      await plotter.close();
    }
  }
  if (o.format === 'json') return;
  if (o.format === 'csv') {
    print(toCsv(groups, all, header.grid.params.map((p) => p.name)));
    return;
  }
  const shown = o.metrics === undefined ? presentMetrics(groups, metricsOption('--metrics', undefined, summaries, DEFAULT_TABLE_METRICS)) : metricsOption('--metrics', o.metrics, summaries, []);
  const model = sweepModel(header, groups, shown, points.length);
  print(`${o.format === 'markdown' ? renderMarkdown(model) : renderText(model)}\n`);
}
