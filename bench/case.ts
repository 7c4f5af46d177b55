/**
 * One bench case, run in a fresh process by bench/run.ts: `node bench/case.js SCENARIO POLICY`.
 * Prints one JSON line: module load, engine creation (wall, also on its own: `createMs`) and first
 * run (wall and CPU time), then the
 * warm steady state (the best of several creations + runs in the same process: at least the number
 * asked for, and as many more as fit in BENCH_WARM_MS of CPU). Figures only.
 *
 * BENCH_FRAMES_MS=100: every run advances as the dashboard does (that many simulated ms per frame,
 * a snapshot after each) and the line also gives the CPU of the costliest simulated second, cold
 * (the first run) and warm: the first kill wave of a dashboard, and what it costs once V8 is warm.
 */
import {performance} from 'node:perf_hooks';
import type {Engine} from '../src/engine/engine.ts';

// The CLI's V8 tuning (bin/aswap.js imports it first); a runtime path so the bundle leaves it out.
await import(new URL('../bin/v8-flags.js', import.meta.url).href);

const [scenario = 'camera-launch', policy = 'gather-oom', warmRuns = '5'] = process.argv.slice(2);
const framesMs = Number(process.env.BENCH_FRAMES_MS ?? 0);
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs to `simNs` (frame by frame with BENCH_FRAMES_MS); the CPU ms of the costliest simulated second (0 without frames). */
function run(engine: Engine, simNs: number): number {
  if (!(framesMs > 0)) {
    engine.runUntil(simNs);
    return 0;
  }
  const step = Math.max(1, Math.round(framesMs * 1e6));
  let worst = 0;
  let secStart = cpuMs();
  let nextSec = 1e9;
  for (let t = Math.min(step, simNs); ; t = Math.min(t + step, simNs)) {
    engine.runUntil(t);
    engine.snapshot();
    if (t >= nextSec || t === simNs) {
      const c = cpuMs();
      worst = Math.max(worst, c - secStart);
      secStart = c;
      nextSec += 1e9;
    }
    if (t === simNs) return worst;
  }
}

const t0 = performance.now();
const c0 = cpuMs();
const {resolveRun} = await import('../src/run-config.ts');
const {createEngine} = await import('../src/run.ts');
const t1 = performance.now();
const c1 = cpuMs();
const spec = resolveRun({scenario, policy});
const simNs = Math.round(spec.simSeconds * 1e9);
const engine = createEngine(spec);
const createMs = performance.now() - t1;
const firstWorstSecCpuMs = run(engine, simNs);
const t2 = performance.now();
const c2 = cpuMs();
const events = engine.eventCount;
const tables = engine.tablesZapped;

let warmWall = Infinity;
let warmCpu = Infinity;
let warmWorstSecCpuMs = Infinity;
// A short scenario is not warm after five runs (TurboFan is still compiling its paths): the warm
// runs go on until they took BENCH_WARM_MS of CPU in all (default 1000), at most 500 of them.
const warmBudgetMs = Number(process.env.BENCH_WARM_MS ?? 1000);
const warmStart = cpuMs();
let warmCount = 0;
for (let i = 0; i < Number(warmRuns) || (cpuMs() - warmStart < warmBudgetMs && i < 500); i++) {
  warmCount++;
  const w0 = performance.now();
  const u0 = cpuMs();
  warmWorstSecCpuMs = Math.min(warmWorstSecCpuMs, run(createEngine(spec), simNs));
  warmWall = Math.min(warmWall, performance.now() - w0);
  warmCpu = Math.min(warmCpu, cpuMs() - u0);
}

console.log(
  JSON.stringify({
    scenario,
    policy,
    simSeconds: spec.simSeconds,
    events,
    tables,
    loadMs: t1 - t0,
    loadCpuMs: c1 - c0,
    createMs,
    firstMs: t2 - t1,
    firstCpuMs: c2 - c1,
    warmMs: warmWall,
    warmCpuMs: warmCpu,
    warmRuns: warmCount,
    ...(framesMs > 0 ? {framesMs, firstWorstSecCpuMs, warmWorstSecCpuMs} : {}),
  }),
);
