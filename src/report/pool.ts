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
 */
export async function runTasks(tasks: readonly PointTask[], jobs: number, onResult: (i: number, r: PointResult) => void): Promise<void> {
  if (tasks.length === 0) return;
  const {Piscina} = await import('piscina');
  const threads = Math.max(1, Math.min(jobs, tasks.length));
  const pool = new Piscina<PointTask, PointResult>({...workerEntry('sweep-worker'), minThreads: threads, maxThreads: threads, idleTimeout: 60_000});
  try {
    await Promise.all(
      tasks.map(async (task, i) => {
        const r = await pool.run(task);
        onResult(i, r);
      }),
    );
  } finally {
    await pool.destroy();
  }
}
