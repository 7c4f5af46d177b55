import {aggregate, type Run} from '../report/aggregate.ts';
import {compareModel} from '../report/compare-table.ts';
import {toCsv} from '../report/csv.ts';
import {metricsFor} from '../report/metrics.ts';
import {checkPlot} from '../report/output-file.ts';
import {jobsOption, outputFormat, pointOptions, runAll, seedsOption} from '../report/outputs.ts';
import {renderMarkdown, renderText} from '../report/table-model.ts';
import {resolveRun} from '../run-config.ts';
import {out, parsePolicies, runOptions, type Opts} from './options.ts';

/**
 * `aswap compare`: the same seeded workload under each policy (and each seed of `--seeds`), side by
 * side, as a table, JSON, CSV or markdown, and optionally a chart.
 */
export async function compareCommand(o: Opts): Promise<void> {
  const format = outputFormat(o);
  const base = runOptions(o);
  const first = resolveRun(base);
  const seeds = seedsOption(o) ?? [first.seed];
  const policies = parsePolicies(o.policies as string | undefined);
  const plot = checkPlot(o.plot, o.plotScale);
  const jobs = jobsOption(o);
  const plotter = plot ? (await import('../report/plotter.ts')).startPlotter(plot.ext) : null;

  const tasks = policies.flatMap((policy) => seeds.map((seed) => ({options: pointOptions(base, seed), policy})));
  const results = await runAll(tasks, jobs);
  const runs: Run[] = results.map((r) => ({...r, params: {}}));
  const summaries = results.map((r) => r.summary);
  const metrics = metricsFor(summaries);
  const groups = aggregate(runs, metrics);
  const ctx = {scenario: first.scenario.name, device: first.device.name, simSeconds: first.simSeconds, seeds, workload: first.scenario.workload};

  // The chart first: if it cannot be written, nothing is printed as if all went well.
  if (plot && plotter) {
    const {comparePlotSpec} = await import('../report/plot-compare.ts');
    try {
      await plotter.write(plot, comparePlotSpec(runs, groups, metrics, ctx));
    } finally {
      await plotter.close();
    }
  }
  if (format === 'json') {
    const seedPart = seeds.length === 1 ? {seed: seeds[0]} : {seeds};
    out(JSON.stringify({scenario: first.scenario.name, ...seedPart, results: summaries, aggregate: groups}));
  } else if (format === 'csv') {
    process.stdout.write(toCsv(groups, metrics, []));
  } else {
    const model = compareModel(groups, metrics, ctx);
    out(format === 'markdown' ? renderMarkdown(model) : renderText(model));
  }
}
