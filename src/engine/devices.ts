/**
 * Device profiles: CPUs (capacity relative to the profile's reference core, NUMA node), memory,
 * zram, and the per-operation costs of the exit path. Costs are in nanoseconds of work on a core of
 * capacity 1.0; a core of capacity c takes 1/c as long. Where each figure comes from is written in
 * devices.md next to this file; test/engine/calibration.test.ts checks the published facts.
 */

/** Costs of the exit path and of the patch's machinery, in ns at capacity 1.0. */
export interface Costs {
  /** Swap core part of free_swap_and_cache_nr per entry: swap_map, cluster, memcg uncharge, shadow. */
  readonly swapCoreNs: number;
  /** zram part per entry: zram_slot_free_notify → zs_free, with zsmalloc's pool and class locks. */
  readonly zramNs: number;
  /** Per call of free_swap_and_cache_nr (one swap run). */
  readonly runNs: number;
  /** Walking one PTE table in zap_pte_range (512 PTEs, TLB batching). */
  readonly pteTableNs: number;
  /** Everything exit_mmap does per resident page (rmap, memcg, freeing, file-backed mappings). */
  readonly presentPageNs: number;
  /** add_to_swap_gather_cache for one run: checks, kmem_cache_alloc, spin_lock_irq, list_add_tail. */
  readonly gatherAddNs: number;
  /** kmalloc of a work_struct and queue_work. */
  readonly queueWorkNs: number;
  /** A kworker waking to run a work item (scheduler and worker_thread overhead). */
  readonly workerWakeNs: number;
  /** create_worker: a new kworker kthread. */
  readonly workerCreateNs: number;
  /** A release work that finds cache_count 0: kfree(work). */
  readonly emptyWorkNs: number;
  /** Per list node in async_release_func: list walk and kmem_cache_free. */
  readonly nodeFreeNs: number;
  /** do_exit up to exit_mm (signals, exit_task counters). */
  readonly exitPrologueNs: number;
  /** do_exit after exit_mm: the thread group, binder, files, fs, exit_notify. */
  readonly exitEpilogueNs: number;
  /**
   * zsmalloc lock contention: with n CPUs freeing into zram at once, each one's zram part
   * costs (1 + zsContention·(n − 1)) times as much. Contexts time-sharing one CPU count once.
   */
  readonly zsContention: number;
}

export interface ClusterSpec {
  readonly name: string;
  readonly count: number;
  readonly capacity: number;
  readonly node: number;
}

export interface Device {
  readonly name: string;
  readonly description: string;
  readonly clusters: readonly ClusterSpec[];
  readonly ramMB: number;
  readonly zramDiskMB: number;
  /** zram compression ratio (orig / compressed). */
  readonly zramRatio: number;
  /** vm.min_free_kbytes */
  readonly minFreeKbytes: number;
  /** vm.watermark_scale_factor (in 1/10000 of memory) */
  readonly watermarkScaleFactor: number;
  readonly costs: Costs;
}

const phoneCosts: Costs = {
  swapCoreNs: 119,
  zramNs: 677,
  runNs: 150,
  pteTableNs: 1_000,
  presentPageNs: 2_225,
  gatherAddNs: 120,
  queueWorkNs: 800,
  workerWakeNs: 5_000,
  workerCreateNs: 200_000,
  emptyWorkNs: 1_000,
  nodeFreeNs: 80,
  exitPrologueNs: 500_000,
  exitEpilogueNs: 30_000_000,
  zsContention: 0.712,
};

export const DEVICES: Readonly<Record<string, Device>> = {
  phone: {
    name: 'phone',
    description: '8-core ARM64 phone (1×4.21 + 3×3.5 + 4×2.7 GHz), 12 GB, zram lz4',
    clusters: [
      {name: 'little', count: 4, capacity: 0.6, node: 0},
      {name: 'mid', count: 3, capacity: 0.8, node: 0},
      {name: 'prime', count: 1, capacity: 1.0, node: 0},
    ],
    ramMB: 12_288,
    zramDiskMB: 6_144,
    zramRatio: 2.8,
    minFreeKbytes: 32_768,
    watermarkScaleFactor: 30,
    costs: phoneCosts,
  },
  rpi4b: {
    name: 'rpi4b',
    description: 'Raspberry Pi 4B, 4× Cortex-A72, 4 GB, zram lzo-rle',
    clusters: [{name: 'a72', count: 4, capacity: 1.0, node: 0}],
    ramMB: 4_096,
    zramDiskMB: 2_048,
    zramRatio: 2.6,
    minFreeKbytes: 8_192,
    watermarkScaleFactor: 10,
    costs: {...phoneCosts, swapCoreNs: 134.7, zramNs: 763.3, presentPageNs: 600, exitEpilogueNs: 5_000_000},
  },
  rk3588: {
    name: 'rk3588',
    description: 'RK3588, 4× Cortex-A55 (cpu0-3) + 4× Cortex-A76, 8 GB, zram lz4',
    clusters: [
      {name: 'a55', count: 4, capacity: 0.4, node: 0},
      {name: 'a76', count: 4, capacity: 1.0, node: 0},
    ],
    ramMB: 8_192,
    zramDiskMB: 4_096,
    zramRatio: 2.7,
    minFreeKbytes: 11_584,
    watermarkScaleFactor: 10,
    costs: {...phoneCosts, swapCoreNs: 57.4, zramNs: 325.5, presentPageNs: 300, exitEpilogueNs: 3_000_000},
  },
  'i7-12700': {
    name: 'i7-12700',
    description: 'Core i7-12700, 16 P-core threads + 4 E-cores, 32 GB, zram lz4',
    clusters: [
      {name: 'p-core', count: 16, capacity: 1.0, node: 0},
      {name: 'e-core', count: 4, capacity: 0.55, node: 0},
    ],
    ramMB: 32_768,
    zramDiskMB: 16_384,
    zramRatio: 2.9,
    minFreeKbytes: 67_584,
    watermarkScaleFactor: 10,
    costs: {
      ...phoneCosts,
      swapCoreNs: 26.7,
      zramNs: 151.3,
      runNs: 40,
      pteTableNs: 200,
      presentPageNs: 150,
      gatherAddNs: 40,
      queueWorkNs: 300,
      workerWakeNs: 2_000,
      workerCreateNs: 60_000,
      exitEpilogueNs: 1_000_000,
    },
  },
  'xeon-2s': {
    name: 'xeon-2s',
    description: '2-socket server, 2 NUMA nodes × 16 cores, 128 GB, zram lz4',
    clusters: [
      {name: 'socket0', count: 16, capacity: 1.0, node: 0},
      {name: 'socket1', count: 16, capacity: 1.0, node: 1},
    ],
    ramMB: 131_072,
    zramDiskMB: 32_768,
    zramRatio: 2.9,
    minFreeKbytes: 135_168,
    watermarkScaleFactor: 10,
    costs: {
      ...phoneCosts,
      swapCoreNs: 30,
      zramNs: 170,
      runNs: 45,
      pteTableNs: 250,
      presentPageNs: 180,
      gatherAddNs: 50,
      queueWorkNs: 350,
      workerWakeNs: 2_500,
      workerCreateNs: 70_000,
      exitEpilogueNs: 2_000_000,
    },
  },
};

export const DEVICE_NAMES = Object.keys(DEVICES);

/** Tunable device knobs (`--set key=value`): the costs plus memory figures. */
export const DEVICE_KNOBS = [
  'ramMB',
  'zramDiskMB',
  'zramRatio',
  'minFreeKbytes',
  'watermarkScaleFactor',
  ...(Object.keys(phoneCosts) as (keyof Costs)[]),
] as const;
export type DeviceKnob = (typeof DEVICE_KNOBS)[number];

export function withDeviceKnobs(device: Device, knobs: Partial<Record<DeviceKnob, number>>): Device {
  const costs = {...device.costs};
  const top: Record<string, number> = {};
  for (const [key, value] of Object.entries(knobs)) {
    if (value === undefined) continue;
    if (key in costs) (costs as Record<string, number>)[key] = value;
    else top[key] = value;
  }
  return {...device, ...top, costs};
}
