/**
 * What the dashboard remembers across snapshots, and the figures it derives from that: PSI stall per
 * second (what lmkd's PSI monitors see), kworker rates over a short sliding window, the log's
 * scrollback, and when the foreground app started launching. Pure: `advance(history, snapshot)`
 * returns the next history; a clock that goes back (restart, a replay seeking back) starts afresh.
 */
import type {LogEntry, Snapshot} from '../src/engine/snapshot.ts';

const NS_PER_S = 1_000_000_000;
/** How far back samples are kept: the PSI sparkline's seconds. */
const KEEP_NS = 25 * NS_PER_S;
/** Samples closer together than this replace each other (slow motion publishes 10 ms apart). */
const MIN_SPACING_NS = 20_000_000;
const MAX_SAMPLES = 500;
/** Log entries kept for scrolling back. */
export const LOG_KEEP = 2000;
/**
 * The kworker rates' window, in simulated time: short enough that "busy 0" and "freed 0/s" agree
 * within a few frames, long enough to smooth over single work items.
 */
export const RATE_WINDOW_NS = 500_000_000;
/** lmkd's PSI monitors use 1 s windows. */
export const PSI_WINDOW_NS = NS_PER_S;

interface NodeSample {
  readonly node: number;
  readonly cpus: number;
  readonly entriesFreed: number;
  readonly kworkerMs: ReadonlyMap<string, number>;
}

interface Sample {
  readonly nowNs: number;
  /** PSI totals in µs, when the source has PSI. */
  readonly someUs: number | null;
  readonly fullUs: number | null;
  readonly nodes: readonly NodeSample[] | null;
}

export interface History {
  /** Which run this is about (source, scenario, seed): another run starts a new history. */
  readonly key: string;
  /** Oldest first. */
  readonly samples: readonly Sample[];
  /** Every log entry seen, oldest first, at most LOG_KEEP. */
  readonly log: readonly LogEntry[];
  /** When the foreground app entered `launching`, as seen by the frames. */
  readonly launchStartNs: number | null;
  readonly lastForegroundState: string | null;
}

export const emptyHistory: History = {key: '', samples: [], log: [], launchStartNs: null, lastForegroundState: null};

function sampleOf(s: Snapshot): Sample {
  return {
    nowNs: s.nowNs,
    someUs: s.psi?.some.total ?? null,
    fullUs: s.psi?.full.total ?? null,
    nodes: s.nodes?.map((n) => ({node: n.node, cpus: n.cpus, entriesFreed: n.entriesFreed, kworkerMs: new Map(n.kworkers.map((k) => [k.name, k.cpuMs]))})) ?? null,
  };
}

function appendLog(log: readonly LogEntry[], entries: readonly LogEntry[]): readonly LogEntry[] {
  const last = log.length > 0 ? log[log.length - 1]!.seq : -1;
  const fresh = entries.filter((e) => e.seq > last);
  if (fresh.length === 0) return log;
  const next = [...log, ...fresh];
  return next.length > LOG_KEEP ? next.slice(next.length - LOG_KEEP) : next;
}

/** The history after one more snapshot. The same object when the snapshot adds nothing. */
export function advance(h: History, s: Snapshot): History {
  const key = `${s.source}|${s.scenario}|${s.seed}`;
  const lastSample = h.samples[h.samples.length - 1];
  const firstSeq = s.log.length > 0 ? s.log[0]!.seq : null;
  const lastSeq = h.log.length > 0 ? h.log[h.log.length - 1]!.seq : null;
  const restarted = key !== h.key || (lastSample !== undefined && s.nowNs < lastSample.nowNs) || (firstSeq !== null && lastSeq !== null && s.log[s.log.length - 1]!.seq < lastSeq);
  const base = restarted ? {...emptyHistory, key} : h;
  const prev = base.samples[base.samples.length - 1];
  if (prev !== undefined && prev.nowNs === s.nowNs && base.log === appendLog(base.log, s.log)) return base;

  let samples = [...base.samples];
  // The newest sample always counts; the one before it only if it is far enough from its own predecessor.
  if (prev !== undefined && samples.length >= 2 && prev.nowNs - samples[samples.length - 2]!.nowNs < MIN_SPACING_NS) samples.pop();
  samples.push(sampleOf(s));
  // Only the rate window needs the kworkers' figures: older samples keep just PSI.
  const old = samples.length - 1 - Math.ceil(RATE_WINDOW_NS / MIN_SPACING_NS) * 2;
  if (old >= 0 && samples[old]!.nodes !== null) samples[old] = {...samples[old]!, nodes: null};
  const oldest = s.nowNs - KEEP_NS;
  let drop = 0;
  while (drop < samples.length - 2 && samples[drop + 1]!.nowNs <= oldest) drop++;
  if (samples.length - drop > MAX_SAMPLES) drop = samples.length - MAX_SAMPLES;
  if (drop > 0) samples = samples.slice(drop);

  const state = s.foreground?.state ?? null;
  let launchStartNs = base.launchStartNs;
  // A launch already under way when the history began started at an unknown time.
  if (state === 'launching' && base.lastForegroundState !== 'launching') launchStartNs = base.samples.length > 0 ? s.nowNs : null;
  if (state !== 'launching') launchStartNs = null;
  return {key, samples, log: appendLog(base.log, s.log), launchStartNs, lastForegroundState: state};
}

/** The latest sample at or before `tNs`, else null. */
function sampleAt(samples: readonly Sample[], tNs: number): Sample | null {
  let lo = 0;
  let hi = samples.length - 1;
  let found: Sample | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.nowNs <= tNs) {
      found = samples[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The sample a window of `spanNs` ending at the newest one starts from: the oldest one if the history is shorter. */
function windowBase(samples: readonly Sample[], spanNs: number): Sample | null {
  const now = samples[samples.length - 1];
  if (now === undefined || samples.length < 2) return null;
  const base = sampleAt(samples, now.nowNs - spanNs) ?? samples[0]!;
  return base.nowNs < now.nowNs ? base : null;
}

/** Stall per second of simulated time, ms: some and full. */
export interface PsiRate {
  readonly someMs: number;
  readonly fullMs: number;
}

/** PSI stall over the last second (scaled to a second when the history is shorter), or null without PSI or history. */
export function psiWindow(h: History): PsiRate | null {
  const now = h.samples[h.samples.length - 1];
  const base = windowBase(h.samples, PSI_WINDOW_NS);
  if (!now || !base || now.someUs === null || base.someUs === null || now.fullUs === null || base.fullUs === null) return null;
  // A history shorter than a fifth of the window says too little.
  const dt = now.nowNs - base.nowNs;
  if (dt < PSI_WINDOW_NS / 5) return null;
  const scale = NS_PER_S / dt / 1000;
  return {someMs: Math.max(0, (now.someUs - base.someUs) * scale), fullMs: Math.max(0, (now.fullUs - base.fullUs) * scale)};
}

/** `some` stall in ms in each of the last `count` whole simulated seconds, oldest first (null where unknown). */
export function psiSeconds(h: History, count: number): (number | null)[] {
  const now = h.samples[h.samples.length - 1];
  if (!now || now.someUs === null) return new Array<number | null>(count).fill(null);
  const end = Math.floor(now.nowNs / NS_PER_S) * NS_PER_S;
  const out: (number | null)[] = [];
  for (let i = count; i >= 1; i--) {
    const from = end - i * NS_PER_S;
    const to = from + NS_PER_S;
    const a = from < 0 ? null : sampleAt(h.samples, from);
    const b = sampleAt(h.samples, to);
    out.push(a && b && a.someUs !== null && b.someUs !== null && b.nowNs > a.nowNs ? Math.max(0, (b.someUs - a.someUs) / 1000) : null);
  }
  return out;
}

/** One node's kworkers over the sliding window. */
export interface NodeRate {
  /** Swap entries freed per simulated second. */
  readonly freedPerSec: number;
  /** Share of the node's CPUs the pool's kworkers used, 0–100. */
  readonly cpuPct: number;
}

/** Per node, over the last RATE_WINDOW_NS; null until two samples exist (the snapshot's own figures serve then). */
export function nodeRates(h: History): ReadonlyMap<number, NodeRate> | null {
  const now = h.samples[h.samples.length - 1];
  const base = windowBase(h.samples, RATE_WINDOW_NS);
  if (!now?.nodes || !base?.nodes) return null;
  const dtS = (now.nowNs - base.nowNs) / NS_PER_S;
  const rates = new Map<number, NodeRate>();
  for (const n of now.nodes) {
    const b = base.nodes.find((x) => x.node === n.node);
    let cpuMs = 0;
    for (const [name, ms] of n.kworkerMs) cpuMs += Math.max(0, ms - (b?.kworkerMs.get(name) ?? 0));
    rates.set(n.node, {
      freedPerSec: Math.max(0, (n.entriesFreed - (b?.entriesFreed ?? 0)) / dtS),
      cpuPct: Math.min(100, (cpuMs / (dtS * 1000 * Math.max(1, n.cpus))) * 100),
    });
  }
  return rates;
}
