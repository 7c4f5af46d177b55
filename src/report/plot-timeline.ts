/**
 * `aswap run --plot`: the run's timeline in three panels sharing the time axis: free memory against
 * the watermarks, the gather list's cache_count, and PSI memory pressure; kills are red rules across
 * every panel. Long runs are thinned to 720 points per line (one per pixel), keeping each bucket's extreme
 * (lowest free memory, highest cache_count and PSI) so no dip or spike disappears.
 *
 * The chart comes in two parts so that it can be drawn in two steps: a template, the same for every
 * run (named datasets, the title and subtitle parameters), which the plot worker lays out while the
 * simulation runs, and the data of the finished run (`timelinePlotFill`). `timelinePlotSpec` joins them into one self-contained spec.
 */
import type {TopLevelSpec} from 'vega-lite';
import {NS_PER_S} from '../engine/engine.ts';
import {PLOT_CONFIG, withFill, type PlotFill} from './plot-render.ts';
import type {Counters, Timeline} from './timeline.ts';

/** One point per horizontal pixel of a panel: more would not show, and would slow the drawing. */
const MAX_POINTS = 720;

export interface TimelinePlotContext {
  readonly scenario: string;
  readonly device: string;
  readonly policy: string;
  readonly seed: number;
}

/** Bucketed series: per bucket the sample where `pick` is extreme for that column. */
function thin(c: Counters, column: keyof Omit<Counters, 'tNs'>, extreme: 'min' | 'max'): {t: number; v: number}[] {
  const n = c.tNs.length;
  const per = Math.max(1, Math.ceil(n / MAX_POINTS));
  const out: {t: number; v: number}[] = [];
  for (let i = 0; i < n; i += per) {
    let best = i;
    for (let j = i + 1; j < Math.min(n, i + per); j++) {
      const v = c[column][j]!;
      if (extreme === 'min' ? v < c[column][best]! : v > c[column][best]!) best = j;
    }
    out.push({t: Number((c.tNs[best]! / NS_PER_S).toFixed(4)), v: Number(c[column][best]!.toFixed(3))});
  }
  return out;
}

/**
 * The chart without its data: datasets `free`, `cache`, `psi`, `kills`, `watermarks`; parameters
 * `aswap_title` and `aswap_subtitle`. The same for every run, so the build compiles it ahead
 * (scripts/build.js, plot-render.ts's precompiled charts).
 */
export function timelinePlotTemplate(): TopLevelSpec {
  const x = {field: 't', type: 'quantitative', title: 'simulated time (s)'};
  const killLayer = {data: {name: 'kills'}, mark: {type: 'rule', color: '#d62728', opacity: 0.5}, encoding: {x: {field: 't', type: 'quantitative'}}};
  const panel = (title: string, yTitle: string, data: string, extra: object[] = []): object => ({
    title,
    width: 720,
    height: 150,
    layer: [
      {data: {name: data}, mark: {type: 'line', strokeWidth: 1.5}, encoding: {x, y: {field: 'v', type: 'quantitative', title: yTitle}, color: {field: 'series', type: 'nominal', title: 'series'}}},
      ...extra,
      killLayer,
    ],
  });
  const watermarks = {data: {name: 'watermarks'}, mark: {type: 'rule', strokeDash: [4, 3], color: '#888'}, encoding: {y: {field: 'v', type: 'quantitative'}}};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    params: [{name: 'aswap_title', value: ''}, {name: 'aswap_subtitle', value: ''}],
    title: {text: {expr: 'aswap_title'}, subtitle: {expr: 'aswap_subtitle'}},
    vconcat: [panel('Free memory', 'free memory (MB)', 'free', [watermarks]), panel('Gather list', 'cache_count (runs)', 'cache'), panel('PSI memory', 'avg10', 'psi')],
    resolve: {scale: {color: 'independent'}},
    config: PLOT_CONFIG,
  } as unknown as TopLevelSpec;
}

/** The finished run's data for the template. */
export function timelinePlotFill(tl: Timeline, ctx: TimelinePlotContext): PlotFill {
  const kills = tl.instants.filter((e) => e.cat === 'kill' || e.name === 'OOM kill').map((e) => ({t: Number((e.tNs / NS_PER_S).toFixed(4)), what: e.name}));
  const series = (rows: {t: number; v: number}[], name: string): object[] => rows.map((r) => ({...r, series: name}));
  const wm = tl.watermarksMB;
  return {
    data: {
      free: series(thin(tl.counters, 'freeMB', 'min'), 'free'),
      cache: series(thin(tl.counters, 'cacheCount', 'max'), 'cache_count'),
      psi: [...series(thin(tl.counters, 'psiSomeAvg10', 'max'), 'some avg10'), ...series(thin(tl.counters, 'psiFullAvg10', 'max'), 'full avg10')],
      kills,
      watermarks: [{v: Number(wm.min.toFixed(1)), which: 'min'}, {v: Number(wm.low.toFixed(1)), which: 'low'}, {v: Number(wm.high.toFixed(1)), which: 'high'}],
    },
    params: {
      aswap_title: `aswap run: ${ctx.scenario} on ${ctx.device}, ${ctx.policy}, seed ${ctx.seed}`,
      aswap_subtitle: `red rules: kills (${kills.length}); dashed: watermarks min/low/high; sampled every ${tl.stepNs / 1e6} ms`,
    },
  };
}

/** The whole chart as one self-contained spec. */
export function timelinePlotSpec(tl: Timeline, ctx: TimelinePlotContext): TopLevelSpec {
  return withFill(timelinePlotTemplate(), timelinePlotFill(tl, ctx));
}
