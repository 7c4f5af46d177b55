/**
 * The plot renderer on its own thread. Loading Vega, Vega-Lite and resvg and warming them up takes
 * longer than drawing one chart, so a command that will draw starts this worker first and runs its
 * simulation meanwhile: on a machine with a spare core the loading costs no wall time.
 * Compiled to `dist/plot-worker.js` (scripts/build.js); from the sources it runs under tsx.
 */
import {parentPort, workerData} from 'node:worker_threads';
import type {TopLevelSpec} from 'vega-lite';
import {renderPlot, renderSvg, svgToPng} from './plot-render.ts';

export interface PlotRequest {
  readonly spec: TopLevelSpec;
  readonly ext: string;
}

export type PlotReply = {readonly ok: true; readonly data: string | Uint8Array} | {readonly ok: false; readonly message: string};

const WARM_UP = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: {values: [{x: 1, y: 1, s: 'a'}, {x: 2, y: 2, s: 'b'}]},
  mark: 'line',
  encoding: {x: {field: 'x', type: 'quantitative', title: 'x'}, y: {field: 'y', type: 'quantitative', title: 'y'}, color: {field: 's', type: 'nominal'}},
} as TopLevelSpec;

// Requests wait for the warm-up, which loads every module the chart's format needs (resvg only for PNG).
const warmPng = (workerData as {ext?: string} | null)?.ext === 'png';
const ready = renderSvg(WARM_UP)
  .then(async (svg): Promise<unknown> => (warmPng ? svgToPng(svg) : svg))
  .catch(() => undefined);

parentPort?.on('message', (req: PlotRequest) => {
  void ready
    .then(() => renderPlot(req.spec, req.ext))
    .then(
      (data) => parentPort!.postMessage({ok: true, data} satisfies PlotReply),
      (err: unknown) => parentPort!.postMessage({ok: false, message: err instanceof Error ? err.message : String(err)} satisfies PlotReply),
    );
});
