import {int} from './format-number.ts';
import type {ExitDetail, Summary} from './summary.ts';

/**
 * The Android sections of the run summary as text (the JSON's `foreground`, `preview`,
 * `cpuPeakPct`, `lmkd`, `reclaim`, `pageCache`, and the slowest exits of `exitsDetail`). Each
 * section is read defensively: a summary from another workload simply lacks it.
 */

const f1 = (n: number): string => n.toFixed(1);
const ms = (n: number): string => `${n.toFixed(1)} ms`;

type Rec = Record<string, unknown>;
const obj = (v: unknown): Rec | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : null);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** `key value` pairs of the non-zero entries of a counts object. */
function counts(v: unknown): string {
  const o = obj(v);
  if (!o) return '';
  const parts = Object.entries(o)
    .filter(([, n]) => num(n) > 0)
    .map(([k, n]) => `${k} ${int(num(n))}`);
  return parts.length ? parts.join(', ') : 'none';
}

const SHARE_LABEL: Readonly<Record<string, string>> = {
  busy: 'busy',
  exitingTasks: 'exiting tasks',
  kworkers: 'kworkers',
  camera: 'camera',
  services: 'services',
  kswapd: 'kswapd',
  lmkd: 'lmkd',
  idle: 'idle',
};

function shares(v: unknown): string {
  const o = obj(v);
  if (!o) return '-';
  return Object.entries(o)
    .filter(([k]) => k in SHARE_LABEL)
    .map(([k, n]) => `${SHARE_LABEL[k]} ${f1(num(n))}`)
    .join(', ');
}

/** Lines for the Android sections present in `s` (none for other workloads). */
export function androidLines(s: Summary): string[] {
  const out: string[] = [];
  const pc = obj(s['pageCache']);
  if (pc) {
    out.push(
      `  page cache: ${int(num(pc['fileMB']))} MB (active ${int(num(pc['activeMB']))}, inactive ${int(num(pc['inactiveMB']))}); refaults ${int(num(pc['refaultsMB']))} MB (workingset_refault_file), readahead given up ${int(num(pc['readaheadDroppedMB']))} MB`,
    );
  }
  const rc = obj(s['reclaim']);
  if (rc) {
    out.push(
      `  reclaim: ${int(num(rc['allocStalls']))} allocation stalls, ${int(num(rc['mayOomEntries']))} __alloc_pages_may_oom; ${int(num(rc['fileReclaimedMB']))} MB file pages and ${int(num(rc['reclaimedMB']))} MB anon to zram; kswapd woken ${int(num(rc['kswapdWakeups']))} times`,
    );
  }
  const fg = obj(s['foreground']);
  if (fg && num(fg['launches']) > 0) {
    const l = obj(fg['launchMs']);
    out.push(
      `  camera: ${int(num(fg['launches']))} launches, launch → first frame p50 ${ms(num(l?.['p50']))} p95 ${ms(num(l?.['p95']))} max ${ms(num(l?.['max']))}; ${int(num(fg['frames']))} frames, ${int(num(fg['framesLate']))} late (CPU ${int(num(fg['lateForCpu']))}, memory ${int(num(fg['lateForMemory']))})`,
    );
    out.push(`  launch CPU (launch → first frame, % of all CPUs, mean over launches): ${shares(fg['launchCpuPct'])}`);
  }
  const pv = obj(s['preview']);
  if (pv && num(pv['launches']) > 0) {
    const at = obj(pv['freeAtPreviewMB']);
    const w = obj(pv['free500MB']);
    const late = obj(pv['lateFramesPerLaunch']);
    out.push(
      `  preview: free at the first frame min ${int(num(at?.['min']))} / mean ${int(num(at?.['mean']))} MB, over the next 500 ms min ${int(num(w?.['min']))} / mean ${int(num(w?.['mean']))} MB; late frames per launch CPU ${num(late?.['cpu']).toFixed(2)}, memory ${num(late?.['memory']).toFixed(2)}; launches with a late frame ${f1(num(pv['launchesWithLateFramePct']))}%; launch stalled on memory ${ms(num(pv['launchMemStallMs']))} (mean)`,
    );
  }
  const peak = obj(s['cpuPeakPct']);
  if (peak && arr(peak['perLaunch']).length > 0) out.push(`  CPU peak (highest 100 ms of any launch window, % of all CPUs): ${shares(peak)}`);
  const lm = obj(s['lmkd']);
  if (lm) {
    const d = obj(lm['decisionToDeathMs']);
    out.push(
      `  lmkd: ${int(num(lm['kills']))} kills (${counts(lm['killsByReason'])}); per launch ${arr(lm['killsPerLaunch']).map((n) => int(num(n))).join(', ') || '-'}; decision → victim dead p50 ${ms(num(d?.['p50']))} p99 ${ms(num(d?.['p99']))}`,
    );
    out.push(
      `  lmkd wake-ups ${int(num(lm['wakeups']))} (${int(num(lm['skippedWakeups']))} skipped waiting for a victim, ${int(num(lm['bails']))} with no reclaim or refaults), PSI events ${int(num(lm['psiEvents']))}; reapers ${int(num(lm['reaperRuns']))} runs, ${int(num(lm['reaperBusySkips']))} busy; kernel OOM kills ${int(num(lm['oomKills']))}`,
    );
  }
  return out;
}

const SLOWEST = 10;

/** The slowest exits of `exitsDetail` as a small table. */
export function exitLines(details: readonly ExitDetail[]): string[] {
  if (details.length === 0) return [];
  const slowest = [...details].sort((a, b) => b.exitMs - a.exitMs || a.pid - b.pid).slice(0, SLOWEST);
  const rows = [
    ['pid', 'comm', 'adj', 'reason', 'killed at', 'exit', 'release', 'swap MB', 'with', 'cpu'],
    ...slowest.map((d) => [
      String(d.pid),
      d.comm.length > 28 ? `…${d.comm.slice(-27)}` : d.comm,
      String(d.oomScoreAdj),
      d.killReason || '-',
      `${(d.killedAtMs / 1000).toFixed(3)} s`,
      ms(d.exitMs),
      d.releaseMs === null ? 'parked' : ms(d.releaseMs),
      f1(d.swappedMB),
      String(d.concurrentExits),
      d.cpuType ?? '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const title = `  exits (slowest ${slowest.length} of ${details.length}; with = exits already running at its do_exit, cpu = where it ran most):`;
  return [title, ...rows.map((r) => `    ${r.map((c, i) => (i === 1 || i === 3 || i === 9 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd())];
}

/** Summary sections formatSummary prints itself (the rest are flattened). */
export const ANDROID_SECTIONS: readonly string[] = ['foreground', 'preview', 'cpuPeakPct', 'lmkd', 'reclaim', 'pageCache', 'exitsDetail', 'slowExits'];
