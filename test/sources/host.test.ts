import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {readHostSample, type HostSample} from '../../src/sources/host-sample.ts';
import {HostMonitor, nodeMaxActive} from '../../src/sources/host-snapshot.ts';
import {HostSource} from '../../src/sources/host.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const PATCHED = fixture('proc-patched');
const UNPATCHED = fixture('proc-unpatched');
const BROKEN = fixture('proc-broken');
const S = 1e9;

/** The patched sample one second later: kworkers and CPUs worked, async_swap_count moved. */
function later(sample: HostSample, cacheCounts: number): HostSample {
  const extraTicks = new Map([
    [100, 60], // node 0 (CPU 2): 600 ms
    [101, 15], // node 1 (CPU 5): 150 ms
    [104, 5], //  node 1 (CPU 6): 50 ms
    [102, 100], // events_unbound: not ours
  ]);
  return {
    ...sample,
    aswap: {exitingTasks: 1, cacheCounts},
    vmstat: new Map([...sample.vmstat!, ['async_swap_count', 4342]]),
    kworkers: sample.kworkers.map((k) => ({...k, cpuTicks: k.cpuTicks + (extraTicks.get(k.pid) ?? 0)})),
    cpuTimes: new Map([...sample.cpuTimes!].map(([cpu, t]) => [cpu, {busy: t.busy + (cpu < 4 ? 25 : 75), total: t.total + 100}])),
  };
}

describe('host source on a patched 2-node machine', () => {
  const first = readHostSample(PATCHED);

  it('reads every file', () => {
    expect(first.absent).toEqual([]);
    expect(first.malformed).toEqual([]);
    expect(first.hostname).toBe('numa-lab');
    expect(first.release).toEqual([6, 12]);
    expect(first.numa).toEqual([
      {node: 0, cpus: [0, 1, 2, 3]},
      {node: 1, cpus: [4, 5, 6, 7]},
    ]);
    // Unbound kworkers only, whatever workqueue they served: not kworker/2:1H, not the rescuer.
    expect(first.kworkers.map((k) => [k.pid, k.name, k.busy, k.workqueue, k.state, k.cpuTicks, k.processor])).toEqual([
      [100, 'kworker/u17:2', true, 'async_swap_free', 'R', 380, 2],
      [101, 'kworker/u18:0', true, 'async_swap_free', 'D', 100, 5],
      [102, 'kworker/u17:3', false, 'events_unbound', 'I', 16, 1],
      [104, 'kworker/u18:1', false, 'async_swap_free', 'I', 50, 6],
    ]);
  });

  it('builds the first snapshot with exact values', () => {
    const s = new HostMonitor().update(first, 0);
    expect(s).toMatchObject({source: 'host', scenario: 'host', device: 'numa-lab', seed: 0, nowNs: 0, exitingTasks: 3, tasks: [], foreground: null, log: []});
    expect(s.params).toEqual({policy: 'gather-oom', minExitingTasks: 1, swapentsThreshold: 3200, maxCacheEntries: 32, maxActive: 0});
    expect(s.psi).toEqual({
      some: {avg10: 1.53, avg60: 0.87, avg300: 0.22, total: 12_345_678},
      full: {avg10: 0.41, avg60: 0.2, avg300: 0.05, total: 2_345_678},
    });
    expect(s.memory).toEqual({
      totalBytes: 16_384_000 * 1024,
      freeBytes: 1_234_567 * 1024,
      // Zones: DMA 8/10/12, DMA32 1000/1250/1500, Normal 10000/12500/15000, Movable 0, node 1 Normal 11000/13750/16500.
      minBytes: 22_008 * 4096,
      lowBytes: 27_510 * 4096,
      highBytes: 33_012 * 4096,
      zramBytes: 369_098_752,
      zramOrigBytes: 1_073_741_824,
      swapUsedBytes: 2_097_152 * 1024,
      swapTotalBytes: 8_388_604 * 1024,
      nodes: [
        {node: 0, freeBytes: 600_000 * 1024, totalBytes: 8_192_000 * 1024},
        {node: 1, freeBytes: 634_567 * 1024, totalBytes: 8_192_000 * 1024},
      ],
    });
    expect(s.gather).toEqual({
      cacheCount: 17,
      maxCacheEntries: 32,
      entriesParked: 0,
      zramBytesHeld: 0,
      peak: 17,
      flushes: {threshold: 0, oom: 0, manual: 0},
      workQueued: 0,
      workEmpty: 0,
      asyncSwapCount: 4242,
      allocFailures: {node: 0, work: 0},
      history: [17],
    });
    expect(s.nodes).toEqual([
      {
        node: 0,
        poolId: 17,
        cpus: 4,
        nrActive: 1,
        maxActive: 128,
        pending: 0,
        kworkers: [{name: 'kworker/u17:2', busy: true, running: true, cpu: 2, worksRun: 0, entriesFreed: 0, cpuMs: 3800}],
        worksRun: 0,
        entriesFreed: 0,
        entriesFreedPerSec: 0,
        cpuBusyPct: 0,
      },
      {
        node: 1,
        poolId: 18,
        cpus: 4,
        nrActive: 1,
        maxActive: 128,
        pending: 0,
        kworkers: [
          {name: 'kworker/u18:0', busy: true, running: false, cpu: null, worksRun: 0, entriesFreed: 0, cpuMs: 1000},
          {name: 'kworker/u18:1', busy: false, running: false, cpu: null, worksRun: 0, entriesFreed: 0, cpuMs: 500},
        ],
        worksRun: 0,
        entriesFreed: 0,
        entriesFreedPerSec: 0,
        cpuBusyPct: 0,
      },
    ]);
    expect(s.cpus.map((c) => [c.cpu, c.node, c.capacity, c.busyPct, c.current])).toEqual([
      [0, 0, 1024, 0, null],
      [1, 0, 1024, 0, null],
      [2, 0, 1024, 0, null],
      [3, 0, 1024, 0, null],
      [4, 1, 512, 0, null],
      [5, 1, 512, 0, null],
      [6, 1, 512, 0, null],
      [7, 1, 1024, 0, null],
    ]);
  });

  it('computes rates from the deltas between two polls', () => {
    const monitor = new HostMonitor();
    monitor.update(first, 0);
    const s = monitor.update(later(first, 20), S);
    const nodes = s.nodes!;
    // 100 list nodes freed in 1 s, split 600:200 ms of kworker CPU between the nodes.
    expect(nodes.map((n) => [n.entriesFreedPerSec, n.entriesFreed, n.cpuBusyPct])).toEqual([
      [75, 75, 15],
      [25, 25, 5],
    ]);
    expect(s.cpus.map((c) => c.busyPct)).toEqual([25, 25, 25, 25, 75, 75, 75, 75]);
    expect(s.exitingTasks).toBe(1);
    expect(s.gather).toMatchObject({cacheCount: 20, peak: 20, asyncSwapCount: 4342, history: [17, 20]});
    expect(s.log).toEqual([{seq: 0, tNs: S, kind: 'flush', text: 'async_release_func: async_swap_count +100 (4342)'}]);
    const third = monitor.update({...later(first, 5), kworkers: later(first, 5).kworkers}, 3 * S);
    // No new async_swap_count, no new CPU time: rates fall to 0; the peak stays.
    expect(third.nodes!.map((n) => [n.entriesFreedPerSec, n.entriesFreed, n.cpuBusyPct])).toEqual([
      [0, 75, 0],
      [0, 25, 0],
    ]);
    expect(third.gather).toMatchObject({cacheCount: 5, peak: 20, history: [17, 20, 5]});
  });
});

describe('host source on an unpatched, non-NUMA machine', () => {
  it('leaves the patch sections null and says why once', () => {
    const monitor = new HostMonitor();
    const sample = readHostSample(UNPATCHED);
    expect(sample.absent).toEqual(['proc/aswap_free_counts']);
    monitor.update(sample, 0);
    const s = monitor.update(readHostSample(UNPATCHED), S);
    expect(s).toMatchObject({device: 'plain-box', exitingTasks: null, gather: null, nodes: null});
    expect(s.params.policy).toBe('sync');
    expect(s.log).toEqual([{seq: 0, tNs: 0, kind: 'info', text: 'patch not present on this kernel: no /proc/aswap_free_counts'}]);
    // No /proc/swaps: swap from meminfo. No node directories: every CPU on node 0, no per-node memory.
    expect(s.memory).toEqual({
      totalBytes: 4_096_000 * 1024,
      freeBytes: 512_000 * 1024,
      minBytes: 708 * 4096,
      lowBytes: 885 * 4096,
      highBytes: 1062 * 4096,
      zramBytes: 0,
      zramOrigBytes: 0,
      swapUsedBytes: 0,
      swapTotalBytes: 2_097_148 * 1024,
      nodes: [],
    });
    expect(s.cpus.map((c) => [c.cpu, c.node])).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(s.psi?.some).toEqual({avg10: 0, avg60: 0, avg300: 0, total: 0});
  });
});

describe('host source on broken and missing files', () => {
  it('treats malformed files as missing and logs each once', () => {
    const sample = readHostSample(BROKEN);
    expect(sample.malformed).toEqual([
      'sys/devices/system/node/node0/cpulist',
      'sys/devices/system/node/node0/meminfo',
      'proc/pressure/memory',
      'proc/meminfo',
      'proc/zoneinfo',
      'proc/swaps',
      'proc/aswap_free_counts',
      'proc/stat',
    ]);
    expect(sample.zram).toBeNull();
    // The kworker whose stat is cut short is skipped.
    expect(sample.kworkers).toEqual([]);
    const monitor = new HostMonitor();
    monitor.update(sample, 0);
    const s = monitor.update(readHostSample(BROKEN), S);
    expect(s).toMatchObject({device: 'host', psi: null, memory: null, gather: null, nodes: null, exitingTasks: null, cpus: []});
    expect(s.log.map((e) => e.text)).toEqual([
      '/sys/devices/system/node/node0/cpulist is malformed: ignored',
      '/sys/devices/system/node/node0/meminfo is malformed: ignored',
      '/proc/pressure/memory is malformed: ignored',
      '/proc/meminfo is malformed: ignored',
      '/proc/zoneinfo is malformed: ignored',
      '/proc/swaps is malformed: ignored',
      '/proc/aswap_free_counts is malformed: ignored',
      '/proc/stat is malformed: ignored',
    ]);
    expect(s.log.every((e) => e.kind === 'info' && e.tNs === 0)).toBe(true);
  });

  it('reads a root with nothing in it without throwing', () => {
    const sample = readHostSample('/nonexistent/aswap-root');
    expect(sample.absent).toEqual(['proc/pressure/memory', 'proc/meminfo', 'proc/aswap_free_counts']);
    const s = new HostMonitor().update(sample, 0);
    expect(s).toMatchObject({device: 'host', psi: null, memory: null, gather: null, nodes: null, cpus: [], tasks: []});
    expect(s.log.map((e) => e.text)).toEqual([
      'no /proc/pressure/memory: PSI is off (CONFIG_PSI, psi=1)',
      'no /proc/meminfo',
      'patch not present on this kernel: no /proc/aswap_free_counts',
    ]);
  });

  it('keeps memory without zram and without zoneinfo', () => {
    const sample = {...readHostSample(PATCHED), zram: null, watermarks: null};
    expect(new HostMonitor().update(sample, 0).memory).toMatchObject({zramBytes: 0, zramOrigBytes: 0, minBytes: 0, lowBytes: 0, highBytes: 0});
  });
});

describe('nodeMaxActive', () => {
  it.each([
    [[6, 6], 4, 8, 256],
    [[6, 12], 4, 8, 128],
    [[6, 12], 1, 64, 8],
    [[6, 13], 4, 8, 512],
    [[6, 13], 8, 8, 1024],
  ] as const)('kernel %j, %d of %d CPUs → %d', (release, nodeCpus, total, expected) => {
    expect(nodeMaxActive(release, nodeCpus, total)).toBe(expected);
  });
  it('is 0 when the kernel is unknown', () => expect(nodeMaxActive(null, 4, 8)).toBe(0));
});

describe('HostSource', () => {
  it('reads at once, polls on demand with wall-clock nowNs, and supports no command', () => {
    let now = 1000;
    const source = new HostSource({procRoot: PATCHED, now: () => now});
    expect(source.kind).toBe('host');
    expect(source.supports.size).toBe(0);
    expect(source.getStatus()).toEqual({paused: false, speed: 1, note: null});
    const first = source.getSnapshot();
    expect(first).toMatchObject({nowNs: 0, exitingTasks: 3});
    expect(source.getSnapshot()).toBe(first);
    let calls = 0;
    source.subscribe(() => calls++);
    source.control({type: 'flush'});
    expect(source.getSnapshot()).toBe(first);
    now += 1500;
    source.poll();
    expect(calls).toBe(1);
    expect(source.getSnapshot().nowNs).toBe(1.5 * S);
    source.start();
    source.start();
    source.stop();
  });
});
