/**
 * One headless run and what the reports need from it: the summary `aswap run --json` prints, plus
 * the per-exit latencies behind its percentiles, so runs of several seeds pool into one sample.
 */
import {NS_PER_MS, NS_PER_S, type Engine} from '../engine/engine.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import type {RunSpec} from '../run-config.ts';
import {createEngine} from '../run.ts';
import {summarize, type Summary} from './summary.ts';

/** Per-exit latencies in ms, rounded to the µs (rounding is monotonic: percentiles are unchanged). */
export interface RunSamples {
  /** SIGKILL → do_task_dead of each killed task (each munmap process in `munmap`), in exit order. */
  readonly exitMs: readonly number[];
  /** SIGKILL → the last of the task's swap entries freed, in release order. */
  readonly releaseMs: readonly number[];
}

export interface PointResult {
  readonly summary: Summary;
  readonly samples: RunSamples;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The raw latencies of a finished run, chosen exactly as `summarize` chooses them (killed tasks,
 * or every process in `munmap`). Hook: once the summary itself carries per-exit records
 * (`exitsDetail`), `samplesOf` below reads them from there and this stays the fallback.
 */
export function engineSamples(engine: Engine, spec: RunSpec): RunSamples {
  const records = spec.scenario.workload === 'munmap' ? engine.exitRecords : engine.exitRecords.filter((r) => r.killed);
  return {
    exitMs: records.map((r) => r3((r.deadNs - r.startNs) / NS_PER_MS)),
    releaseMs: engine.releaseNs.map((ns) => r3(ns / NS_PER_MS)),
  };
}

/** Per-exit latencies from a summary that carries them (`exitsDetail: [{exitMs, releaseMs?}, …]`), else null. */
export function samplesOf(summary: Summary): RunSamples | null {
  const detail = summary.exitsDetail;
  if (!Array.isArray(detail) || detail.length === 0) return null;
  const exitMs: number[] = [];
  const releaseMs: number[] = [];
  for (const d of detail as unknown[]) {
    const rec = d as {exitMs?: unknown; releaseMs?: unknown};
    if (typeof rec.exitMs !== 'number') return null;
    exitMs.push(rec.exitMs);
    if (typeof rec.releaseMs === 'number') releaseMs.push(rec.releaseMs);
  }
  return {exitMs, releaseMs};
}

/**
 * Runs `spec` under `policy` headless, as fast as it can: the one code path of run, compare and sweep.
 * With `onProgress`, the run goes in slices of simulated time and reports after each.
 */
export function runPoint(spec: RunSpec, policy: PolicyName = spec.policy, onProgress?: (doneNs: number) => void): PointResult {
  const engine = createEngine(spec, {policy});
  const endNs = Math.round(spec.simSeconds * NS_PER_S);
  const t0 = performance.now();
  if (onProgress) {
    // In slices of simulated time (the same result as one go), so a long run can show its progress.
    const sliceNs = Math.max(NS_PER_S / 10, Math.round(endNs / 1000));
    for (let t = sliceNs; t < endNs; t += sliceNs) {
      engine.runUntil(t);
      onProgress(t);
    }
  }
  engine.runUntil(endNs);
  const summary = summarize(engine, spec, performance.now() - t0);
  return {summary, samples: samplesOf(summary) ?? engineSamples(engine, spec)};
}
