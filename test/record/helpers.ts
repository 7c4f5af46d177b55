/** Temp dirs and a small valid Snapshot for the record and source tests. */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Snapshot} from '../../src/engine/snapshot.ts';

/** A fresh temp dir; call the returned cleanup in afterEach. */
export function tempDir(): {dir: string; file: (name: string) => string; cleanup: () => void} {
  const dir = mkdtempSync(join(tmpdir(), 'aswap-test-'));
  return {dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

/** A minimal sim snapshot at `nowNs` with `cacheCount` on the gather list. */
export function snap(nowNs: number, cacheCount = 0): Snapshot {
  return {
    source: 'sim',
    scenario: 'camera',
    device: 'phone-8g',
    seed: 42,
    nowNs,
    params: {policy: 'gather-oom', minExitingTasks: 1, swapentsThreshold: 3200, maxCacheEntries: 32, maxActive: 0},
    exitingTasks: 2,
    tasks: [],
    exits: {recentMs: [210.5], p50Ms: 210.5, p99Ms: 210.5, kills: 3, exits: 1},
    gather: {
      cacheCount,
      maxCacheEntries: 32,
      entriesParked: cacheCount * 512,
      zramBytesHeld: cacheCount * 700_000,
      peak: cacheCount,
      flushes: {threshold: 1, oom: 0, manual: 0},
      workQueued: 4,
      workEmpty: 3,
      asyncSwapCount: 32,
      allocFailures: {node: 0, work: 0},
      history: [0, cacheCount],
    },
    nodes: null,
    cpus: [{cpu: 0, node: 0, capacity: 1024, busyPct: 50, current: 'kswapd0'}],
    memory: null,
    psi: null,
    foreground: null,
    log: [{seq: 0, tNs: 0, kind: 'kill', text: 'lmkd: kill com.example.app (adj 950)'}],
  };
}
