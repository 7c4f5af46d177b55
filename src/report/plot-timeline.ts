/**
 * `aswap run --plot`: the run's timeline in three panels sharing the time axis: free memory against
 * the watermarks, the gather list's cache_count, and PSI memory pressure; kills are red rules across
 * every panel. Long runs are thinned to 720 points per line (one per pixel), keeping each bucket's extreme
 * (lowest free memory, highest cache_count and PSI) so no dip or spike disappears.
 */
import type {TopLevelSpec} from 'vega-lite';
import {NS_PER_S} from '../engine/engine.ts';
import {PLOT_CONFIG} from './plot-render.ts';
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

export function timelinePlotSpec(tl: Timeline, ctx: TimelinePlotContext): TopLevelSpec {
  const kills = tl.instants.filter((e) => e.cat === 'kill' || e.name === 'OOM kill').map((e) => ({t: Number((e.tNs / NS_PER_S).toFixed(4)), what: e.name}));
  const x = {field: 't', type: 'quantitative', title: 'simulated time (s)'};
  const killLayer = {data: {values: kills}, mark: {type: 'rule', color: '#d62728', opacity: 0.5}, encoding: {x: {field: 't', type: 'quantitative'}}};
  const series = (rows: {t: number; v: number}[], name: string) => rows.map((r) => ({...r, series: name}));
  const wm = tl.watermarksMB;
  const panel = (title: string, yTitle: string, rows: object[], extra: object[] = []): object => ({
    title,
    width: 720,
    height: 150,
    layer: [
      {data: {values: rows}, mark: {type: 'line', strokeWidth: 1.5}, encoding: {x, y: {field: 'v', type: 'quantitative', title: yTitle}, color: {field: 'series', type: 'nominal', title: 'series'}}},
      ...extra,
      ...(kills.length ? [killLayer] : []),
    ],
  });
  const watermarks = {
    data: {values: [{v: Number(wm.min.toFixed(1)), which: 'min'}, {v: Number(wm.low.toFixed(1)), which: 'low'}, {v: Number(wm.high.toFixed(1)), which: 'high'}]},
    mark: {type: 'rule', strokeDash: [4, 3], color: '#888'},
    encoding: {y: {field: 'v', type: 'quantitative'}},
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `aswap run: ${ctx.scenario} on ${ctx.device}, ${ctx.policy}, seed ${ctx.seed}`,
      subtitle: `red rules: kills (${kills.length}); dashed: watermarks min/low/high; sampled every ${tl.stepNs / 1e6} ms`,
    },
    vconcat: [
      panel('Free memory', 'free memory (MB)', series(thin(tl.counters, 'freeMB', 'min'), 'free'), [watermarks]),
      panel('Gather list', 'cache_count (runs)', series(thin(tl.counters, 'cacheCount', 'max'), 'cache_count')),
      panel('PSI memory', 'avg10', [...series(thin(tl.counters, 'psiSomeAvg10', 'max'), 'some avg10'), ...series(thin(tl.counters, 'psiFullAvg10', 'max'), 'full avg10')]),
    ],
    resolve: {scale: {color: 'independent'}},
    config: PLOT_CONFIG,
  } as unknown as TopLevelSpec;
}
