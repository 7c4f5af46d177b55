#!/usr/bin/env node
// Entry point. React runs its production build unless NODE_ENV says otherwise (the development build
// roughly doubles render cost). The compiled CLI in dist/ (built by `npm ci`) starts fast; in a
// checkout whose sources changed since the last build, the TypeScript sources run through tsx.
import './v8-flags.js';
import {existsSync, readdirSync, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

process.env.NODE_ENV ??= 'production';
const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = `${root}dist/cli.js`;

/** The newest modification time of the sources the bundle is built from. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = `${dir}/${entry.name}`;
    const t = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function fresh() {
  if (!existsSync(compiled)) return false;
  const built = statSync(compiled).mtimeMs;
  return ['src', 'components'].every((d) => !existsSync(`${root}${d}`) || newestSource(`${root}${d}`) <= built);
}

/**
 * With `--plot FILE` on the command line, the compiled plot worker starts now, before the CLI loads,
 * so that it loads the charting libraries while the CLI loads and the simulation runs
 * (src/report/plotter.ts adopts it; a command that draws nothing, or fails, leaves it unreferenced
 * and the process exits regardless).
 */
async function preStartPlotWorker(args) {
  const i = args.findIndex((a) => a === '--plot' || a.startsWith('--plot='));
  if (i < 0) return;
  const file = args[i] === '--plot' ? args[i + 1] ?? '' : args[i].slice('--plot='.length);
  const {Worker} = await import('node:worker_threads');
  const worker = new Worker(new URL('../dist/plot-worker.js', import.meta.url), {workerData: {ext: file.toLowerCase().endsWith('.png') ? 'png' : 'svg'}});
  worker.unref();
  worker.on('error', () => undefined);
  globalThis[Symbol.for('aswap.plotWorker')] = worker;
}

let main;
if (process.env.ASWAP_FROM_SOURCE !== '1' && fresh()) {
  await preStartPlotWorker(process.argv.slice(2));
  ({main} = await import(compiled));
} else {
  const {register} = await import('tsx/esm/api');
  register();
  ({main} = await import('../src/cli.tsx'));
}
await main(process.argv.slice(2));
