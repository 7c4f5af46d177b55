/**
 * `npm run bench:floor`: what a first run in a fresh Node process cannot go below, whatever the
 * engine does. Each case (scenario × policy) runs in fresh processes under V8 variants that isolate
 * the parts of a first run: the CLI's tuning as shipped; TurboFan compiling on the main thread
 * (`--no-concurrent-recompilation`: the wall time then shows the compiles); no TurboFan at all
 * (`--no-opt`: Ignition and Sparkplug only, what the code costs before it is optimized); Maglev
 * (`--maglev`, experimental in Node 20); and a V8 startup snapshot (`--snapshot-blob`) built after
 * five runs of the same case, the one way Node 20 starts a process from a heap where the code has
 * already run. Figures only (median of BENCH_FLOOR_REPEAT runs, default 3), against the budget of a
 * first run at 2000× real time. BENCH_FLOOR_CASES=camera-launch:gather,munmap:sync picks the cases.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

interface Sample {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly events: number;
  readonly simSeconds: number;
  readonly warmCpuMs: number | null;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'aswap-floor-'));
const script = join(dir, 'floor-case.cjs');
await build({
  absWorkingDir: root,
  entryPoints: ['bench/floor-case.ts'],
  outfile: script,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'error',
  // The CommonJS bundle has no import.meta; scenario files (zod) are not read by these cases.
  banner: {js: "var __aswap_import_meta_url = require('node:url').pathToFileURL(__filename).href;"},
  define: {'import.meta.url': '__aswap_import_meta_url'},
});

const cases = (process.env.BENCH_FLOOR_CASES ?? 'camera-launch:gather,kill-burst:gather,munmap:sync').split(',').map((c) => c.split(':') as [string, string]);
const repeat = Math.max(1, Number(process.env.BENCH_FLOOR_REPEAT ?? 3));
const env = {...process.env, NODE_ENV: 'production'};

function sample(flags: readonly string[], scenario: string, policy: string, extraEnv: Record<string, string> = {}): Sample {
  const out = execFileSync(process.execPath, [...flags, script, scenario, policy], {encoding: 'utf8', env: {...env, ...extraEnv}, stdio: ['ignore', 'pipe', 'ignore']});
  return JSON.parse(out.trim().split('\n').at(-1)!) as Sample;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

console.log(`aswap first-run floor — node ${process.version}; fresh process per run, median of ${repeat}; CPU time includes V8's compiler and GC threads`);
for (const [scenario, policy] of cases) {
  const blob = join(dir, `${scenario}-${policy}.blob`);
  execFileSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', script], {env: {...env, FLOOR_SNAPSHOT_CASE: `${scenario}:${policy}`, ASWAP_V8_DEFAULTS: '1'}, stdio: 'ignore'});
  const variants: [label: string, flags: string[], extraEnv?: Record<string, string>][] = [
    ['as shipped (bin/v8-flags.js)', [], {FLOOR_WARM: '5'}],
    ['TurboFan on the main thread', ['--no-concurrent-recompilation']],
    ['no TurboFan (--no-opt)', ['--no-opt']],
    ['Maglev (--maglev)', ['--maglev']],
    ['from a startup snapshot (warmed)', ['--snapshot-blob', blob]],
  ];
  let budget = 0;
  console.log(`\n${scenario} ${policy}`);
  console.log(`  ${'variant'.padEnd(34)} ${'cpu ms'.padStart(8)} ${'wall ms'.padStart(8)} ${'×real(cpu)'.padStart(11)}`);
  for (const [label, flags, extraEnv] of variants) {
    const runs = Array.from({length: repeat}, () => sample(flags, scenario, policy, extraEnv));
    const cpu = median(runs.map((r) => r.cpuMs));
    const wall = median(runs.map((r) => r.wallMs));
    const sim = runs[0]!.simSeconds;
    budget = (sim * 1000) / 2000;
    console.log(`  ${label.padEnd(34)} ${cpu.toFixed(1).padStart(8)} ${wall.toFixed(1).padStart(8)} ${`${Math.round((sim * 1000) / cpu)}×`.padStart(11)}`);
    const warm = runs.map((r) => r.warmCpuMs).filter((w): w is number => w !== null);
    if (warm.length > 0) console.log(`  ${'  (same process, warm)'.padEnd(34)} ${median(warm).toFixed(1).padStart(8)} ${''.padStart(8)} ${`${Math.round((sim * 1000) / median(warm))}×`.padStart(11)}`);
  }
  console.log(`  a first run at 2000× real time: ${budget.toFixed(1)} ms of CPU for creation and run`);
}
rmSync(dir, {recursive: true, force: true});
