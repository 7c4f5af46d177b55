/**
 * `npm run bench:sweep`: how sweeps scale with cores, and what a chart adds to a command. Figures
 * only, never assertions. Runs the real CLI (compiled, `npm run build` first) so process start-up,
 * worker start-up and module loading are all counted, as a user would see them.
 *
 * Scaling: one point against N points with `--jobs N` (N = every core). Ideal scaling is a ratio of
 * 1.0; the goal is at most 1.3. The pool starts worker threads only when the points left pay for
 * their warm-up (src/report/pool.ts), so a big sweep is timed too, on one thread and with --jobs N.
 * On a shared machine the ratio also measures the neighbours: the load average is printed beside it.
 *
 * Plot cost: `aswap run` against `aswap run --plot FILE.svg|png` on the same scenario.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {availableParallelism, loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const BIN = fileURLToPath(new URL('../bin/aswap.js', import.meta.url));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const SCENARIO = [
  '--scenario', process.env.BENCH_SCENARIO ?? 'camera-launch',
  ...(process.env.BENCH_SIM_SECONDS ? ['--sim-seconds', process.env.BENCH_SIM_SECONDS] : []),
];

function wall(args: readonly string[]): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [BIN, ...args], {stdio: ['ignore', 'ignore', 'inherit']});
  return performance.now() - t0;
}

/** Median of `REPEATS` runs after one warm-up (disk cache, lazy compilation of the bundle). */
function median(args: readonly string[]): number {
  wall(args);
  const times = Array.from({length: REPEATS}, () => wall(args)).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const ms = (x: number): string => `${x.toFixed(0)} ms`;

const n = availableParallelism();
console.log(`aswap sweep bench: ${n} cores, load average ${load()}, ${REPEATS} runs each (median)`);

// N points that differ only in the seed: the same work per point.
const one = median(['sweep', ...SCENARIO, '--policies', 'gather-oom', '--param', 'maxCacheEntries=32', '--seeds', '1', '--jobs', '1', '--csv']);
const many = median(['sweep', ...SCENARIO, '--policies', 'gather-oom', '--param', 'maxCacheEntries=32', '--seeds', `1..${n}`, '--jobs', String(n), '--csv']);
console.log(`  1 point                          ${ms(one)}`);
console.log(`  ${n} points, --jobs ${n}               ${ms(many)}   ratio ${(many / one).toFixed(2)} (goal ≤ 1.30; load average now ${load()})`);
const serial = median(['sweep', ...SCENARIO, '--policies', 'gather-oom', '--param', 'maxCacheEntries=32', '--seeds', `1..${n}`, '--jobs', '1', '--csv']);
console.log(`  ${n} points, --jobs 1               ${ms(serial)}`);
const big = 40 * n;
const bigMany = median(['sweep', ...SCENARIO, '--policies', 'gather-oom', '--param', 'maxCacheEntries=32', '--seeds', `1..${big}`, '--jobs', String(n), '--csv']);
const bigOne = median(['sweep', ...SCENARIO, '--policies', 'gather-oom', '--param', 'maxCacheEntries=32', '--seeds', `1..${big}`, '--jobs', '1', '--csv']);
console.log(`  ${big} points, --jobs ${n}              ${ms(bigMany)}   speed-up over --jobs 1 (${ms(bigOne)}) ${(bigOne / bigMany).toFixed(2)}×`);

const dir = mkdtempSync(join(tmpdir(), 'aswap-bench-'));
try {
  const run = median(['run', ...SCENARIO]);
  const svg = median(['run', ...SCENARIO, '--plot', join(dir, 'run.svg')]);
  const png = median(['run', ...SCENARIO, '--plot', join(dir, 'run.png')]);
  const png2 = median(['run', ...SCENARIO, '--plot', join(dir, 'run2.png'), '--plot-scale', '2']);
  console.log(`  aswap run                        ${ms(run)}`);
  console.log(`  aswap run --plot run.svg         ${ms(svg)}   adds ${ms(svg - run)} (goal < 300 ms)`);
  console.log(`  aswap run --plot run.png         ${ms(png)}   adds ${ms(png - run)} (goal < 300 ms)`);
  console.log(`    … with --plot-scale 2          ${ms(png2)}   adds ${ms(png2 - run)}`);
  const cmp = median(['compare', ...SCENARIO]);
  const cmpSvg = median(['compare', ...SCENARIO, '--plot', join(dir, 'compare.svg')]);
  console.log(`  aswap compare                    ${ms(cmp)}`);
  console.log(`  aswap compare --plot compare.svg ${ms(cmpSvg)}   adds ${ms(cmpSvg - cmp)}`);
} finally {
  rmSync(dir, {recursive: true, force: true});
}
console.log(`load average at the end ${load()}`);

// In-process pieces of --plot, in wall and CPU time (CPU time is what a loaded machine distorts least).
{
  const {resolveRun} = await import('../src/run-config.ts');
  const {runPoint} = await import('../src/report/run-point.ts');
  const {recordTimeline} = await import('../src/report/timeline.ts');
  const {timelinePlotFill, timelinePlotSpec, timelinePlotTemplate} = await import('../src/report/plot-timeline.ts');
  const time = async <T>(f: () => T | Promise<T>): Promise<{wall: number; cpu: number; value: T}> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const value = await f();
    const c = process.cpuUsage(c0);
    return {wall: performance.now() - t0, cpu: (c.user + c.system) / 1000, value};
  };
  const spec = resolveRun({scenario: process.env.BENCH_SCENARIO ?? 'camera-launch', simSeconds: process.env.BENCH_SIM_SECONDS});
  const load = await time(() => Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]));
  const {prepareView, renderPrepared, renderSvg, svgToPng} = await import('../src/report/plot-render.ts');
  runPoint(spec);
  const plain = await time(() => runPoint(spec));
  const sampled = await time(() => recordTimeline(spec, spec.policy, 10_000_000, {cpus: false}));
  const ctx = {scenario: spec.scenario.name, device: spec.device.name, policy: spec.policy, seed: spec.seed};
  const plotSpec = timelinePlotSpec(sampled.value.timeline, ctx);
  const svgCold = await time(() => renderSvg(plotSpec));
  const svgWarm = await time(() => renderSvg(plotSpec));
  const prep = await time(() => prepareView(timelinePlotTemplate()));
  const fill = await time(() => renderPrepared(prep.value, timelinePlotFill(sampled.value.timeline, ctx), 'svg'));
  const png = await time(() => svgToPng(svgWarm.value));
  const row = (label: string, t: {wall: number; cpu: number}): void => console.log(`  ${label.padEnd(50)} wall ${ms(t.wall).padStart(7)}  CPU ${ms(t.cpu).padStart(7)}`);
  console.log('in-process pieces of run --plot (tsx, so module loading is slower than in the bundle):');
  row('load vega, vega-lite, resvg', load);
  row('run (warm)', plain);
  row('run sampled every 10 ms for the chart (warm)', sampled);
  row('render the timeline SVG (first)', svgCold);
  row('render the timeline SVG (again)', svgWarm);
  row('lay the chart out before the run (as run --plot)', prep);
  row('then fill it with the run and write the SVG', fill);
  row('SVG → PNG', png);
}
