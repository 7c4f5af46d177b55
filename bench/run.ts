/**
 * `npm run bench`: how fast the engine runs headless. Figures only, never assertions.
 * Each case runs a few times in one process; the first run includes JIT warm-up, the best of the
 * rest is the steady state.
 */
import {NS_PER_S} from '../src/engine/engine.ts';
import {resolveRun, type RunOptions} from '../src/run-config.ts';
import {createEngine} from '../src/run.ts';

interface Case {
  readonly label: string;
  readonly options: RunOptions;
}

function measure(c: Case, repeats: number): void {
  const spec = resolveRun(c.options);
  const times: number[] = [];
  let events = 0;
  let tables = 0;
  for (let i = 0; i < repeats; i++) {
    const engine = createEngine(spec);
    const t0 = performance.now();
    engine.runUntil(Math.round(spec.simSeconds * NS_PER_S));
    times.push(performance.now() - t0);
    events = engine.eventCount;
    tables = engine.tablesZapped;
  }
  const first = times[0]!;
  const best = Math.min(...times.slice(1));
  const fmt = (ms: number): string =>
    `${ms.toFixed(1).padStart(7)} ms  ${((events / ms) * 1000 / 1e6).toFixed(2).padStart(5)} Mev/s  ${Math.round((spec.simSeconds * 1000) / ms).toString().padStart(6)}× real time`;
  console.log(`${c.label.padEnd(34)} ${String(events).padStart(8)} events  ${spec.simSeconds} s sim`);
  console.log(`  first run ${fmt(first)}`);
  console.log(`  best of ${repeats - 1} ${fmt(best)}  (${((best * 1e6) / Math.max(1, tables)).toFixed(0)} ns per PTE table zapped, ${tables} tables)`);
}

const cases: Case[] = [];
for (const policy of ['sync', 'gather', 'gather-oom']) cases.push({label: `kill-burst ${policy}`, options: {scenario: 'kill-burst', policy}});
for (const policy of ['sync', 'gather-oom']) cases.push({label: `camera-launch ${policy}`, options: {scenario: 'camera-launch', policy}});
for (const procs of [8, 16, 32, 64]) {
  cases.push({label: `munmap ${procs} procs × 256 MB (xeon-2s)`, options: {scenario: 'munmap', device: 'xeon-2s', simSeconds: 30, set: [`procs=${procs}`]}});
}
for (const extra of (process.env.BENCH_SCENARIOS ?? '').split(',').filter(Boolean)) {
  for (const policy of ['sync', 'gather-oom']) cases.push({label: `${extra} ${policy}`, options: {scenario: extra, policy}});
}

console.log(`aswap bench — node ${process.version}, NODE_ENV=${process.env.NODE_ENV}`);
for (const c of cases) measure(c, 6);
