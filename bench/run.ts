/**
 * `npm run bench`: what a user waits for. Every bundled scenario × every policy runs in a FRESH
 * process (engine creation + its first run, JIT cold, as `aswap run` does; creation is also shown on its own), and then warm in that
 * process (best of BENCH_WARM runs, default 5, and more until they took BENCH_WARM_MS of CPU, default 1000). Figures only, never assertions; on a shared machine
 * the CPU-time columns are steadier than wall time.
 *
 * The case is the build's dist/bench-case.js (bench/case.ts compiled with the CLI's own chunks, so the
 * figures are those of the code `aswap run` runs); bin/bench.js builds it first.
 * BENCH_SCENARIOS / BENCH_POLICIES (comma-separated) narrow the matrix; BENCH_CASE names another case
 * script (a .ts one runs through tsx). BENCH_FRAMES_MS=100 runs every case as the dashboard does
 * (100 simulated ms per frame, a snapshot after each) and adds the CPU of the costliest simulated
 * second, cold and warm (bench/case.ts).
 */
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {POLICY_NAMES} from '../src/engine/params.ts';
import {BUILTIN_SCENARIOS} from '../src/workload/scenarios.ts';

interface Result {
  readonly scenario: string;
  readonly policy: string;
  readonly simSeconds: number;
  readonly events: number;
  readonly tables: number;
  readonly loadMs: number;
  readonly createMs: number;
  readonly firstMs: number;
  readonly firstCpuMs: number;
  readonly warmMs: number;
  readonly warmCpuMs: number;
  readonly firstWorstSecCpuMs?: number;
  readonly warmWorstSecCpuMs?: number;
}

const pick = (env: string | undefined, all: readonly string[]): readonly string[] => (env ? env.split(',').filter((x) => all.includes(x)) : all);
const scenarios = pick(process.env.BENCH_SCENARIOS, BUILTIN_SCENARIOS.map((s) => s.name));
const policies = pick(process.env.BENCH_POLICIES, POLICY_NAMES);
const warm = process.env.BENCH_WARM ?? '5';
const caseFile = process.env.BENCH_CASE ?? fileURLToPath(new URL('../dist/bench-case.js', import.meta.url));
const loader = caseFile.endsWith('.ts') ? ['--import', 'tsx'] : [];

function runCase(scenario: string, policy: string): Result {
  const out = execFileSync(process.execPath, [...loader, caseFile, scenario, policy, warm], {encoding: 'utf8', env: {...process.env, NODE_ENV: 'production'}});
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

const x = (sim: number, ms: number): string => `${Math.round((sim * 1000) / ms)}×`.padStart(8);
const f = (ms: number): string => ms.toFixed(1).padStart(7);

const v8 = process.env.ASWAP_V8_DEFAULTS === '1' ? "V8's defaults" : 'V8 tuned by bin/v8-flags.js';
const frames = Number(process.env.BENCH_FRAMES_MS ?? 0) > 0 ? `; frame by frame (${process.env.BENCH_FRAMES_MS} ms) with a snapshot each, as the dashboard` : '';
console.log(`aswap bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}; fresh process per case, warm = best of ≥ ${warm} runs and ≥ ${process.env.BENCH_WARM_MS ?? 1000} ms of them; ${v8}${frames}`);
console.log(`scenario        policy           events  load ms | create ms first ms  cpu ms  ×real(cpu) | warm cpu ms  ×real   Mev/s  ns/table${frames ? ' | worst 1 s cpu ms cold  warm' : ''}`);
const rows: Result[] = [];
for (const scenario of scenarios) {
  for (const policy of policies) {
    const r = runCase(scenario, policy);
    rows.push(r);
    const mev = r.events / r.warmCpuMs / 1000;
    const perTable = r.tables > 0 ? ((r.warmCpuMs * 1e6) / r.tables).toFixed(0) : '–';
    console.log(
      `${scenario.padEnd(15)} ${policy.padEnd(15)} ${String(r.events).padStart(7)} ${f(r.loadMs)} | ${f(r.createMs).padStart(9)} ${f(r.firstMs)} ${f(r.firstCpuMs)} ${x(r.simSeconds, r.firstCpuMs)} | ${f(r.warmCpuMs)}  ${x(r.simSeconds, r.warmCpuMs)} ${mev.toFixed(2).padStart(6)} ${perTable.padStart(8)}` +
        (r.firstWorstSecCpuMs !== undefined ? ` |            ${f(r.firstWorstSecCpuMs)} ${f(r.warmWorstSecCpuMs!)}` : ''),
    );
  }
}
// What no engine speed can win back on a first run: creating the engine, JIT-cold, against the whole
// budget of the goal (2000× real time) for the scenario's simulated time.
for (const r of rows.filter((r, i) => rows.findIndex((q) => q.scenario === r.scenario) === i)) {
  console.log(`  ${r.scenario}: engine creation alone (cold) ${r.createMs.toFixed(1)} ms; a first run at 2000× real time would have ${((r.simSeconds * 1000) / 2000).toFixed(1)} ms for creation and run`);
}
const worst = rows.reduce((a, b) => ((a.simSeconds * 1000) / a.firstCpuMs < (b.simSeconds * 1000) / b.firstCpuMs ? a : b));
console.log(`slowest first run: ${worst.scenario} ${worst.policy}, ${x(worst.simSeconds, worst.firstCpuMs).trim()} real time (CPU time)`);
