/**
 * Tiny engines for the engine scenario tests: a round-number device (every core capacity 1.0, no
 * contention on shared lines, so the times of a trace can be worked out by hand), a workload of a few
 * processes with fixed layouts, and projections of the exact trace.
 */
import {DEVICES, type Costs, type Device} from '../../src/engine/devices.ts';
import {Engine, type EngineConfig, type Proc, type TraceEntry, type Workload} from '../../src/engine/engine.ts';
import {PTRS_PER_PTE} from '../../src/engine/mm.ts';
import type {Params} from '../../src/engine/snapshot.ts';

/** Costs in round nanoseconds: a swap entry costs 1 µs (100 ns swap core + 900 ns zram). */
export const TEST_COSTS: Costs = {
  swapCoreNs: 100,
  zramNs: 900,
  runNs: 1_000,
  pteTableNs: 1_000,
  presentPageNs: 0,
  gatherAddNs: 100,
  queueWorkNs: 1_000,
  workerWakeNs: 5_000,
  workerCreateNs: 100_000,
  emptyWorkNs: 1_000,
  nodeFreeNs: 100,
  exitPrologueNs: 10_000,
  exitEpilogueNs: 10_000,
  // No shared-line holds: no contention, so times can be worked out by hand.
  atomicNs: 0,
  zsClassHoldShare: 0,
  zsFreeShare: 0.8,
  lineTransfers: 2,
  memcgLevels: 0,
  tlbBatchAddNs: 1,
  batchPageNs: 100,
  gcMarkNs: 10,
  deferHandleNs: 10,
};

/** `cpus` cores of capacity 1.0 on one node (more with `nodes`), 4 GB, the test costs. */
export function testDevice(opts: {cpus?: number; nodes?: number; costs?: Partial<Costs>} = {}): Device {
  const cpus = opts.cpus ?? 4;
  const nodes = opts.nodes ?? 1;
  return {
    ...DEVICES.phone!,
    name: 'test',
    description: 'test device: capacity-1.0 cores, round costs',
    clusters: Array.from({length: nodes}, (_, node) => ({name: `n${node}`, count: cpus, capacity: 1.0, node, lineNs: 100})),
    crossClusterLineNs: 100,
    crossNodeLineNs: 200,
    ramMB: 4_096,
    zramDiskMB: 2_048,
    costs: {...TEST_COSTS, ...opts.costs},
  };
}

/** A process of the tiny world: fully swapped PTE tables unless `presentPages` is given. */
export interface TinyProc {
  readonly comm?: string;
  /** Fully swapped PTE tables of 512 entries (ignored when `swapEntries` is given). */
  readonly tables?: number;
  readonly swapEntries?: number;
  readonly presentPages?: number;
  /** Mean swap run length: 512 means one run per table. @default 512 */
  readonly meanRunEntries?: number;
  /** SIGKILL at this time (ns); `munmapAtNs` instead makes it a live process unmapping. */
  readonly killAtNs?: number;
  readonly munmapAtNs?: number;
  /** Pin to these CPUs. */
  readonly allowed?: readonly number[];
}

/** A workload that spawns the given processes (pids 1000, 1001, …) and kills or unmaps them. */
export function tinyWorkload(procs: readonly TinyProc[]): Workload {
  return {
    name: 'tiny',
    init(engine: Engine): void {
      procs.forEach((p, i) => {
        const proc = engine.spawn({
          comm: p.comm ?? `app${i}`,
          oomScoreAdj: 900 + i,
          presentPages: p.presentPages ?? 0,
          swapEntries: p.swapEntries ?? (p.tables ?? 1) * PTRS_PER_PTE,
          meanRunEntries: p.meanRunEntries ?? PTRS_PER_PTE,
          allowed: p.allowed ?? null,
          layoutRng: null,
        });
        if (p.killAtNs !== undefined) engine.scheduleKill(p.killAtNs, proc.pid, 'test');
        if (p.munmapAtNs !== undefined) engine.at(p.munmapAtNs, 'munmap', proc.pid);
      });
    },
    onEvent(engine: Engine, tag: string, a: number): void {
      if (tag === 'munmap') engine.startMunmap(a);
    },
  };
}

export interface TinyOptions {
  readonly params?: Partial<Params>;
  readonly device?: Device;
  readonly seed?: number;
  readonly nodeAllocFailRate?: number;
  readonly workAllocFailRate?: number;
}

/** An engine with a trace over a tiny workload; `procs` lists its processes by pid order. */
export function tinyEngine(procs: readonly TinyProc[], opts: TinyOptions = {}): {engine: Engine; procs: Proc[]} {
  const config: EngineConfig = {
    scenario: 'test',
    device: opts.device ?? testDevice(),
    seed: opts.seed ?? 1,
    params: {policy: 'gather', ...opts.params},
    nodeAllocFailRate: opts.nodeAllocFailRate ?? 0,
    workAllocFailRate: opts.workAllocFailRate ?? 0,
    trace: true,
  };
  const engine = new Engine(config, tinyWorkload(procs));
  return {engine, procs: [...engine.procs.values()]};
}

/** The trace lines of the given kinds as `tNs ev [pid] detail`, SimPy-log style. */
export function lines(engine: Engine, evs: readonly string[]): string[] {
  return (engine.trace ?? []).filter((e) => evs.includes(e.ev)).map(line);
}

export function line(e: TraceEntry): string {
  return [e.tNs, e.ev, e.pid, e.detail].filter((x) => x !== undefined).join(' ');
}

/** The details of the trace lines of one kind. */
export function details(engine: Engine, ev: string): string[] {
  return (engine.trace ?? []).filter((e) => e.ev === ev).map((e) => e.detail ?? '');
}

export function count(engine: Engine, ev: string): number {
  return (engine.trace ?? []).filter((e) => e.ev === ev).length;
}
