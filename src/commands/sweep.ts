import {UsageError} from '../errors.ts';
import {gridSize, MAX_POINTS_WITHOUT_YES, parseParam, parseShard, pointAt, shardIndices, type Grid, type GridParam} from '../report/grid.ts';
import {checkMetricNames, jobsOption, outputFormat, pointOptions, runAll, seedsOption} from '../report/outputs.ts';
import {gridIdOf, type PointLine, type SweepBase, type SweepHeader} from '../report/sweep-file.ts';
import {checkPlot} from '../report/output-file.ts';
import {reportSweep} from '../report/sweep-report.ts';
import {ASWAP_VERSION} from '../report/version.ts';
import {resolveRun, type RunOptions} from '../run-config.ts';
import {out, parsePolicies, runOptions, type Opts} from './options.ts';

/** Each swept value must be one `aswap run --set NAME=VALUE` accepts: resolveRun is the judge. */
function checkParams(base: RunOptions, params: readonly GridParam[]): void {
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name)) throw new UsageError(`--param ${p.name} is given twice: list all its values in one --param`);
    seen.add(p.name);
    for (const v of p.values) {
      try {
        resolveRun(pointOptions(base, 0, [`${p.name}=${v}`]));
      } catch (err) {
        if (err instanceof UsageError) throw new UsageError(`--param ${p.name}: ${err.message.replace(/^unknown key/, 'unknown parameter')}`);
        throw err;
      }
    }
  }
}

/**
 * `aswap sweep`: every combination of `--param` values under each policy and seed, on a pool of
 * worker threads; a table, CSV, markdown or streamed JSON lines, and a chart.
 */
export async function sweepCommand(o: Opts): Promise<void> {
  const format = outputFormat(o);
  const base = runOptions(o);
  const first = resolveRun(base);
  const seeds = seedsOption(o) ?? [first.seed];
  const policies = o.policies === undefined && o.policy !== undefined ? [first.policy] : parsePolicies(o.policies as string | undefined);
  const params = ((o.param as string[] | undefined) ?? []).map(parseParam);
  if (params.length === 0) throw new UsageError(`sweep needs at least one --param NAME=VALUES (e.g. --param maxCacheEntries=8,32,128); for policies alone use aswap compare`);
  checkParams(base, params);
  const shard = parseShard(o.shard as string | undefined);
  const jobs = jobsOption(o);
  checkMetricNames('--metrics', o.metrics as string | undefined);
  checkMetricNames('--plot-metrics', o.plotMetrics as string | undefined);
  const plot = checkPlot(o.plot, o.plotScale);

  const grid: Grid = {params, policies, seeds};
  const size = gridSize(grid);
  if (size > MAX_POINTS_WITHOUT_YES && o.yes !== true) {
    throw new UsageError(`the grid has ${size.toLocaleString('en-US')} points (more than ${MAX_POINTS_WITHOUT_YES.toLocaleString('en-US')}): add --yes to run it, or use --shard K/N`);
  }
  const sweepBase: SweepBase = {
    scenario: first.scenario.name,
    device: first.device.name,
    simSeconds: first.simSeconds,
    set: base.set ?? [],
    given: {scenario: base.scenario ?? null, device: base.device ?? null, simSeconds: base.simSeconds === undefined ? null : String(base.simSeconds)},
  };
  const gridId = gridIdOf(ASWAP_VERSION, sweepBase, grid);
  const indices = shardIndices(size, shard);
  const header: SweepHeader = {type: 'sweep', aswap: ASWAP_VERSION, gridId, base: sweepBase, grid, shard, points: indices.length};
  const points = indices.map((i) => pointAt(grid, i));
  const tasks = points.map((p) => ({
    options: {...pointOptions(base, p.seed, Object.entries(p.params).map(([k, v]) => `${k}=${v}`)), policy: p.policy},
    policy: p.policy,
  }));

  const plotter = plot ? (await import('../report/plotter.ts')).startPlotter(plot.ext) : null;
  if (format === 'json') out(JSON.stringify(header));
  const lines: PointLine[] = [];
  await runAll(tasks, jobs, (i, r) => {
    const p = points[i]!;
    const line: PointLine = {type: 'point', gridId, index: p.index, params: p.params, policy: p.policy, seed: p.seed, summary: r.summary, samples: r.samples};
    lines.push(line);
    // Streamed as points finish: a killed sweep keeps every finished point.
    if (format === 'json') out(JSON.stringify(line));
  });
  await reportSweep(header, lines, {format, metrics: o.metrics as string | undefined, plot, plotMetrics: o.plotMetrics as string | undefined, plotter}, (t) => process.stdout.write(t));
}
