/**
 * One bench case, run in a fresh process by bench/run.ts: `node bench/case.js SCENARIO POLICY`.
 * Prints one JSON line: module load, engine creation and first run (wall and CPU time), then the
 * warm steady state (best of several creations + runs in the same process). Figures only.
 */
import {performance} from 'node:perf_hooks';

// The CLI's V8 tuning (bin/aswap.js imports it first); a runtime path so the bundle leaves it out.
await import(new URL('../bin/v8-flags.js', import.meta.url).href);

const [scenario = 'camera-launch', policy = 'gather-oom', warmRuns = '5'] = process.argv.slice(2);
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const t0 = performance.now();
const c0 = cpuMs();
const {resolveRun} = await import('../src/run-config.ts');
const {createEngine} = await import('../src/run.ts');
const t1 = performance.now();
const c1 = cpuMs();
const spec = resolveRun({scenario, policy});
const simNs = Math.round(spec.simSeconds * 1e9);
const engine = createEngine(spec);
engine.runUntil(simNs);
const t2 = performance.now();
const c2 = cpuMs();
const events = engine.eventCount;
const tables = engine.tablesZapped;

let warmWall = Infinity;
let warmCpu = Infinity;
for (let i = 0; i < Number(warmRuns); i++) {
  const w0 = performance.now();
  const u0 = cpuMs();
  createEngine(spec).runUntil(simNs);
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
    firstMs: t2 - t1,
    firstCpuMs: c2 - c1,
    warmMs: warmWall,
    warmCpuMs: warmCpu,
  }),
);
