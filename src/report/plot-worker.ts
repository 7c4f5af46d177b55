/**
 * The plot renderer on its own thread. Loading Vega, Vega-Lite (and resvg for PNG) takes longer
 * than drawing one chart, so a command that will draw starts this worker first (bin/aswap.js even
 * before the CLI loads, when `--plot` is on the command line) and runs its simulation meanwhile: on
 * a machine with a spare core the loading costs no wall time.
 *
 * A chart whose template is known before the run (`aswap run --plot`) is drawn in two steps: the
 * template is compiled and laid out as soon as it arrives (`prepare`), and once the run is done only
 * its data goes in (`fill`). Other charts come whole (`render`).
 *
 * Work comes first: once the libraries are loaded, waiting messages are handled in order. Only while
 * none waits does the worker draw a small chart to warm Vega's code up, one step at a time, so that
 * work never waits behind more than one step of the warm-up.
 * Compiled to `dist/plot-worker.js` (scripts/build.js); from the sources it runs under tsx.
 */
import {parentPort, workerData} from 'node:worker_threads';
import type {View} from 'vega';
import type {TopLevelSpec} from 'vega-lite';
import {prepareView, renderPlot, renderPrepared, renderSvg, svgToPng, type PlotFill} from './plot-render.ts';

export type PlotMessage =
  | {readonly kind: 'render'; readonly spec: TopLevelSpec; readonly ext: string; readonly scale: number}
  | {readonly kind: 'prepare'; readonly id: number; readonly spec: TopLevelSpec}
  | {readonly kind: 'fill'; readonly id: number; readonly fill: PlotFill; readonly ext: string; readonly scale: number};

/** The reply to each `render` and `fill`, in order. */
export type PlotReply = {readonly ok: true; readonly data: string | Uint8Array} | {readonly ok: false; readonly message: string};

const WARM_UP = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: {values: [{x: 1, y: 1, s: 'a'}, {x: 2, y: 2, s: 'b'}]},
  mark: 'line',
  encoding: {x: {field: 'x', type: 'quantitative', title: 'x'}, y: {field: 'y', type: 'quantitative', title: 'y'}, color: {field: 's', type: 'nominal'}},
} as TopLevelSpec;

const png = (workerData as {ext?: string} | null)?.ext === 'png';
const queue: PlotMessage[] = [];
/** Prepared charts by id, with their template (prepared again when filled if preparing failed). */
const prepared = new Map<number, {spec: TopLevelSpec; view: View | null}>();
let busy = false;
let warmSvg: string | null = null;
let warmed = false;

// The libraries the chart's format needs, loaded before anything is drawn (Vega-Lite when a chart
// needs compiling: a template the build compiled ahead does not).
const loaded = Promise.all([import('vega'), ...(png ? [import('@resvg/resvg-js')] : [])]).catch(() => undefined);

async function reply(make: () => Promise<string | Uint8Array>): Promise<void> {
  try {
    parentPort!.postMessage({ok: true, data: await make()} satisfies PlotReply);
  } catch (err) {
    parentPort!.postMessage({ok: false, message: err instanceof Error ? err.message : String(err)} satisfies PlotReply);
  }
}

async function handle(msg: PlotMessage): Promise<void> {
  switch (msg.kind) {
    case 'render':
      return reply(() => renderPlot(msg.spec, msg.ext, msg.scale));
    case 'prepare': {
      const view = await prepareView(msg.spec).catch(() => null);
      prepared.set(msg.id, {spec: msg.spec, view});
      warmed = true; // laying out the real chart warms Vega better than the small one would
      return;
    }
    case 'fill': {
      const p = prepared.get(msg.id);
      prepared.delete(msg.id);
      return reply(async () => renderPrepared(p?.view ?? (await prepareView(p!.spec)), msg.fill, msg.ext, msg.scale));
    }
  }
}

/** Handles what waits, then warms up step by step while nothing does. */
async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    await loaded;
    for (;;) {
      const msg = queue.shift();
      if (msg) await handle(msg);
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

parentPort?.on('message', (msg: PlotMessage) => {
  queue.push(msg);
  void pump();
});
void pump();
