import type {Workload} from '../engine/engine.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import {killBurst, type KillBurstKnobs} from './kill-burst.ts';
import {munmap, type MunmapKnobs} from './munmap.ts';

/** A workload kind: its knobs with defaults and how to build it. */
export interface WorkloadKind<K extends object = object> {
  readonly description: string;
  readonly knobs: K;
  readonly knobDocs: Readonly<Record<keyof K & string, string>>;
  create(knobs: K): Workload;
}

const killBurstKind: WorkloadKind<KillBurstKnobs> = {
  description: 'cached apps with hundreds of MB in zram killed within a second, nothing else running',
  knobs: {apps: 12, swapMBMin: 250, swapMBMax: 450, rssMBMin: 150, rssMBMax: 300, windowMs: 1000, startMs: 1000, meanRunEntries: 16},
  knobDocs: {
    apps: 'apps killed in the burst',
    swapMBMin: 'smallest VmSwap of an app, MB',
    swapMBMax: 'largest VmSwap of an app, MB',
    rssMBMin: 'smallest resident size of an app, MB',
    rssMBMax: 'largest resident size of an app, MB',
    windowMs: 'the kills are spread over this window, ms',
    startMs: 'first possible kill, ms',
    meanRunEntries: 'mean swap run length (entries per swap_pte_batch run)',
  },
  create: killBurst,
};

const munmapKind: WorkloadKind<MunmapKnobs> = {
  description: 'P processes each unmap an S MB fully swapped VMA, together, one per CPU (the published micro-benchmark)',
  knobs: {procs: 1, sizeMB: 256, firstCpu: 0},
  knobDocs: {procs: 'processes, one per CPU (more than CPUs wrap round)', sizeMB: 'fully swapped VMA per process, MB', firstCpu: 'CPU of the first process'},
  create: munmap,
};

export const WORKLOAD_KINDS: Readonly<Record<string, WorkloadKind>> = {
  'kill-burst': killBurstKind as unknown as WorkloadKind,
  munmap: munmapKind as unknown as WorkloadKind,
};

/** A scenario as a JSON file holds it (`aswap scenarios show NAME` prints one). */
export interface ScenarioSpec {
  readonly name: string;
  readonly description: string;
  /** The workload it runs (a key of WORKLOAD_KINDS). */
  readonly workload: string;
  readonly device: string;
  readonly policy?: PolicyName;
  readonly seed?: number;
  /** Simulated seconds a headless run lasts. */
  readonly simSeconds: number;
  /** Knob values (workload, device or engine knobs). */
  readonly set: Readonly<Record<string, number>>;
}

export const BUILTIN_SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: 'kill-burst',
    description: 'phone: a dozen swap-heavy cached apps killed within a second',
    workload: 'kill-burst',
    device: 'phone',
    simSeconds: 10,
    set: {},
  },
  {
    name: 'munmap',
    description: 'the munmap micro-benchmark: P processes unmap S MB fully swapped out, one per CPU',
    workload: 'munmap',
    device: 'rpi4b',
    simSeconds: 1,
    set: {},
  },
];

export const DEFAULT_SCENARIO = 'kill-burst';
