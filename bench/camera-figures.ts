/**
 * `node --import tsx bench/camera-figures.ts [policies] [seeds] [seconds]`: the camera-launch
 * figures of issue 10, per policy over seeds (default sync,gather-oom; 1-5; 180 s): exit p50/p99
 * (over all exits of all seeds), slow exits, late frames by cause, free memory at the first frame,
 * the highest 100 ms CPU shares of a launch window, lmkd's kills per launch and by reason, and
 * free_swap_and_cache_nr's share of the exits. Figures only: nothing is asserted.
 */
import {NS_PER_S} from '../src/engine/engine.ts';
import {percentiles} from '../src/engine/stats.ts';
import {summarize, type Summary} from '../src/report/summary.ts';
import {resolveRun} from '../src/run-config.ts';
import {createEngine} from '../src/run.ts';

const policies = (process.argv[2] ?? 'sync,gather-oom').split(',');
const [lo, hi] = (process.argv[3] ?? '1-5').split('-').map(Number) as [number, number];
const seconds = Number(process.argv[4] ?? 180);

type Rec = Record<string, unknown>;
const get = (s: Summary, path: string): number => Number(path.split('.').reduce<unknown>((o, k) => (o as Rec | undefined)?.[k], s) ?? 0);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const f1 = (x: number): string => x.toFixed(1);

for (const policy of policies) {
  const runs: Summary[] = [];
  for (let seed = lo; seed <= hi; seed++) {
    const spec = resolveRun({scenario: 'camera-launch', policy, seed, simSeconds: seconds});
    const engine = createEngine(spec);
    engine.runUntil(Math.round(spec.simSeconds * NS_PER_S));
    runs.push(summarize(engine, spec, 0));
  }
  const exits = runs.flatMap((s) => s.exitsDetail.map((d) => d.exitMs));
  const lmkdExits = runs.flatMap((s) => s.exitsDetail.filter((d) => d.killReason === d.killReason.toUpperCase()).map((d) => d.exitMs));
  const all = percentiles(exits);
  const lmkd = percentiles(lmkdExits);
  const launches = runs.flatMap((s) => (s['preview'] as {perLaunch: {freeAtPreviewMB: number; free500MB: {min: number; mean: number} | null}[]}).perLaunch);
  const peaks = runs.map((s) => s['cpuPeakPct'] as Record<string, number>);
  const reasons: Record<string, number> = {};
  for (const s of runs) for (const [r, n] of Object.entries((s['lmkd'] as {killsByReason: Record<string, number>}).killsByReason)) reasons[r] = (reasons[r] ?? 0) + n;
  const perLaunch = runs.flatMap((s) => (s['lmkd'] as {killsPerLaunch: number[]}).killsPerLaunch);
  console.log(`${policy}, camera-launch seeds ${lo}-${hi}, ${seconds} s each: ${launches.length} launches, ${exits.length} exits`);
  console.log(`  exit p50/p99 ms, all exits: ${f1(all.p50)} / ${f1(all.p99)}; lmkd's victims: ${f1(lmkd.p50)} / ${f1(lmkd.p99)}`);
  console.log(`  slow exits (> 500 ms): ${sum(runs.map((s) => s.slowExits.count))}, of them lmkd's victims ${lmkdExits.filter((x) => x > 500).length}`);
  console.log(`  late frames: CPU ${sum(runs.map((s) => get(s, 'foreground.lateForCpu')))}, memory ${sum(runs.map((s) => get(s, 'foreground.lateForMemory')))} of ${sum(runs.map((s) => get(s, 'foreground.frames')))}`);
  const free = launches.map((l) => l.freeAtPreviewMB);
  const min500 = launches.flatMap((l) => (l.free500MB ? [l.free500MB.min] : []));
  console.log(
    `  free memory at the first frame MB: min ${f1(Math.min(...free))}, mean ${f1(sum(free) / free.length)}; lowest in the next 500 ms: min ${f1(Math.min(...min500))}, mean ${f1(sum(min500) / min500.length)}`,
  );
  const keys = ['busy', 'exitingTasks', 'kworkers', 'camera', 'services'];
  console.log(`  CPU peak (highest 100 ms, % of all CPUs, mean over seeds of each run's highest): ${keys.map((k) => `${k} ${f1(sum(peaks.map((p) => p[k] ?? 0)) / peaks.length)}`).join(', ')}`);
  console.log(`  lmkd: kills per launch ${perLaunch.join(' ')} (mean ${f1(sum(perLaunch) / perLaunch.length)}); by reason ${Object.entries(reasons).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', ')}`);
  console.log(`  exit cost: free_swap_and_cache_nr ${runs.map((s) => f1(s.exitCost.freeSwapPct)).join(' ')} % of the exiting tasks' work (per seed)`);
}
