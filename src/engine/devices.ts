/**
 * Device profiles: CPUs (capacity relative to the profile's reference core, NUMA node), memory,
 * zram, and the per-operation costs of the exit path. Costs are in nanoseconds of work on a core of
 * capacity 1.0; a core of capacity c takes 1/c as long. Where each figure comes from is written in
 * devices.md next to this file; test/engine/calibration.test.ts checks the published facts.
 */
import type {Costs, Device} from './device-types.ts';

export type {ClusterSpec, Costs, Device} from './device-types.ts';
export {DEVICE_KNOBS, DEVICE_KNOB_DOCS, withDeviceKnobs, type DeviceKnob} from './device-knobs.ts';

/** Estimates shared by every profile (software, not hardware): where they come from is in devices.md. */
const ZS_CLASS_HOLD_SHARE = 0.3;
const ZS_FREE_SHARE = 0.8;
/** Fitted on the Raspberry Pi's two-process figure (`npm run predict` prints the fit). */
export const LINE_TRANSFERS = 1.5;

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
  atomicNs: 4,
  zsClassHoldShare: ZS_CLASS_HOLD_SHARE,
  zsFreeShare: ZS_FREE_SHARE,
  lineTransfers: LINE_TRANSFERS,
  memcgLevels: 0,
  tlbBatchAddNs: 3,
  batchPageNs: 300,
  gcMarkNs: 30,
  deferHandleNs: 10,
};

export const DEVICES: Readonly<Record<string, Device>> = {
  phone: {
    name: 'phone',
    description: '8-core ARM64 phone (1×4.21 + 3×3.5 + 4×2.7 GHz), 12 GB, zram lz4',
    clusters: [
      {name: 'little', count: 4, capacity: 0.6, node: 0, lineNs: 40},
      {name: 'mid', count: 3, capacity: 0.8, node: 0, lineNs: 35},
      {name: 'prime', count: 1, capacity: 1.0, node: 0, lineNs: 35},
    ],
    crossClusterLineNs: 45,
    crossNodeLineNs: 45,
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
    clusters: [{name: 'a72', count: 4, capacity: 1.0, node: 0, lineNs: 100}],
    crossClusterLineNs: 100,
    crossNodeLineNs: 100,
    ramMB: 4_096,
    zramDiskMB: 2_048,
    zramRatio: 2.6,
    minFreeKbytes: 8_192,
    watermarkScaleFactor: 10,
    costs: {...phoneCosts, swapCoreNs: 134.7, zramNs: 763.3, presentPageNs: 600, exitEpilogueNs: 5_000_000, atomicNs: 15, memcgLevels: 3},
  },
  rk3588: {
    name: 'rk3588',
    description: 'RK3588, 4× Cortex-A55 (cpu0-3) + 4× Cortex-A76, 8 GB, zram lz4',
    clusters: [
      {name: 'a55', count: 4, capacity: 0.4, node: 0, lineNs: 50},
      {name: 'a76', count: 4, capacity: 1.0, node: 0, lineNs: 40},
    ],
    crossClusterLineNs: 50,
    crossNodeLineNs: 50,
    ramMB: 8_192,
    zramDiskMB: 4_096,
    zramRatio: 2.7,
    minFreeKbytes: 11_584,
    watermarkScaleFactor: 10,
    costs: {...phoneCosts, swapCoreNs: 57.4, zramNs: 325.5, presentPageNs: 300, exitEpilogueNs: 3_000_000, atomicNs: 5, memcgLevels: 3},
  },
  'i7-12700': {
    name: 'i7-12700',
    description: 'Core i7-12700, 16 P-core threads + 4 E-cores, 32 GB, zram lz4',
    clusters: [
      {name: 'p-core', count: 16, capacity: 1.0, node: 0, lineNs: 28, threadsPerCore: 2, smtLineNs: 4},
      {name: 'e-core', count: 4, capacity: 0.55, node: 0, lineNs: 40},
    ],
    crossClusterLineNs: 37,
    crossNodeLineNs: 37,
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
      atomicNs: 4,
      memcgLevels: 3,
    },
  },
  'xeon-2s': {
    name: 'xeon-2s',
    description: '2-socket server, 2 NUMA nodes × 16 cores, 128 GB, zram lz4',
    clusters: [
      {name: 'socket0', count: 16, capacity: 1.0, node: 0, lineNs: 50},
      {name: 'socket1', count: 16, capacity: 1.0, node: 1, lineNs: 50},
    ],
    crossClusterLineNs: 50,
    crossNodeLineNs: 125,
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
      atomicNs: 6,
      memcgLevels: 3,
    },
  },
};

export const DEVICE_NAMES = Object.keys(DEVICES);
