/**
 * The sweep chart: each chosen metric against the first swept parameter, one line per policy (and
 * per value of any further swept parameter), with the spread across seeds (min–max) as a band.
 */
import type {TopLevelSpec} from 'vega-lite';
import type {Group} from './aggregate.ts';
import type {GridParam} from './grid.ts';
import type {Metric} from './metrics.ts';
import {PLOT_CONFIG} from './plot-render.ts';
import {formatSeeds} from './table-model.ts';

export interface SweepPlotContext {
  readonly scenario: string;
  readonly device: string;
  readonly simSeconds: number;
  readonly seeds: readonly number[];
  readonly params: readonly GridParam[];
}

/** The series a group belongs to: its policy, and the values of the parameters after the first. */
export function seriesOf(g: Group, params: readonly GridParam[]): string {
  const rest = params.slice(1).map((p) => `${p.name}=${g.params[p.name]}`);
  return [g.policy, ...rest].join(', ');
}

export function sweepPlotSpec(groups: readonly Group[], metrics: readonly Metric[], ctx: SweepPlotContext): TopLevelSpec {
  const x = ctx.params[0]!;
  const xs = x.values;
  // Parameters spanning more than a factor of 16 (max_cache_entries 8..1024) read better on a log axis.
  const log = xs.length > 2 && Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 16;
  const series = [...new Set(groups.map((g) => seriesOf(g, ctx.params)))];
  const seeds = ctx.seeds.length;
  const panels = metrics.map((m) => {
    const rows = groups
      .filter((g) => g.metrics[m.id]?.value !== null && g.metrics[m.id] !== undefined)
      .map((g) => {
        const s = g.metrics[m.id]!;
        return {x: g.params[x.name]!, series: seriesOf(g, ctx.params), value: s.value, min: s.min, max: s.max};
      });
    const yTitle = `${m.id} (${m.unit})`;
    const xEnc = {field: 'x', type: 'quantitative', title: x.name, scale: log ? {type: 'log', base: 2} : {zero: false}};
    const color = {field: 'series', type: 'nominal', title: ctx.params.length > 1 ? 'policy, parameters' : 'policy', scale: {domain: series}};
    const layers: Record<string, unknown>[] = [];
    if (seeds > 1) {
      layers.push({mark: {type: 'errorband', opacity: 0.2}, encoding: {x: xEnc, y: {field: 'min', type: 'quantitative', title: yTitle}, y2: {field: 'max'}, color: {...color, legend: null}}});
    }
    layers.push({mark: {type: 'line', point: true, strokeWidth: 2}, encoding: {x: xEnc, y: {field: 'value', type: 'quantitative', title: yTitle}, color}});
    return {title: {text: `${m.label} (${m.unit})`, subtitle: m.group}, width: 420, height: 240, data: {values: rows}, layer: layers, resolve: {legend: {color: 'independent'}}};
  });
  const seedText = seeds > 1 ? `seeds ${formatSeeds(ctx.seeds)}: line = pooled/mean, band = min–max across seeds` : `seed ${ctx.seeds[0]}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {text: `aswap sweep: ${ctx.scenario} on ${ctx.device}, ${x.name}`, subtitle: `${ctx.simSeconds} s simulated, ${seedText}`},
    vconcat: panels,
    config: PLOT_CONFIG,
  } as unknown as TopLevelSpec;
}
