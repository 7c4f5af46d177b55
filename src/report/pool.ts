/**
 * Runs points on a pool of worker threads (piscina), `jobs` at a time, handing each result back as
 * soon as it is done. The worker is the compiled `dist/sweep-worker.js` next to the compiled CLI, or
 * `src/report/sweep-worker.ts` through tsx when the CLI itself runs from the sources.
 */
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {availableParallelism} from 'node:os';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {PointResult} from './run-point.ts';
import type {PointTask} from './sweep-worker.ts';

/** Where a worker module (`sweep-worker`, `plot-worker`) is, and how a worker thread must start to load it. */
export function workerEntry(name: string): {filename: string; execArgv: string[]} {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = createRequire(here).resolve('tsx');
    return {filename: new URL(`./${name}.ts`, here).href, execArgv: ['--import', pathToFileURL(tsx).href]};
  }
  // Compiled: this code sits in dist/cli.js or in a chunk under dist/chunks/.
  for (const rel of [`./${name}.js`, `../${name}.js`]) {
    const url = new URL(rel, here);
    if (existsSync(fileURLToPath(url))) return {filename: url.href, execArgv: []};
  }
  throw new Error(`the ${name} module is missing next to ${fileURLToPath(here)}: run npm run build`);
}

export const defaultJobs = (): number => availableParallelism();

/**
 * Runs every task; `onResult(i, result)` is called in completion order. The first failure stops the
 * pool and rejects.
 *
 * The calling thread takes a share of the points itself, beside `jobs - 1` worker threads, all
 * pulling from one queue: it has loaded the engine already, and with `jobs` 1 (or one point) no
 * worker starts at all. On 2 cores this did not change the scaling (`npm run bench:sweep`: 2 points
 * on 2 threads take ~1.6× one point either way; each thread pays its own JIT warm-up). `runHere`
 * runs one task synchronously on this thread; between its points the event loop turns so that
 * workers' results are handed on as they arrive.
 */
export async function runTasks(
  tasks: readonly PointTask[],
  jobs: number,
  onResult: (i: number, r: PointResult) => void,
  runHere: (task: PointTask) => PointResult,
): Promise<void> {
  if (tasks.length === 0) return;
  const workers = Math.max(0, Math.min(jobs, tasks.length) - 1);
  let next = 0;
  let failed = false;
  const take = (): number => (failed || next >= tasks.length ? -1 : next++);
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const here = async (): Promise<void> => {
    await turn(); // lets piscina post the workers' first tasks before this thread is busy
    for (let i = take(); i >= 0; i = take()) {
      onResult(i, runHere(tasks[i]!));
      await turn();
    }
  };
  if (workers === 0) return here();
  const {Piscina} = await import('piscina');
  const pool = new Piscina<PointTask, PointResult>({...workerEntry('sweep-worker'), minThreads: workers, maxThreads: workers, idleTimeout: 60_000});
  const inWorker = async (): Promise<void> => {
    for (let i = take(); i >= 0; i = take()) onResult(i, await pool.run(tasks[i]!));
  };
  try {
    // Workers first, so that they start loading while this thread runs its first point.
    const all = [...Array.from({length: workers}, inWorker), here()];
    await Promise.all(all.map((p) => p.catch((e: unknown) => {
      failed = true;
      throw e;
    })));
  } finally {
    await pool.destroy();
  }
}
