/**
 * Device knobs settable with `--set key=value`: memory figures, per-operation costs, the contention
 * model's figures and the cache-line latencies. Each has a doc line and a valid range; the defaults
 * are per device profile (devices.ts).
 */
import type {Costs, Device} from './device-types.ts';

export interface DeviceKnobDoc {
  readonly doc: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

const ns = (doc: string, max = 1e9): DeviceKnobDoc => ({doc, min: 0, max, integer: false});
const share = (doc: string): DeviceKnobDoc => ({doc, min: 0, max: 1, integer: false});

/** The device-level knobs that are not costs. */
const TOP_KNOBS = {
  ramMB: {doc: 'RAM, MB', min: 64, max: 16 * 1024 * 1024, integer: true},
  zramDiskMB: {doc: 'zram disksize (swap space), MB', min: 0, max: 16 * 1024 * 1024, integer: true},
  zramRatio: {doc: 'zram compression ratio (orig / compressed)', min: 1, max: 100, integer: false},
  minFreeKbytes: {doc: 'vm.min_free_kbytes', min: 0, max: 64 * 1024 * 1024, integer: true},
  watermarkScaleFactor: {doc: 'vm.watermark_scale_factor (1/10000 of memory)', min: 0, max: 3000, integer: true},
  lineNs: ns('cache-line transfer between two cores of one cluster, ns (every cluster)', 10_000),
  crossClusterLineNs: ns('cache-line transfer between clusters of one node, ns', 10_000),
  crossNodeLineNs: ns('cache-line transfer between NUMA nodes (sockets), ns', 10_000),
} as const satisfies Record<string, DeviceKnobDoc>;

const COST_KNOBS = {
  swapCoreNs: ns('swap core part of free_swap_and_cache_nr per entry (swap_map, cluster, memcg, shadow), ns'),
  zramNs: ns('zram part per entry (zram_slot_free_notify → zs_free), uncontended, ns'),
  runNs: ns('per call of free_swap_and_cache_nr (one swap run), ns'),
  pteTableNs: ns('walking one PTE table in zap_pte_range, ns'),
  presentPageNs: ns('exit_mmap work per resident page, ns'),
  gatherAddNs: ns('add_to_swap_gather_cache for one run, ns'),
  queueWorkNs: ns('kmalloc of a work_struct and queue_work, ns'),
  workerWakeNs: ns('a kworker waking to run a work, ns'),
  workerCreateNs: ns('create_worker: a new kworker, ns'),
  emptyWorkNs: ns('a release work that finds cache_count 0, ns'),
  nodeFreeNs: ns('per list node in async_release_func, ns'),
  exitPrologueNs: ns('do_exit up to exit_mm, ns'),
  exitEpilogueNs: ns('do_exit after exit_mm, ns'),
  atomicNs: ns('an atomic read-modify-write on an owned line (hold of a shared-line visit), ns', 10_000),
  zsClassHoldShare: share("class->lock's critical section in zs_free as a share of zramNs"),
  zsFreeShare: share('share of zramNs spent in zs_free'),
  lineTransfers: {doc: 'line transfers per contended visit of a shared line (fitted on the Raspberry Pi 2-process figure)', min: 0, max: 100, integer: false},
  memcgLevels: {doc: 'memcg levels below the root the freeing tasks share (page_counter_uncharge)', min: 0, max: 16, integer: true},
  tlbBatchAddNs: ns('tlb-gather-2024: storing one swap entry in the mmu_gather batch, ns'),
  batchPageNs: ns('allocating (or freeing) one batch page, GFP_NOWAIT, ns'),
  gcMarkNs: ns('zram-async-gc: marking one slot freed for the GC, ns'),
  deferHandleNs: ns('zs-deferred: appending one handle to the per-CPU buffer, ns'),
} as const satisfies Record<keyof Costs, DeviceKnobDoc>;

export const DEVICE_KNOB_DOCS: Readonly<Record<DeviceKnob, DeviceKnobDoc>> = {...TOP_KNOBS, ...COST_KNOBS};

/** Tunable device knobs (`--set key=value`). */
export const DEVICE_KNOBS = [...(Object.keys(TOP_KNOBS) as (keyof typeof TOP_KNOBS)[]), ...(Object.keys(COST_KNOBS) as (keyof Costs)[])] as const;
export type DeviceKnob = keyof typeof TOP_KNOBS | keyof Costs;

/** The device with some knobs overridden (`lineNs` sets the transfer latency of every cluster). */
export function withDeviceKnobs(device: Device, knobs: Partial<Record<DeviceKnob, number>>): Device {
  const costs: Record<string, number> = {...device.costs};
  const top: Record<string, number> = {};
  let clusters = device.clusters;
  for (const [key, value] of Object.entries(knobs)) {
    if (value === undefined) continue;
    if (key in costs) costs[key] = value;
    else if (key === 'lineNs') clusters = clusters.map((c) => ({...c, lineNs: value}));
    else top[key] = value;
  }
  return {...device, ...top, clusters, costs: costs as unknown as Costs};
}
