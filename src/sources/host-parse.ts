/**
 * Parsers for the /proc and /sys files the host monitor reads. Pure: text in, values out. Each
 * returns null when the text is not what the kernel prints (a truncated or garbled copy), so the
 * caller can treat that file as missing and say so once.
 */
import type {PsiLine, PsiSnapshot} from '../engine/snapshot.ts';

const KIB = 1024;

/** Whole non-negative decimal number, or null. */
function natural(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

function psiLine(line: string, kind: 'some' | 'full'): PsiLine | null {
  const m = new RegExp(`^${kind} avg10=(\\d+\\.\\d+) avg60=(\\d+\\.\\d+) avg300=(\\d+\\.\\d+) total=(\\d+)$`).exec(line.trim());
  if (!m) return null;
  return {avg10: Number(m[1]), avg60: Number(m[2]), avg300: Number(m[3]), total: Number(m[4])};
}

/** `/proc/pressure/memory`: `some avg10=0.12 avg60=… avg300=… total=…` then `full …` (psi_show()). */
export function parsePressure(text: string): PsiSnapshot | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const some = lines[0] === undefined ? null : psiLine(lines[0], 'some');
  const full = lines[1] === undefined ? null : psiLine(lines[1], 'full');
  return some && full ? {some, full} : null;
}

/** `Key:   123 kB` lines (meminfo_proc_show()); values in bytes when the unit is kB. */
function keyedKb(text: string, prefix: RegExp): Map<string, number> {
  const values = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(prefix, '');
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)(?: (kB))?\s*$/.exec(line);
    if (m) values.set(m[1]!, Number(m[2]) * (m[3] ? KIB : 1));
  }
  return values;
}

export interface MemInfo {
  readonly memTotalBytes: number;
  readonly memFreeBytes: number;
  readonly swapTotalBytes: number;
  readonly swapFreeBytes: number;
}

/** `/proc/meminfo`: MemTotal, MemFree, SwapTotal, SwapFree (all four, or null). */
export function parseMeminfo(text: string): MemInfo | null {
  const v = keyedKb(text, /^/);
  const memTotal = v.get('MemTotal');
  const memFree = v.get('MemFree');
  const swapTotal = v.get('SwapTotal');
  const swapFree = v.get('SwapFree');
  if (memTotal === undefined || memFree === undefined || swapTotal === undefined || swapFree === undefined) return null;
  if (memFree > memTotal || swapFree > swapTotal) return null;
  return {memTotalBytes: memTotal, memFreeBytes: memFree, swapTotalBytes: swapTotal, swapFreeBytes: swapFree};
}

export interface NodeMemInfo {
  readonly node: number;
  readonly totalBytes: number;
  readonly freeBytes: number;
}

/** `/sys/devices/system/node/nodeN/meminfo`: `Node 0 MemTotal:  16282464 kB`, `Node 0 MemFree: …`. */
export function parseNodeMeminfo(text: string): NodeMemInfo | null {
  const node = /^Node (\d+) /m.exec(text);
  if (!node) return null;
  const v = keyedKb(text, new RegExp(`^Node ${node[1]} `));
  const total = v.get('MemTotal');
  const free = v.get('MemFree');
  if (total === undefined || free === undefined || free > total) return null;
  return {node: Number(node[1]), totalBytes: total, freeBytes: free};
}

export interface Watermarks {
  /** Sum over all zones of all nodes, in pages. */
  readonly minPages: number;
  readonly lowPages: number;
  readonly highPages: number;
  readonly zones: number;
}

/**
 * `/proc/zoneinfo` (zoneinfo_show_print()): each `Node N, zone NAME` block has `min`, `low` and
 * `high` lines (no colon; the `high:` of the per-cpu pagesets is something else). Every zone must
 * have all three.
 */
export function parseZoneinfoWatermarks(text: string): Watermarks | null {
  let zones = 0;
  let current: {min?: number; low?: number; high?: number} | null = null;
  const done: {min?: number; low?: number; high?: number}[] = [];
  for (const line of text.split('\n')) {
    if (/^Node \d+, zone\s+\S+/.test(line)) {
      if (current) done.push(current);
      current = {};
      zones++;
      continue;
    }
    const m = /^\s+(min|low|high)\s+(\d+)\s*$/.exec(line);
    if (m && current) current[m[1] as 'min' | 'low' | 'high'] = Number(m[2]);
  }
  if (current) done.push(current);
  if (zones === 0) return null;
  let minPages = 0;
  let lowPages = 0;
  let highPages = 0;
  for (const zone of done) {
    if (zone.min === undefined || zone.low === undefined || zone.high === undefined) return null;
    minPages += zone.min;
    lowPages += zone.low;
    highPages += zone.high;
  }
  return {minPages, lowPages, highPages, zones};
}

/** `/proc/vmstat`: `name value` lines. Null when no line has that shape. */
export function parseVmstat(text: string): ReadonlyMap<string, number> | null {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z0-9_]+) (-?\d+)$/.exec(line.trim());
    if (m) values.set(m[1]!, Number(m[2]));
    else if (line.trim() !== '') return null;
  }
  return values.size > 0 ? values : null;
}

export interface SwapDevice {
  readonly filename: string;
  readonly type: string;
  readonly sizeBytes: number;
  readonly usedBytes: number;
  readonly priority: number;
}

/** `/proc/swaps` (swap_show()): a `Filename Type Size Used Priority` header, sizes in KiB. */
export function parseSwaps(text: string): readonly SwapDevice[] | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (!lines[0] || !/^Filename\s+Type\s+Size\s+Used\s+Priority\s*$/.test(lines[0])) return null;
  const devices: SwapDevice[] = [];
  for (const line of lines.slice(1)) {
    const m = /^(.+?)\s+(\S+)\s+(\d+)\s+(\d+)\s+(-?\d+)\s*$/.exec(line);
    if (!m) return null;
    devices.push({filename: m[1]!, type: m[2]!, sizeBytes: Number(m[3]) * KIB, usedBytes: Number(m[4]) * KIB, priority: Number(m[5])});
  }
  return devices;
}

export interface ZramMmStat {
  readonly origDataSize: number;
  readonly comprDataSize: number;
  readonly memUsedTotal: number;
}

/** `/sys/block/zramN/mm_stat` (mm_stat_show()): orig_data_size compr_data_size mem_used_total mem_limit …, bytes. */
export function parseZramMmStat(text: string): ZramMmStat | null {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 7) return null;
  const numbers = fields.map(natural);
  if (numbers.some((n) => n === null)) return null;
  return {origDataSize: numbers[0]!, comprDataSize: numbers[1]!, memUsedTotal: numbers[2]!};
}

export interface AswapFreeCounts {
  readonly exitingTasks: number;
  readonly cacheCounts: number;
}

/** `/proc/aswap_free_counts` of the patch: `exiting_tasks:%d cache_counts:%d\n`. */
export function parseAswapFreeCounts(text: string): AswapFreeCounts | null {
  const m = /^exiting_tasks:(-?\d+) cache_counts:(-?\d+)\n?$/.exec(text);
  return m ? {exitingTasks: Number(m[1]), cacheCounts: Number(m[2])} : null;
}

export interface KworkerComm {
  /** `kworker/u<pool>:<id>`, without the workqueue suffix. */
  readonly name: string;
  readonly poolId: number;
  readonly workerId: number;
  /** `+wq`: running a work of that workqueue now; `-wq`: the last workqueue it ran. */
  readonly busy: boolean;
  /** Workqueue name (worker->desc), or null when it has run nothing yet. */
  readonly workqueue: string | null;
}

/**
 * The comm of an unbound kworker as wq_worker_comm() (kernel/workqueue.c) shows it:
 * `kworker/u17:2+async_swap_free` or `kworker/u17:2-async_swap_free` or plain `kworker/u17:2`.
 * Null for anything else (per-CPU kworkers, rescuers `kworker/R-…`, other tasks).
 */
export function parseKworkerComm(comm: string): KworkerComm | null {
  const m = /^kworker\/u(\d+):(\d+)(?:([+-])(.+))?$/.exec(comm.replace(/\n$/, ''));
  if (!m) return null;
  return {
    name: `kworker/u${m[1]}:${m[2]}`,
    poolId: Number(m[1]),
    workerId: Number(m[2]),
    busy: m[3] === '+',
    workqueue: m[4] ?? null,
  };
}

export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  /** Field 3: R, S, D, I, … */
  readonly state: string;
  /** Fields 14 + 15, utime + stime, in clock ticks (USER_HZ, 100 per second). */
  readonly cpuTicks: number;
  /** Field 39: the CPU it last ran on. */
  readonly processor: number;
}

/** `/proc/PID/stat`. The comm is in parentheses and may hold spaces and parentheses: split after the last `)`. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = natural(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3; field n is rest[n - 3].
  const utime = natural(rest[11]);
  const stime = natural(rest[12]);
  const processor = natural(rest[36]);
  const state = rest[0];
  if (pid === null || utime === null || stime === null || processor === null || !state || !/^[A-Za-z]$/.test(state)) return null;
  return {pid, comm: text.slice(open + 1, close), state, cpuTicks: utime + stime, processor};
}

/** `0-3,8-11` (bitmap_print_to_pagebuf list form) → [0,1,2,3,8,9,10,11]. Empty text → []. */
export function parseCpuList(text: string): number[] | null {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const cpus: number[] = [];
  for (const part of trimmed.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 65536) return null;
    for (let cpu = from; cpu <= to; cpu++) cpus.push(cpu);
  }
  return cpus;
}

export interface CpuTimes {
  /** user + nice + system + irq + softirq + steal, in ticks. */
  readonly busy: number;
  /** busy + idle + iowait. */
  readonly total: number;
}

/** The `cpuN user nice system idle iowait irq softirq steal …` lines of `/proc/stat`. */
export function parseCpuStat(text: string): ReadonlyMap<number, CpuTimes> | null {
  const cpus = new Map<number, CpuTimes>();
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)((?: \d+){4,})\s*$/.exec(line);
    if (!m) continue;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = m[2]!.trim().split(' ').map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    cpus.set(Number(m[1]), {busy, total: busy + idle + iowait});
  }
  return cpus.size > 0 ? cpus : null;
}

/** `6.12.0-android16-…` → [6, 12]. */
export function parseKernelRelease(text: string): readonly [major: number, minor: number] | null {
  const m = /^(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}
