/**
 * The case of `npm run bench:floor` (bench/first-run-floor.ts): one scenario's engine created and
 * run to its end, as `aswap run` does, in a fresh process. Bundled as one CommonJS script so that it
 * can also be the entry of a V8 startup snapshot (`node --build-snapshot` takes one such script).
 * Argv: SCENARIO POLICY. Prints one JSON line: CPU and wall ms of the first run (creation included)
 * and, with FLOOR_WARM=N, the best CPU ms of more runs in the same process (at least N, and as
 * many as fit in BENCH_WARM_MS of CPU, as `npm run bench` does).
 * Building a snapshot (FLOOR_SNAPSHOT_CASE=SCENARIO:POLICY): the case runs five times first, so the
 * snapshot holds a heap in which every function the run needs has been compiled and run.
 */
import {performance} from 'node:perf_hooks';
import {startupSnapshot} from 'node:v8';
import {tuneV8} from '../bin/v8-flags.js';
import {resolveRun} from '../src/run-config.ts';
import {createEngine} from '../src/run.ts';

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function runOnce(scenario: string, policy: string): {cpuMs: number; wallMs: number; events: number; simSeconds: number} {
  const c0 = cpuMs();
  const t0 = performance.now();
  const spec = resolveRun({scenario, policy});
  const engine = createEngine(spec);
  engine.runUntil(Math.round(spec.simSeconds * 1e9));
  return {cpuMs: cpuMs() - c0, wallMs: performance.now() - t0, events: engine.eventCount, simSeconds: spec.simSeconds};
}

function main(): void {
  tuneV8();
  const [scenario = 'camera-launch', policy = 'gather'] = process.argv.slice(2);
  const first = runOnce(scenario, policy);
  // Warm as in `npm run bench`: at least FLOOR_WARM runs, and more until they took BENCH_WARM_MS of CPU.
  let warmCpuMs = Infinity;
  const runs = Number(process.env.FLOOR_WARM ?? 0);
  const budgetMs = runs > 0 ? Number(process.env.BENCH_WARM_MS ?? 1000) : 0;
  const start = cpuMs();
  for (let i = 0; i < runs || (cpuMs() - start < budgetMs && i < 500); i++) warmCpuMs = Math.min(warmCpuMs, runOnce(scenario, policy).cpuMs);
  console.log(JSON.stringify({...first, warmCpuMs: Number.isFinite(warmCpuMs) ? warmCpuMs : null}));
}

if (startupSnapshot.isBuildingSnapshot()) {
  // Built with ASWAP_V8_DEFAULTS=1: V8 refuses a snapshot made under other flags than the process
  // that loads it; the deserialized process sets the CLI's flags in main().
  const [scenario = 'camera-launch', policy = 'gather'] = (process.env.FLOOR_SNAPSHOT_CASE ?? '').split(':');
  for (let i = 0; i < 5; i++) runOnce(scenario, policy);
  startupSnapshot.setDeserializeMainFunction(main);
} else {
  main();
}
