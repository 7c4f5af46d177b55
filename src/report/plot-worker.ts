/**
 * The plot renderer on its own thread. Loading Vega, Vega-Lite (and resvg for PNG) takes longer
 * than drawing one chart, so a command that will draw starts this worker first (bin/aswap.js even
 * before the CLI loads, when `--plot` is on the command line) and runs its simulation meanwhile: on
 * a machine with a spare core the loading costs no wall time.
 *
 * Requests come first: once the libraries are loaded, a waiting request is drawn at once. Only
 * while none is waiting does the worker draw a small chart to warm Vega's code up (a chart drawn
 * cold takes about twice as long), one step at a time, so a request never waits behind more than
 * one step of the warm-up.
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

const png = (workerData as {ext?: string} | null)?.ext === 'png';
const queue: PlotRequest[] = [];
let busy = false;
let warmSvg: string | null = null;
let warmed = false;

// The libraries the chart's format needs, loaded before anything is drawn.
const loaded = Promise.all([import('vega'), import('vega-lite'), ...(png ? [import('@resvg/resvg-js')] : [])]).catch(() => undefined);

async function serve(req: PlotRequest): Promise<void> {
  try {
    parentPort!.postMessage({ok: true, data: await renderPlot(req.spec, req.ext)} satisfies PlotReply);
  } catch (err) {
    parentPort!.postMessage({ok: false, message: err instanceof Error ? err.message : String(err)} satisfies PlotReply);
  }
}

/** One step of work: a waiting request, else the next step of the warm-up. */
async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    await loaded;
    for (;;) {
      const req = queue.shift();
      if (req) await serve(req);
      else if (warmSvg === null && !warmed) warmSvg = await renderSvg(WARM_UP).catch(() => '');
      else if (!warmed) {
        warmed = true;
        if (png && warmSvg) await svgToPng(warmSvg).catch(() => undefined);
      } else break;
    }
  } finally {
    busy = false;
  }
}

parentPort?.on('message', (req: PlotRequest) => {
  queue.push(req);
  void pump();
});
void pump();
