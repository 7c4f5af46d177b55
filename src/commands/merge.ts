import {outputFormat} from '../report/outputs.ts';
import {readSweeps} from '../report/sweep-file.ts';
import {checkPlot} from '../report/output-file.ts';
import {reportSweep} from '../report/sweep-report.ts';
import {checkMetricNames} from '../report/outputs.ts';
import {out, type Opts} from './options.ts';

/**
 * `aswap merge FILES…`: the JSON-lines results of a sweep's shards (or of interrupted runs) joined
 * into the table, CSV, markdown or chart the unsharded sweep would print; `--json` prints the
 * joined JSON lines in grid order.
 */
export async function mergeCommand(paths: readonly string[], o: Opts): Promise<void> {
  const format = outputFormat(o);
  checkMetricNames('--metrics', o.metrics as string | undefined);
  checkMetricNames('--plot-metrics', o.plotMetrics as string | undefined);
  const plot = checkPlot(o.plot, o.plotScale);
  const data = readSweeps(paths);
  for (const w of data.warnings) process.stderr.write(`aswap: ${w}\n`);
  if (data.missing > 0) process.stderr.write(`aswap: ${data.missing} of the sweep's ${data.missing + data.points.length} points are in none of these files\n`);
  if (format === 'json') {
    out([data.header, ...data.points].map((l) => JSON.stringify(l)).join('\n'));
  }
  await reportSweep(data.header, data.points, {format, metrics: o.metrics as string | undefined, plot, plotMetrics: o.plotMetrics as string | undefined}, (t) => process.stdout.write(t));
}
