import {NS_PER_S} from '../engine/engine.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import {formatSummary} from '../report/format.ts';
import {summarize, type Summary} from '../report/summary.ts';
import {resolveRun, type RunSpec} from '../run-config.ts';
import {createEngine} from '../run.ts';
import {out, runOptions, type Opts} from './options.ts';

/** Runs a spec headless, as fast as it can, and summarises it. */
export function runHeadless(spec: RunSpec, policy: PolicyName = spec.policy): Summary {
  const engine = createEngine(spec, {policy});
  const t0 = performance.now();
  engine.runUntil(Math.round(spec.simSeconds * NS_PER_S));
  return summarize(engine, spec, performance.now() - t0);
}

/** `aswap run`: one headless run, a summary as text or exactly one JSON object. */
export function runCommand(o: Opts): void {
  const spec = resolveRun(runOptions(o));
  const summary = runHeadless(spec);
  out(o.json ? JSON.stringify(summary) : formatSummary(summary));
}
