/**
 * A run as a timeline, built from the engine's public API only (no hooks in the scheduler): the
 * engine is stepped in fixed slices of simulated time (1 ms by default), and after each slice we
 * read what each CPU runs (`sched.current`, the context `top` would show), the counters, and the
 * log entries that appeared. Consecutive samples of the same context merge into one slice, so a
 * slice's edges are exact to the step. Stepping in slices changes nothing in the run itself (the
 * summary equals the one `aswap run` prints; a test holds us to it).
 */
import {NS_PER_MS, NS_PER_S, PAGE_SIZE, type Engine} from '../engine/engine.ts';
import type {Thread} from '../engine/cpu.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import type {RunSpec} from '../run-config.ts';
import {createEngine} from '../run.ts';
import {engineSamples, samplesOf, type PointResult} from './run-point.ts';
import {summarize} from './summary.ts';

const MB = 1024 * 1024;

/** One nesting level of what runs on a CPU: the context, then the kernel function it is in. */
export interface Frame {
  readonly name: string;
  readonly cat: string;
  readonly args?: Readonly<Record<string, string | number>>;
}

export interface Slice extends Frame {
  readonly startNs: number;
  readonly endNs: number;
  readonly depth: number;
}

export interface Instant {
  readonly tNs: number;
  readonly name: string;
  readonly cat: string;
  readonly args: Readonly<Record<string, string | number>>;
}

/** Counter values after each step, column by column. */
export interface Counters {
  readonly tNs: number[];
  readonly freeMB: number[];
  readonly cacheCount: number[];
  readonly zramMB: number[];
  readonly zramHeldMB: number[];
  readonly exitingTasks: number[];
  readonly psiSomeAvg10: number[];
  readonly psiFullAvg10: number[];
  /** Share of the step with some / all tasks stalled on memory, %. */
  readonly psiSomePct: number[];
  readonly psiFullPct: number[];
  readonly worksQueued: number[];
}

export interface Timeline {
  readonly stepNs: number;
  readonly cpus: readonly {readonly cpu: number; readonly node: number; readonly capacity: number}[];
  readonly counters: Counters;
  /** Per CPU, sorted by start, parents before their children. */
  readonly slices: readonly Slice[][];
  readonly instants: readonly Instant[];
  readonly watermarksMB: {readonly min: number; readonly low: number; readonly high: number};
  /** Log entries that scrolled out of the engine's log between two samples (0 at any sane step). */
  readonly logLost: number;
}

const CAMERA = /camera/i;

/** What a thread on a CPU is doing, outermost first. */
export function framesOf(engine: Engine, t: Thread): Frame[] {
  switch (t.kind) {
    case 'task': {
      const p = engine.procs.get(t.owner);
      const who = {comm: t.comm, pid: t.owner};
      if (!p || p.state === 'alive' || p.state === 'dead') return [{name: t.comm, cat: 'app', args: who}];
      const outer: Frame = {name: `${t.comm} (${t.owner})`, cat: 'exiting', args: {...who, reason: p.killReason || 'munmap'}};
      const fn: Frame = {name: p.state === 'munmap' ? 'munmap' : 'do_exit', cat: 'exiting'};
      return p.phase === 'zap' ? [outer, fn, {name: 'zap_pte_range', cat: 'exiting'}] : [outer, fn];
    }
    case 'kworker': {
      const w = engine.wq.workers[t.owner];
      return [{name: t.comm, cat: 'kworker'}, {name: w?.busy ? 'async_release_func' : 'worker_thread', cat: 'kworker'}];
    }
    case 'reaper':
      return [{name: t.comm, cat: 'reaper'}, {name: 'process_mrelease', cat: 'reaper'}];
    case 'world':
      if (t.comm.startsWith('kswapd')) return [{name: t.comm, cat: 'kswapd'}, {name: 'balance_pgdat', cat: 'kswapd'}];
      if (t.comm === 'lmkd') return [{name: t.comm, cat: 'lmkd'}];
      if (CAMERA.test(t.comm)) return [{name: t.comm, cat: 'foreground'}];
      return [{name: t.comm, cat: 'service'}];
  }
}

/** The instant event of a log entry, or null for entries that are not events on a timeline. */
export function instantOf(kind: string, text: string, tNs: number): Instant | null {
  switch (kind) {
    case 'kill': {
      const m = /^kill (.+) \((\d+)\) adj (-?\d+): (.+), (\d+) MB in swap$/.exec(text);
      const args: Record<string, string | number> = m ? {comm: m[1]!, pid: Number(m[2]), oom_score_adj: Number(m[3]), reason: m[4]!, swapMB: Number(m[5])} : {text};
      return {tNs, name: m ? `kill ${m[1]}: ${m[4]}` : 'kill', cat: 'kill', args};
    }
    case 'oom':
      return {tNs, name: text.startsWith('flush') ? 'flush (OOM path)' : 'OOM kill', cat: 'oom', args: {text}};
    case 'flush':
      return text.includes('(manual)') ? {tNs, name: 'flush (manual)', cat: 'flush', args: {text}} : null;
    case 'launch':
      return {tNs, name: text.includes('first frame') ? 'first frame' : text.startsWith('camera cold launch') ? 'camera launch' : text, cat: 'foreground', args: {text}};
    case 'alloc-fail':
      return {tNs, name: 'GFP_ATOMIC failure', cat: 'alloc-fail', args: {text}};
    case 'info':
      return text.startsWith('psi:') ? {tNs, name: 'PSI event', cat: 'psi', args: {text}} : null;
    default:
      return null;
  }
}

interface Open extends Frame {
  readonly key: string;
  readonly startNs: number;
}

/**
 * Runs `spec` under `policy`, sampling every `stepNs`; returns the timeline and the run's result.
 * `cpus: false` skips what runs on each CPU (a chart needs only the counters and the events).
 */
export function recordTimeline(spec: RunSpec, policy: PolicyName, stepNs = NS_PER_MS, opts: {cpus?: boolean} = {}): {timeline: Timeline; result: PointResult} {
  const sampleCpus = opts.cpus ?? true;
  const engine = createEngine(spec, {policy});
  const endNs = Math.round(spec.simSeconds * NS_PER_S);
  const ncpu = engine.sched.count;
  const counters: Counters = {tNs: [], freeMB: [], cacheCount: [], zramMB: [], zramHeldMB: [], exitingTasks: [], psiSomeAvg10: [], psiFullAvg10: [], psiSomePct: [], psiFullPct: [], worksQueued: []};
  const slices: Slice[][] = Array.from({length: ncpu}, () => []);
  const open: Open[][] = Array.from({length: ncpu}, () => []);
  const instants: Instant[] = [];
  let nextSeq = 0;
  let logLost = 0;
  let lastPsi = engine.psi.totalsAt(0);
  let lastT = 0;

  const close = (cpu: number, keep: number, tNs: number): void => {
    const stack = open[cpu]!;
    while (stack.length > keep) {
      const f = stack.pop()!;
      slices[cpu]!.push({name: f.name, cat: f.cat, ...(f.args ? {args: f.args} : {}), startNs: f.startNs, endNs: tNs, depth: stack.length});
    }
  };

  const sample = (tNs: number): void => {
    for (let cpu = 0; sampleCpus && cpu < ncpu; cpu++) {
      const t = engine.sched.current(cpu);
      const frames = t ? framesOf(engine, t) : [];
      const stack = open[cpu]!;
      let same = 0;
      while (same < stack.length && same < frames.length && stack[same]!.key === `${t!.id}:${frames[same]!.name}`) same++;
      close(cpu, same, tNs);
      for (let d = same; d < frames.length; d++) stack.push({...frames[d]!, key: `${t!.id}:${frames[d]!.name}`, startNs: tNs});
    }
    const psi = engine.psi.totalsAt(tNs);
    const dt = tNs - lastT;
    counters.tNs.push(tNs);
    counters.freeMB.push((engine.freePages * PAGE_SIZE) / MB);
    counters.cacheCount.push(engine.cacheCount);
    counters.zramMB.push(engine.zramBytes() / MB);
    counters.zramHeldMB.push(engine.zramBytes(engine.entriesParked) / MB);
    counters.exitingTasks.push(engine.exitingTaskCount);
    counters.psiSomeAvg10.push(engine.psi.some.avg10);
    counters.psiFullAvg10.push(engine.psi.full.avg10);
    counters.psiSomePct.push(dt > 0 ? (100 * (psi.someNs - lastPsi.someNs)) / dt : 0);
    counters.psiFullPct.push(dt > 0 ? (100 * (psi.fullNs - lastPsi.fullNs)) / dt : 0);
    counters.worksQueued.push(engine.workQueued);
    lastPsi = psi;
    lastT = tNs;
    const log = engine.logView;
    if (log.length > 0 && log[0]!.seq > nextSeq) logLost += log[0]!.seq - nextSeq;
    // Entries carry consecutive sequence numbers: the new ones start at nextSeq.
    for (let i = log.length > 0 ? Math.max(0, nextSeq - log[0]!.seq) : 0; i < log.length; i++) {
      const e = log[i]!;
      const ev = instantOf(e.kind, e.text, e.tNs);
      if (ev) instants.push(ev);
    }
    if (log.length > 0) nextSeq = log[log.length - 1]!.seq + 1;
  };

  const t0 = performance.now();
  sample(0);
  for (let t = Math.min(stepNs, endNs); ; t = Math.min(t + stepNs, endNs)) {
    engine.runUntil(t);
    sample(t);
    if (t >= endNs) break;
  }
  for (let cpu = 0; cpu < ncpu; cpu++) close(cpu, 0, endNs);
  const summary = summarize(engine, spec, performance.now() - t0);
  for (const s of slices) s.sort((a, b) => a.startNs - b.startNs || a.depth - b.depth);
  const timeline: Timeline = {
    stepNs,
    cpus: Array.from({length: ncpu}, (_, cpu) => ({cpu, node: engine.sched.nodeOf(cpu), capacity: engine.sched.capacityOf(cpu)})),
    counters,
    slices,
    instants,
    watermarksMB: {min: (engine.minPages * PAGE_SIZE) / MB, low: (engine.lowPages * PAGE_SIZE) / MB, high: (engine.highPages * PAGE_SIZE) / MB},
    logLost,
  };
  return {timeline, result: {summary, samples: samplesOf(summary) ?? engineSamples(engine, spec)}};
}
