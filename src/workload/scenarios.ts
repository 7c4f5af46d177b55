import type {Workload} from '../engine/engine.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import {ANDROID_DEFAULTS, ANDROID_KNOB_DOCS, type AndroidKnobs} from './android/knobs.ts';
import {AndroidWorld} from './android/world.ts';
import {killBurst, type KillBurstKnobs} from './kill-burst.ts';
import {munmap, type MunmapKnobs} from './munmap.ts';
import {numaServer, type NumaServerKnobs} from './numa-server.ts';

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

const androidKind: WorkloadKind<AndroidKnobs> = {
  description:
    'the Android world: apps aging into zram, a user switching apps, camera cold launches, system services, kswapd, direct reclaim, lmkd and its reapers',
  knobs: ANDROID_DEFAULTS,
  knobDocs: ANDROID_KNOB_DOCS,
  create: (knobs) => new AndroidWorld('android', knobs),
};

const numaServerKind: WorkloadKind<NumaServerKnobs> = {
  description: 'batch jobs with memory in zram finishing in waves on a two-node server, mostly on node 0',
  knobs: {
    jobsPerNode: 12,
    jobSwapMBMin: 800,
    jobSwapMBMax: 2400,
    jobRssMBMin: 500,
    jobRssMBMax: 1500,
    meanRunEntries: 64,
    waveSecMin: 4,
    waveSecMax: 8,
    waveJobs: 6,
    node0Pct: 75,
    bgThreadsPerNode: 8,
    bgDutyPct: 40,
    bgBurstMs: 50,
  },
  knobDocs: {
    jobsPerNode: 'batch jobs per node, pinned to its CPUs',
    jobSwapMBMin: 'smallest VmSwap of a job, MB',
    jobSwapMBMax: 'largest VmSwap of a job, MB',
    jobRssMBMin: 'smallest resident size of a job, MB',
    jobRssMBMax: 'largest resident size of a job, MB',
    meanRunEntries: 'mean swap run length (entries per swap_pte_batch run)',
    waveSecMin: 'shortest time between waves of jobs finishing, s',
    waveSecMax: 'longest time between waves, s',
    waveJobs: 'jobs finishing per wave',
    node0Pct: 'percent of finishing jobs on node 0',
    bgThreadsPerNode: 'background service threads per node',
    bgDutyPct: 'their duty cycle, percent',
    bgBurstMs: 'mean burst of background work, ms',
  },
  create: numaServer,
};

export const WORKLOAD_KINDS: Readonly<Record<string, WorkloadKind>> = {
  android: androidKind as unknown as WorkloadKind,
  'kill-burst': killBurstKind as unknown as WorkloadKind,
  munmap: munmapKind as unknown as WorkloadKind,
  'numa-server': numaServerKind as unknown as WorkloadKind,
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
    name: 'camera-launch',
    description: 'phone whose memory is really tight: 26 apps used (23–26 still cached, 200–500 MB each in a full zram, the page cache down to the services\' hot files and a little more); the camera cold-launches every 30–60 s, takes 2–2.5 GB in its first 2.5 s and lmkd kills 4–12 of them each time',
    workload: 'android',
    device: 'phone',
    simSeconds: 90,
    set: {zramDiskMB: 7424, apps: 26},
  },
  {
    name: 'steady',
    description: 'phone: the user switches apps and cold-starts new ones, apps age into zram in real time and the page cache shrinks until swap fills and lmkd kills (after a few minutes); no camera',
    workload: 'android',
    device: 'phone',
    simSeconds: 300,
    set: {apps: 18, cameraFirstSec: 0, restartAged: 0, switchSecMin: 5, switchSecMax: 12, coldStartPct: 40},
  },
  {
    name: 'kill-storm',
    description: 'phone: one camera launch with kill_timeout_ms 0: lmkd does not wait for its victims and kills every 10 ms while memory and swap stay low, several exiting at once',
    workload: 'android',
    device: 'phone',
    simSeconds: 15,
    set: {zramDiskMB: 7424, apps: 26, cameraFirstSec: 2, cameraPeriodSecMin: 0, cameraPeriodSecMax: 0, lmkKillTimeoutMs: 0, switchSecMin: 0, switchSecMax: 0},
  },
  {
    name: 'numa-server',
    description: 'two-socket server: batch jobs exit in waves, mostly on node 0, so the nodes\' kworkers differ',
    workload: 'numa-server',
    device: 'xeon-2s',
    simSeconds: 60,
    // zram at half the RAM: 24 jobs with up to 2400 MB swapped each (57.6 GB) fit in it.
    set: {zramDiskMB: 65_536},
  },
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

export const DEFAULT_SCENARIO = 'camera-launch';
