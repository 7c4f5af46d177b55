import {NS_PER_S} from '../engine/engine.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import {formatSummary} from '../report/format.ts';
import {summarize, type Summary} from '../report/summary.ts';
import {resolveRun, type RunSpec} from '../run-config.ts';
import {createEngine} from '../run.ts';
import {out, runOptions, type Opts} from './options.ts';
import {createProgress} from './progress.ts';

/**
 * Runs a spec headless, as fast as it can, and summarises it. The run goes in slices of simulated
 * time (the same result as one go) so that a long one can show its progress on stderr.
 */
export function runHeadless(spec: RunSpec, policy: PolicyName = spec.policy): Summary {
  const engine = createEngine(spec, {policy});
  const endNs = Math.round(spec.simSeconds * NS_PER_S);
  const progress = createProgress(`run ${spec.scenario.name} (${policy}, ${spec.simSeconds} s)`, endNs);
  const sliceNs = Math.max(NS_PER_S / 10, Math.round(endNs / 1000));
  const t0 = performance.now();
  try {
    for (let t = sliceNs; t < endNs; t += sliceNs) {
      engine.runUntil(t);
      progress?.update(t);
    }
    engine.runUntil(endNs);
  } finally {
    progress?.end();
  }
  return summarize(engine, spec, performance.now() - t0);
}

/** `aswap run`: one headless run, a summary as text or exactly one JSON object. */
export function runCommand(o: Opts): void {
  const spec = resolveRun(runOptions(o));
  const summary = runHeadless(spec);
  out(o.json ? JSON.stringify(summary) : formatSummary(summary));
}
