/**
 * `node --import tsx bench/camera-figures.ts [policies] [seeds] [seconds] [--set key=value …]`: the
 * camera-launch figures the calibration is checked on (MODEL.md §1, §5), per policy over seeds
 * (default sync,gather-oom; 1-5; 180 s; `all` runs every policy): lmkd's kills per launch and by
 * reason, when the kills come relative to the launch and its first frame, the exiting tasks' and
 * the services' CPU share over the launch window (launch → first frame), exit latency (all exits,
 * lmkd's victims, victims with about 400 MB swapped), slow exits, free_swap_and_cache_nr's share,
 * free memory at the first frame, late frames by cause, the highest 100 ms CPU shares of a launch
 * window. Figures only: nothing is asserted.
 */
import {NS_PER_S} from '../src/engine/engine.ts';
import {POLICY_NAMES} from '../src/engine/release/registry.ts';
import {percentiles} from '../src/engine/stats.ts';
import {summarize, type ExitDetail, type Summary} from '../src/report/summary.ts';
import {resolveRun} from '../src/run-config.ts';
import {createEngine} from '../src/run.ts';

const args = process.argv.slice(2);
const sets: string[] = [];
const pos: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--set') sets.push(args[++i] ?? '');
  else pos.push(args[i]!);
}
const policies = pos[0] === 'all' ? [...POLICY_NAMES] : (pos[0] ?? 'sync,gather-oom').split(',');
const [lo, hi] = (pos[1] ?? '1-5').split('-').map(Number) as [number, number];
const seconds = Number(pos[2] ?? 180);

interface PerLaunch {
  readonly startMs: number;
  readonly launchMs: number;
  readonly freeAtPreviewMB: number;
  readonly free500MB: {readonly min: number; readonly mean: number} | null;
  readonly lateForCpu: number;
  readonly lateForMemory: number;
  readonly cpuPct: Readonly<Record<string, number>> | null;
  readonly killWaveCpuPct: Readonly<Record<string, number>> | null;
  readonly freeLaunchMB: {readonly min: number; readonly mean: number} | null;
}
interface World {
  readonly preview: {readonly perLaunch: readonly PerLaunch[]};
  readonly cpuPeakPct: Readonly<Record<string, number>>;
  readonly lmkd: {readonly killsPerLaunch: readonly number[]; readonly killsPerLaunchByReason: readonly Readonly<Record<string, number>>[]};
  readonly foreground: {readonly frames: number; readonly lateForCpu: number; readonly lateForMemory: number};
  readonly reclaim: {readonly allocStalls: number};
}
const world = (s: Summary): World => s as unknown as World;
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]): number => (xs.length ? sum(xs) / xs.length : 0);
const f0 = (x: number): string => x.toFixed(0);
const f1 = (x: number): string => x.toFixed(1);
const isLmkd = (d: ExitDetail): boolean => /^[A-Z_]+$/.test(d.killReason);
const range = (xs: readonly number[]): string => (xs.length ? `${f0(Math.min(...xs))}–${f0(Math.max(...xs))}` : '-');

console.log(`camera-launch, seeds ${lo}-${hi}, ${seconds} s each${sets.length ? `, --set ${sets.join(' ')}` : ''}`);
for (const policy of policies) {
  const runs: Summary[] = [];
  for (let seed = lo; seed <= hi; seed++) {
    const spec = resolveRun({scenario: 'camera-launch', policy, seed, simSeconds: seconds, set: sets});
    const engine = createEngine(spec);
    engine.runUntil(Math.round(spec.simSeconds * NS_PER_S));
    runs.push(summarize(engine, spec, 0));
  }
  const details = runs.flatMap((s) => s.exitsDetail);
  const victims = details.filter(isLmkd);
  const all = percentiles(details.map((d) => d.exitMs));
  const vic = percentiles(victims.map((d) => d.exitMs));
  const near400 = victims.filter((d) => d.swappedMB >= 350 && d.swappedMB <= 450).map((d) => d.exitMs);
  const launches = runs.flatMap((s) => world(s).preview.perLaunch);
  const perLaunch = runs.flatMap((s) => world(s).lmkd.killsPerLaunch);
  const reasons: Record<string, number> = {};
  for (const s of runs) for (const by of world(s).lmkd.killsPerLaunchByReason) for (const [r, n] of Object.entries(by)) reasons[r] = (reasons[r] ?? 0) + n;

  // Kill timing against each launch: before the first frame, after it (within the 10 s lmkd counts).
  const before: number[] = [];
  const firstKillMs: number[] = [];
  const lastKillMs: number[] = [];
  for (const s of runs) {
    const v = s.exitsDetail.filter(isLmkd);
    for (const l of world(s).preview.perLaunch) {
      const ks = v.map((d) => d.killedAtMs - l.startMs).filter((t) => t >= 0 && t < 10_000);
      before.push(ks.filter((t) => t < l.launchMs).length);
      if (ks.length) {
        firstKillMs.push(Math.min(...ks));
        lastKillMs.push(Math.max(...ks));
      }
    }
  }
  const exitShare = launches.flatMap((l) => (l.cpuPct ? [l.cpuPct['exitingTasks'] ?? 0] : []));
  const svcShare = launches.flatMap((l) => (l.cpuPct ? [l.cpuPct['services'] ?? 0] : []));
  const camShare = launches.flatMap((l) => (l.cpuPct ? [l.cpuPct['camera'] ?? 0] : []));
  const waves = launches.flatMap((l) => (l.killWaveCpuPct ? [l.killWaveCpuPct] : []));
  const waveOf = (k: string): number[] => waves.map((c) => c[k] ?? 0);
  const free = launches.map((l) => l.freeAtPreviewMB);
  const freeLaunch = launches.flatMap((l) => (l.freeLaunchMB ? [l.freeLaunchMB.mean] : []));
  const min500 = launches.flatMap((l) => (l.free500MB ? [l.free500MB.min] : []));
  const peaks = runs.map((s) => world(s).cpuPeakPct);
  const fg = runs.map((s) => world(s).foreground);

  console.log(`\n${policy}: ${launches.length} launches, ${details.length} exits (${victims.length} lmkd victims)`);
  console.log(`  kills per launch: ${perLaunch.join(' ')}; mean ${f1(mean(perLaunch))}, ≥ 10 in ${perLaunch.filter((n) => n >= 10).length} of ${perLaunch.length}`);
  console.log(`  by reason: ${Object.entries(reasons).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`);
  console.log(`  kill timing (ms after launch start): first ${range(firstKillMs)} (median ${f0(percentiles(firstKillMs).p50)}), last ${range(lastKillMs)}; before the first frame ${sum(before)} of ${sum(perLaunch)}; launch → first frame p50 ${f0(percentiles(launches.map((l) => l.launchMs)).p50)} ms`);
  console.log(`  CPU over launch → first frame (% of all CPUs, mean of launches): exiting ${f1(mean(exitShare))} (range ${range(exitShare)}, ≥ 25% in ${exitShare.filter((x) => x >= 25).length}), services ${f1(mean(svcShare))} (range ${range(svcShare)}), camera ${f1(mean(camShare))}`);
  console.log(`  CPU over the kill wave (lmkd's first kill → first frame, ${waves.length} launches): exiting ${f1(mean(waveOf('exitingTasks')))} (range ${range(waveOf('exitingTasks'))}, ≥ 25% in ${waveOf('exitingTasks').filter((x) => x >= 25).length}), lmkd + reapers ${f1(mean(waveOf('lmkd')))}, kworkers ${f1(mean(waveOf('kworkers')))}, services ${f1(mean(waveOf('services')))}`);
  console.log(`  exit ms p50/p99: all ${f0(all.p50)} / ${f0(all.p99)}; lmkd victims ${f0(vic.p50)} / ${f0(vic.p99)}; victims with 350–450 MB swapped (${near400.length}): p50 ${f0(percentiles(near400).p50)}, range ${range(near400)}`);
  console.log(`  slow exits (> 500 ms): ${sum(runs.map((s) => s.slowExits.count))}, of them lmkd's victims ${victims.filter((d) => d.exitMs > 500).length}`);
  console.log(`  free_swap_and_cache_nr share of the exits, per seed: ${runs.map((s) => f1(s.exitCost.freeSwapPct)).join(' ')} %`);
  console.log(`  free MB: during launch (mean of time-weighted means) ${f0(mean(freeLaunch))}; at the first frame min ${f0(Math.min(...free))}, mean ${f0(mean(free))}; lowest in the next 500 ms: min ${f0(Math.min(...min500))}, mean ${f0(mean(min500))}`);
  console.log(`  late frames: CPU ${sum(fg.map((f) => f.lateForCpu))}, memory ${sum(fg.map((f) => f.lateForMemory))} of ${sum(fg.map((f) => f.frames))}; allocation stalls ${sum(runs.map((s) => world(s).reclaim.allocStalls))}`);
  const keys = ['busy', 'exitingTasks', 'kworkers', 'camera', 'services', 'kswapd', 'lmkd'];
  console.log(`  CPU peak in a launch window (highest 100 ms, mean over seeds): ${keys.map((k) => `${k} ${f1(mean(peaks.map((p) => p[k] ?? 0)))}`).join(', ')}`);
}
