import type {Percentiles} from '../engine/stats.ts';
import {ANDROID_SECTIONS, androidLines, exitLines} from './format-android.ts';
import {int} from './format-number.ts';
import {termsOf} from '../workload/terms.ts';
import type {Summary} from './summary.ts';

const ms = (n: number): string => `${n.toFixed(1)} ms`;
const pct = (p: Percentiles): string => `p50 ${ms(p.p50)}  p95 ${ms(p.p95)}  p99 ${ms(p.p99)}  max ${ms(p.max)}`;

/** The readable summary of one run. */
export function formatSummary(s: Summary): string {
  const lines: string[] = [];
  lines.push(`aswap run: ${s.scenario} on ${s.device}, policy ${s.policy}, seed ${s.seed}, ${s.simSeconds} s simulated`);
  const t = termsOf(s.workload);
  lines.push(t.killed ? `  ${t.started} ${int(s.kills)}, ${t.finished} ${int(s.exits)}` : `  ${t.finished} ${int(s.exits)}`);
  const exitLabel = `${t.latency} (${t.start} → ${t.end})`;
  const releaseLabel = `release latency (${t.start} → last entry freed)`;
  const w0 = Math.max(exitLabel.length, releaseLabel.length);
  lines.push(`  ${exitLabel.padEnd(w0)} ${pct(s.exitMs)}`);
  lines.push(`  ${releaseLabel.padEnd(w0)} ${pct(s.releaseMs)}`);
  const slow = s.slowExits;
  if (slow) lines.push(`  slow ${t.finished} (> ${slow.thresholdMs} ms): ${int(slow.count)}${slow.count > 0 ? `, mean ${ms(slow.meanMs)}, p50 ${ms(slow.p50Ms)}, p99 ${ms(slow.p99Ms)}` : ''}`);
  if (s.zapMs) lines.push(`  zap time (start → zap done)  mean ${ms(s.zapMs.mean)}  max ${ms(s.zapMs.max)}`);
  const w = s.swap;
  lines.push(`  swap entries: ${int(w.entriesAtKill)} at ${t.start} = ${int(w.freedSync)} freed inline + ${int(w.freedAsync)} by kworkers + ${int(w.pending)} pending`);
  const c = s.cache;
  lines.push(
    `  gather list: peak cache_count ${c.peak}, flushes ${int(c.flushes)} (forced ${int(c.forcedFlushes)}), works queued ${int(c.workQueued)}, empty ${int(c.workEmpty)}, alloc failures ${int(c.allocFailures)}, async_swap_count ${int(c.asyncSwapCount)}`,
  );
  for (const k of s.kworkers) {
    lines.push(`  kworkers node ${k.node}: ${k.workers} workers, ${ms(k.busyMs)} busy, ${int(k.worksRun)} works, ${int(k.entriesFreed)} entries freed`);
  }
  lines.push(`  CPU: exiting tasks ${ms(s.cpuMs.exitingTasks)}, kworkers ${ms(s.cpuMs.kworkers)}, reaper ${ms(s.cpuMs.reaper)}`);
  lines.push(`  exit cost: free_swap_and_cache_nr ${s.exitCost.freeSwapPct.toFixed(1)}% of the exiting tasks' work, zram ${s.exitCost.zramPctOfFreeSwap.toFixed(1)}% of that`);
  lines.push(
    `  PSI memory: some ${ms(s.psi.someTotalMs)}, full ${ms(s.psi.fullTotalMs)}; peak avg10 some ${s.psi.someAvg10Max.toFixed(2)} full ${s.psi.fullAvg10Max.toFixed(2)}`,
  );
  lines.push(
    `  memory: lowest free ${s.memory.freeMinMB.toFixed(0)} MB, zram peak ${s.memory.zramPeakMB.toFixed(0)} MB, held by parked entries at peak ${s.memory.zramHeldByGatherPeakMB.toFixed(1)} MB`,
  );
  lines.push(...androidLines(s));
  for (const [key, value] of Object.entries(s)) {
    if (KNOWN.has(key)) continue;
    lines.push(`  ${key}: ${flatten(value)}`);
  }
  lines.push(...exitLines(s.exitsDetail ?? []));
  const speed = s.engine.wallMs > 0 ? (s.simSeconds * 1000) / s.engine.wallMs : Infinity;
  lines.push(`  engine: ${int(s.engine.events)} events in ${s.engine.wallMs.toFixed(1)} ms wall (${Number.isFinite(speed) ? int(speed) : '∞'}× real time)`);
  return lines.join('\n');
}

const KNOWN = new Set([
  'scenario', 'workload', 'policy', 'device', 'seed', 'simSeconds', 'kills', 'exits', 'exitMs', 'releaseMs', 'zapMs', 'swap', 'cache',
  'kworkers', 'cpuMs', 'exitCost', 'psi', 'memory', 'engine', ...ANDROID_SECTIONS,
]);

function flatten(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v === 'number' ? fmtNum(v) : String(v);
  if (Array.isArray(v)) return v.map(flatten).join(', ');
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => (x !== null && typeof x === 'object' ? `${k} {${flatten(x)}}` : `${k} ${flatten(x)}`))
    .join(', ');
}

function fmtNum(n: number): string {
  return Number.isInteger(n) ? int(n) : n.toFixed(2);
}

interface Row {
  readonly label: string;
  readonly get: (s: Summary) => string;
}

const ROWS: readonly Row[] = [
  {label: 'kills / exits', get: (s) => `${s.kills} / ${s.exits}`},
  {label: 'exit p50 ms', get: (s) => s.exitMs.p50.toFixed(1)},
  {label: 'exit p95 ms', get: (s) => s.exitMs.p95.toFixed(1)},
  {label: 'exit p99 ms', get: (s) => s.exitMs.p99.toFixed(1)},
  {label: 'exit max ms', get: (s) => s.exitMs.max.toFixed(1)},
  {label: 'release p50 ms', get: (s) => s.releaseMs.p50.toFixed(1)},
  {label: 'release p99 ms', get: (s) => s.releaseMs.p99.toFixed(1)},
  {label: 'release max ms', get: (s) => s.releaseMs.max.toFixed(1)},
  {label: 'freed inline', get: (s) => int(s.swap.freedSync)},
  {label: 'freed by kworkers', get: (s) => int(s.swap.freedAsync)},
  {label: 'pending', get: (s) => int(s.swap.pending)},
  {label: 'cache_count peak', get: (s) => int(s.cache.peak)},
  {label: 'works queued / empty', get: (s) => `${int(s.cache.workQueued)} / ${int(s.cache.workEmpty)}`},
  {label: 'forced flushes', get: (s) => int(s.cache.forcedFlushes)},
  {label: 'kworkers', get: (s) => s.kworkers.map((k) => k.workers).join('+')},
  {label: 'CPU exiting tasks ms', get: (s) => s.cpuMs.exitingTasks.toFixed(0)},
  {label: 'CPU kworkers ms', get: (s) => s.cpuMs.kworkers.toFixed(0)},
  {label: 'CPU reaper ms', get: (s) => s.cpuMs.reaper.toFixed(0)},
  {label: 'PSI some total ms', get: (s) => s.psi.someTotalMs.toFixed(0)},
  {label: 'PSI full total ms', get: (s) => s.psi.fullTotalMs.toFixed(0)},
  {label: 'zram held by gather MB', get: (s) => s.memory.zramHeldByGatherPeakMB.toFixed(1)},
];

/** Side-by-side table of the same workload under several policies. */
export function formatCompare(results: readonly Summary[]): string {
  const first = results[0]!;
  const extra: Row[] = [];
  const fg = (s: Summary): {launchMs?: {p50: number; max: number}; framesLate?: number; frames?: number} | undefined =>
    s.foreground as {launchMs?: {p50: number; max: number}; framesLate?: number; frames?: number} | undefined;
  if (fg(first)?.launchMs) {
    extra.push({label: 'launch p50 ms', get: (s) => (fg(s)?.launchMs?.p50 ?? 0).toFixed(1)});
    extra.push({label: 'launch max ms', get: (s) => (fg(s)?.launchMs?.max ?? 0).toFixed(1)});
    extra.push({label: 'frames late / frames', get: (s) => `${fg(s)?.framesLate ?? 0} / ${fg(s)?.frames ?? 0}`});
  }
  const rows = [...ROWS, ...extra];
  const header = ['', ...results.map((s) => s.policy)];
  const table = [header, ...rows.map((r) => [r.label, ...results.map((s) => r.get(s))])];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const out = [`aswap compare: ${first.scenario} on ${first.device}, seed ${first.seed}, ${first.simSeconds} s simulated`];
  for (const row of table) out.push(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  return out.join('\n');
}
