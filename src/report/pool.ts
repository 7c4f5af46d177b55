/**
 * Runs points on a pool of worker threads (piscina), `jobs` at a time, handing each result back as
 * soon as it is done. The worker is the compiled `dist/sweep-worker.js` next to the compiled CLI, or
 * `src/report/sweep-worker.ts` through tsx when the CLI itself runs from the sources.
 */
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {availableParallelism} from 'node:os';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {MessageChannel} from 'node:worker_threads';
import type {Piscina} from 'piscina';
import type {PointResult} from './run-point.ts';
import {claim, type PointTask, type WorkerJob, type WorkerReply} from './sweep-worker.ts';

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
 * A worker thread starts only when the points left would keep this thread alone busy for this many
 * times its first point. A new thread pays V8's warm-up again (a cold point costs several warm ones:
 * camera-launch ~260 ms against ~30–60 ms), and that warm-up competes for the cores V8 already uses
 * for this thread's compiles and garbage collection (a cold point keeps ~1.6 cores busy). Measured
 * with `aswap sweep` on 2 cores (camera-launch): 24 points took 1.29 s on one thread and 1.38 s on
 * two, 80 points 3.25 s and 2.49 s (`npm run bench:sweep` times 80). From its third point on, this thread judges what is left by
 * its fastest point since the first; at 6 the rule starts the second thread from ~30 points. On a
 * machine with more cores than V8's helpers need, threads would pay sooner.
 */
export const SPAWN_AFTER_COLD_POINTS = 6;

/**
 * Cores one thread keeps busy while its points run cold: the point itself plus V8's compiles and
 * garbage collection on helper threads (camera-launch's first run: ~284 ms of CPU in ~170 ms). So
 * many threads start at once as the machine has cores for, counting this one (2 cores: none, 4: one
 * worker, 8: four); the others wait for SPAWN_AFTER_COLD_POINTS.
 */
export const CORES_PER_COLD_THREAD = 1.6;
/** Points this thread runs before it judges what is left by the pace of its points. */
const WARMING_POINTS = 3;

export interface PoolOptions {
  /** Overrides SPAWN_AFTER_COLD_POINTS (0: start every worker at once). */
  readonly spawnAfter?: number;
  /** The machine's cores (default: availableParallelism()). */
  readonly cores?: number;
  /** Told each time `n` more worker threads start (for tests and progress reports). */
  readonly onSpawn?: (n: number) => void;
}

/**
 * Runs every task; `onResult(i, result)` is called in completion order. The first failure stops the
 * pool and rejects.
 *
 * The calling thread runs points itself: it has loaded the engine already. Worker threads, up to
 * `jobs - 1`, start at once as far as the cores allow (CORES_PER_COLD_THREAD); the rest join once
 * the work left is worth their warm-up (SPAWN_AFTER_COLD_POINTS), so a small sweep never pays for
 * cold threads that would only compete with the running ones. Every thread claims the next point
 * from one counter in shared memory, so a worker goes on to its next point without waiting for this
 * thread, busy with a point of its own, to hand it one. Between its points this thread lets the event loop turn, so workers'
 * results are handed on as they come.
 */
export async function runTasks(
  tasks: readonly PointTask[],
  jobs: number,
  onResult: (i: number, r: PointResult) => void,
  runHere: (task: PointTask) => PointResult,
  options: PoolOptions = {},
): Promise<void> {
  const maxWorkers = Math.max(0, Math.min(jobs, tasks.length) - 1);
  const spawnAfter = options.spawnAfter ?? SPAWN_AFTER_COLD_POINTS;
  const next = new SharedArrayBuffer(4);
  const counter = new Int32Array(next);
  let failed = false;
  let firstError: unknown = null;
  const stop = (e: unknown): void => {
    if (!failed) firstError = e;
    failed = true;
    Atomics.store(counter, 0, tasks.length);
  };
  const left = (): number => Math.max(0, tasks.length - Atomics.load(counter, 0));
  const pools: Piscina<WorkerJob, number>[] = [];
  let workers = 0;
  const jobsRunning: Promise<void>[] = [];
  // Starts `n` more workers and waits until each has its job: piscina hands a job over on this
  // thread's event loop, which is not turning while this thread runs a point.
  const spawn = async (want: number): Promise<void> => {
    const {Piscina} = await import('piscina');
    const n = Math.min(want, maxWorkers - workers, left());
    if (n <= 0 || failed) return;
    workers += n;
    options.onSpawn?.(n);
    const p = new Piscina<WorkerJob, number>({...workerEntry('sweep-worker'), minThreads: n, maxThreads: n, idleTimeout: 60_000});
    pools.push(p);
    const started: Promise<void>[] = [];
    for (let k = 0; k < n; k++) {
      const w = inWorker(p);
      started.push(w.started);
      jobsRunning.push(w.finished.catch(stop));
    }
    await Promise.race([Promise.all(started), Promise.all(jobsRunning)]);
  };
  const inWorker = (p: Piscina<WorkerJob, number>): {started: Promise<void>; finished: Promise<void>} => {
    const {port1, port2} = new MessageChannel();
    let onStart = (): void => undefined;
    const started = new Promise<void>((resolve) => (onStart = resolve));
    // Resolves on the worker's last message: its results all come before it on the same port.
    const replies = new Promise<void>((resolve) => {
      port1.on('message', (reply: WorkerReply) => {
        if ('started' in reply) onStart();
        else if ('done' in reply) {
          port1.close();
          resolve();
        } else if (!failed) onResult(reply.i, reply.result);
      });
    });
    const job = p.run({tasks, next, port: port2}, {transferList: [port2]});
    return {started, finished: Promise.all([job, replies]).then(() => undefined)};
  };
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  try {
    const eager = spawnAfter === 0 ? maxWorkers : Math.floor((options.cores ?? availableParallelism()) / CORES_PER_COLD_THREAD) - 1;
    if (eager > 0) await spawn(eager);
    let firstMs = -1;
    let fastestMs = Infinity;
    let ran = 0;
    for (let i = claim(counter, tasks.length); i >= 0; i = claim(counter, tasks.length)) {
      const t0 = performance.now();
      const result = runHere(tasks[i]!);
      const ms = performance.now() - t0;
      if (firstMs < 0) firstMs = ms;
      else fastestMs = Math.min(fastestMs, ms);
      ran++;
      if (!failed) onResult(i, result);
      // What is left, at the pace of this thread's fastest point since the first (V8 recompiles
      // now and then, and the second point is still half cold: single times overstate the rest).
      if (workers < maxWorkers && ran >= WARMING_POINTS && left() * fastestMs > spawnAfter * firstMs) await spawn(maxWorkers);
      await turn();
    }
  } catch (e) {
    stop(e);
  }
  await Promise.all(jobsRunning);
  await Promise.all(pools.map((p) => p.destroy()));
  if (failed) throw firstError;
}
