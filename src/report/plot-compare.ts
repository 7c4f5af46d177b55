/**
 * The compare chart: exit and release latency as CDFs, one line per policy (every exit of every
 * seed pooled), and CPU by context as stacked bars, one bar per policy. Each panel has labelled
 * axes with units and a legend.
 */
import type {TopLevelSpec} from 'vega-lite';
import type {Group, Run} from './aggregate.ts';
import type {Metric} from './metrics.ts';
import {PLOT_CONFIG} from './plot-render.ts';
import type {RunSamples} from './run-point.ts';
import {formatSeeds} from './table-model.ts';

export interface ComparePlotContext {
  readonly scenario: string;
  readonly device: string;
  readonly simSeconds: number;
  readonly seeds: readonly number[];
}

interface CdfRow {
  readonly policy: string;
  readonly ms: number;
  readonly share: number;
}

/** One step per distinct latency: the share of exits at or below it. */
function cdfRows(policy: string, values: readonly number[]): CdfRow[] {
  const sorted = [...values].sort((a, b) => a - b);
  const rows: CdfRow[] = [];
  sorted.forEach((ms, i) => {
    if (i + 1 < sorted.length && sorted[i + 1] === ms) return;
    rows.push({policy, ms, share: (i + 1) / sorted.length});
  });
  return rows;
}

function cdfPanel(title: string, axis: string, rows: readonly CdfRow[], policies: readonly string[]): Record<string, unknown> {
  // A few latencies far out (entries parked until the next trigger, a minute later) would squash
  // the rest against the axis: then the axis is logarithmic, and says so.
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  const log = ms.length > 0 && ms[0]! > 0 && ms[ms.length - 1]! > 10 * ms[Math.floor(ms.length / 2)]!;
  return {
    title: log ? `${title} (log scale)` : title,
    width: 360,
    height: 240,
    data: {values: rows},
    mark: {type: 'line', interpolate: 'step-after', strokeWidth: 2},
    encoding: {
      x: {field: 'ms', type: 'quantitative', title: axis, scale: log ? {type: 'log'} : {zero: false}},
      y: {field: 'share', type: 'quantitative', title: 'share of tasks at or below (%)', axis: {format: '.0%'}, scale: {domain: [0, 1]}},
      color: {field: 'policy', type: 'nominal', title: 'policy', scale: {domain: [...policies]}},
    },
  };
}

const sampleOf = (runs: readonly Run[], policy: string, key: keyof RunSamples): number[] =>
  runs.filter((r) => r.summary.policy === policy).flatMap((r) => r.samples[key]);

export function comparePlotSpec(runs: readonly Run[], groups: readonly Group[], metrics: readonly Metric[], ctx: ComparePlotContext): TopLevelSpec {
  const policies = groups.map((g) => g.policy);
  const seedText = ctx.seeds.length > 1 ? `seeds ${formatSeeds(ctx.seeds)} pooled` : `seed ${ctx.seeds[0]}`;
  const exitN = groups.map((g) => `${g.policy} ${g.exits}`).join(', ');
  const cdfs: Record<string, unknown>[] = [
    cdfPanel(`Exit latency CDF`, 'exit latency, SIGKILL → do_task_dead (ms)', policies.flatMap((p) => cdfRows(p, sampleOf(runs, p, 'exitMs'))), policies),
    cdfPanel('Release latency CDF', 'release latency, SIGKILL → last swap entry freed (ms)', policies.flatMap((p) => cdfRows(p, sampleOf(runs, p, 'releaseMs'))), policies),
  ];
  // The two CDFs side by side share one colour legend; the CPU bars below have their own.
  const panels: Record<string, unknown>[] = [{hconcat: cdfs}];
  // CPU during camera launches where the scenario has them, else CPU over the whole run.
  const launch = metrics.filter((m) => m.stack === 'launch' && m.id !== 'launch_cpu_idle_pct' && groups.some((g) => g.metrics[m.id]?.value !== null));
  const stack = launch.length > 0 ? launch : metrics.filter((m) => m.stack === 'run' && groups.some((g) => g.metrics[m.id]?.value !== null));
  if (stack.length > 0) {
    const unit = stack[0]!.unit;
    const rows = groups.flatMap((g, gi) =>
      stack.map((m, mi) => ({policy: g.policy, policyOrder: gi, context: m.label, order: mi, value: g.metrics[m.id]?.value ?? 0})),
    );
    panels.push({
      title: launch.length > 0 ? 'CPU by context during camera launches' : 'CPU by context over the run',
      width: Math.max(160, 60 * groups.length),
      height: 240,
      data: {values: rows},
      mark: {type: 'bar'},
      encoding: {
        // Policy names are longer than a bar is wide: slanted, they never run into each other.
        x: {field: 'policy', type: 'nominal', title: 'policy', sort: [...policies], axis: {labelAngle: -30, labelAlign: 'right', labelBaseline: 'top'}},
        y: {field: 'value', type: 'quantitative', stack: 'zero', title: unit === '%' ? 'share of all CPUs (%)' : 'CPU time (ms)'},
        color: {field: 'context', type: 'nominal', title: 'context', sort: stack.map((m) => m.label), scale: {scheme: 'tableau10'}},
        order: {field: 'order', type: 'quantitative'},
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {text: `aswap compare: ${ctx.scenario} on ${ctx.device}`, subtitle: `${ctx.simSeconds} s simulated, ${seedText}; exits per policy: ${exitN}`},
    vconcat: panels,
    resolve: {scale: {color: 'independent'}},
    config: PLOT_CONFIG,
  } as unknown as TopLevelSpec;
}
