import {NS_PER_MS, NS_PER_S} from '../engine/engine.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import {formatSummary} from '../report/format.ts';
import {checkOutput, checkPlot, writeOutput, type OutputPath} from '../report/output-file.ts';
import {runPoint} from '../report/run-point.ts';
import type {Summary} from '../report/summary.ts';
import {resolveRun, type RunSpec} from '../run-config.ts';
import {UsageError} from '../errors.ts';
import {out, parsePositive, runOptions, type Opts} from './options.ts';
import {createProgress} from './progress.ts';

/**
 * Runs a spec headless, as fast as it can, and summarises it. The run goes in slices of simulated
 * time (the same result as one go) so that a long one can show its progress on stderr.
 */
export function runHeadless(spec: RunSpec, policy: PolicyName = spec.policy): Summary {
  const endNs = Math.round(spec.simSeconds * NS_PER_S);
  const progress = createProgress(`run ${spec.scenario.name} (${policy}, ${spec.simSeconds} s)`, endNs);
  try {
    return runPoint(spec, policy, progress ? (doneNs) => progress.update(doneNs) : undefined).summary;
  } finally {
    progress?.end();
  }
}

/** The timeline outputs of `run` and `record`: checked before the run, written after it. */
export interface TimelineOutputs {
  readonly plot: OutputPath | null;
  readonly perfetto: OutputPath | null;
  readonly stepNs: number;
}

export function timelineOutputs(o: Opts): TimelineOutputs {
  const plot = checkPlot(o.plot, o.plotScale);
  const perfetto = checkOutput('--perfetto', o.perfetto as string | undefined, ['json'], 'Perfetto trace');
  const sampleMs = parsePositive('--sample-ms', o.sampleMs as string | undefined, {max: 10_000});
  if (sampleMs !== undefined && !plot && !perfetto) throw new UsageError('--sample-ms goes with --plot or --perfetto');
  // 1 ms shows individual exits on the CPU tracks; a chart alone needs far fewer points.
  const stepMs = sampleMs ?? (perfetto ? 1 : 10);
  return {plot, perfetto, stepNs: Math.max(1, Math.round(stepMs * NS_PER_MS))};
}

/** Runs `spec` sampled on a timeline and writes the chart and/or the Perfetto trace; returns the summary. */
export async function runWithTimeline(spec: RunSpec, outputs: TimelineOutputs): Promise<Summary> {
  // The plotter loads the charting libraries on its own thread and lays the chart out while the
  // simulation runs; once it is done, only the run's data goes in.
  const ctx = {scenario: spec.scenario.name, device: spec.device.name, policy: spec.policy, seed: spec.seed};
  const plotter = outputs.plot ? (await import('../report/plotter.ts')).startPlotter(outputs.plot.ext) : null;
  const chart = plotter ? await import('../report/plot-timeline.ts') : null;
  const prepared = plotter && chart ? plotter.prepare(chart.timelinePlotTemplate()) : null;
  const {recordTimeline} = await import('../report/timeline.ts');
  const {timeline, result} = recordTimeline(spec, spec.policy, outputs.stepNs, {cpus: outputs.perfetto !== null});
  if (outputs.perfetto) {
    const {perfettoJson} = await import('../report/perfetto.ts');
    writeOutput(outputs.perfetto, perfettoJson(timeline, ctx));
  }
  if (outputs.plot && plotter && chart && prepared) {
    try {
      await plotter.writePrepared(outputs.plot, prepared, chart.timelinePlotFill(timeline, ctx));
    } finally {
      await plotter.close();
    }
  }
  return result.summary;
}

/** `aswap run`: one headless run, a summary as text or exactly one JSON object; optionally a chart and a Perfetto trace. */
export async function runCommand(o: Opts): Promise<void> {
  const spec = resolveRun(runOptions(o));
  const outputs = timelineOutputs(o);
  const summary = outputs.plot || outputs.perfetto ? await runWithTimeline(spec, outputs) : runHeadless(spec);
  out(o.json ? JSON.stringify(summary) : formatSummary(summary));
}
