/**
 * Draws charts on the plot worker (src/report/plot-worker.ts), started as soon as a command knows
 * it will draw so that loading the charting libraries overlaps the simulation. Where the worker
 * cannot start, the chart is drawn on this thread instead: slower, same bytes.
 */
import {Worker} from 'node:worker_threads';
import type {TopLevelSpec} from 'vega-lite';
import {writeOutput, type OutputPath} from './output-file.ts';
import type {PlotFill} from './plot-render.ts';
import type {PlotMessage, PlotReply} from './plot-worker.ts';
import {workerEntry} from './pool.ts';

export interface Plotter {
  /** Renders `spec` and writes it to `out` (temp file + rename). */
  write(out: OutputPath, spec: TopLevelSpec): Promise<void>;
  /**
   * The first of two steps for a chart whose template (named, empty datasets) is known before its
   * data: the worker compiles and lays it out now. `writePrepared` gives the data.
   */
  prepare(template: TopLevelSpec): PreparedPlot;
  /** Fills a prepared chart with its data and writes it to `out`. */
  writePrepared(out: OutputPath, plot: PreparedPlot, fill: PlotFill): Promise<void>;
  close(): Promise<void>;
}

export interface PreparedPlot {
  readonly id: number;
  readonly template: TopLevelSpec;
}

async function renderHere(spec: TopLevelSpec, ext: string, scale: number): Promise<string | Uint8Array> {
  const {renderPlot} = await import('./plot-render.ts');
  return renderPlot(spec, ext, scale);
}

let nextId = 1;

/** Where bin/aswap.js leaves the plot worker it started before the CLI loaded (`--plot` on the command line). */
const PRE_STARTED = Symbol.for('aswap.plotWorker');

/** The worker bin/aswap.js started, if any: taken once. */
function preStarted(): Worker | null {
  const g = globalThis as {[PRE_STARTED]?: Worker};
  const w = g[PRE_STARTED] ?? null;
  delete g[PRE_STARTED];
  return w;
}

/**
 * Starts the plot worker, or adopts the one bin/aswap.js started; `ext` (svg or png) tells it which
 * libraries to load ahead (a pre-started worker guessed it from `--plot`'s file name; a wrong guess
 * only loads resvg later).
 */
export function startPlotter(ext = 'svg'): Plotter {
  let worker: Worker | null = preStarted();
  try {
    if (!worker) {
      const entry = workerEntry('plot-worker');
      worker = new Worker(new URL(entry.filename), {execArgv: entry.execArgv, workerData: {ext}});
    }
    worker.unref();
    // A worker that fails before it is asked for anything is replaced by drawing here.
    worker.on('error', () => {
      worker = null;
    });
  } catch {
    worker = null;
  }
  /** Posts `msg` and resolves with the worker's reply; without a worker (or if it dies), `here()` draws on this thread. */
  const ask = (msg: PlotMessage, here: () => Promise<string | Uint8Array>): Promise<string | Uint8Array> => {
    const w = worker;
    if (!w) return here();
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        w.off('message', onMessage);
        w.off('error', onFailure);
        w.off('exit', onFailure);
        w.unref();
      };
      const onMessage = (reply: PlotReply): void => {
        cleanup();
        if (reply.ok) resolve(typeof reply.data === 'string' ? reply.data : new Uint8Array(reply.data));
        else reject(new Error(reply.message));
      };
      const onFailure = (): void => {
        cleanup();
        worker = null;
        here().then(resolve, reject);
      };
      w.ref();
      w.on('message', onMessage);
      w.on('error', onFailure);
      w.on('exit', onFailure);
      w.postMessage(msg);
    });
  };
  return {
    async write(out, spec) {
      const scale = out.scale ?? 1;
      writeOutput(out, await ask({kind: 'render', spec, ext: out.ext, scale}, () => renderHere(spec, out.ext, scale)));
    },
    prepare(template) {
      const plot = {id: nextId++, template};
      worker?.postMessage({kind: 'prepare', id: plot.id, spec: template} satisfies PlotMessage);
      return plot;
    },
    async writePrepared(out, plot, fill) {
      const scale = out.scale ?? 1;
      // Drawn here, it goes through the same two steps, so that it gives the worker's bytes.
      const here = async (): Promise<string | Uint8Array> => {
        const {prepareView, renderPrepared} = await import('./plot-render.ts');
        return renderPrepared(await prepareView(plot.template), fill, out.ext, scale);
      };
      writeOutput(out, await ask({kind: 'fill', id: plot.id, fill, ext: out.ext, scale}, here));
    },
    async close() {
      await worker?.terminate();
      worker = null;
    },
  };
}
