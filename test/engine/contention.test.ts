/**
 * The shape of the contention model (src/engine/contention.ts), not published numbers: one CPU
 * pays nothing; more CPUs never make a free cheaper; a line moving inside a cluster is cheaper than
 * across clusters; zero hold times give the uncontended cost; past saturation the time per entry
 * grows linearly with the CPUs (the serialized line's throughput bound); spinning is CPU time.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {Contention, EXTRA_RUN_MEMCG, EXTRA_RUN_SWAP, EXTRA_SLOT, EXTRA_ZS} from '../../src/engine/contention.ts';
import type {Costs, Device} from '../../src/engine/devices.ts';
import {DEVICES} from '../../src/engine/devices.ts';
import {zsClasses} from '../../src/engine/zs-classes.ts';
import {summarize} from '../../src/report/summary.ts';
import {resolveRun} from '../../src/run-config.ts';
import {createEngine} from '../../src/run.ts';
import {testDevice} from '../helpers/tiny-engine.ts';

/** Two clusters of `perCluster` CPUs: transfers cost `intra` inside one, `cross` between them. */
function twoClusters(perCluster: number, intra: number, cross: number, costs: Partial<Costs> = {}): Device {
  const base = testDevice({costs: {atomicNs: 5, zsClassHoldShare: 0.3, lineTransfers: 1.5, memcgLevels: 2, ...costs}});
  return {
    ...base,
    clusters: [
      {name: 'a', count: perCluster, capacity: 1, node: 0, lineNs: intra},
      {name: 'b', count: perCluster, capacity: 1, node: 0, lineNs: intra},
    ],
    crossClusterLineNs: cross,
  };
}

const maskOf = (cpus: readonly number[]): number => cpus.reduce((m, c) => m + Contention.bit(c), 0);

/** Extra ns per entry (slot + zs) of CPU `cpu` when `cpus` free together. */
function perEntry(model: Contention, cpus: readonly number[], cpu = cpus[0]!): number {
  const row = model.extras(maskOf(cpus));
  return row[cpu * 4 + EXTRA_SLOT]! + row[cpu * 4 + EXTRA_ZS]!;
}

/** Mean time (ms) for `procs` munmap processes of `sizeMB` on a built-in device. */
function munmapMs(device: string, procs: number, set: Record<string, number> = {}): number {
  const spec = resolveRun({scenario: 'munmap', device, policy: 'sync', set: Object.entries({procs, ...set}).map(([k, v]) => `${k}=${v}`)});
  const engine = createEngine(spec);
  engine.runUntil(spec.simSeconds * 1e9);
  return summarize(engine, spec, 0).zapMs!.mean;
}

describe('the contention model', () => {
  it('one CPU freeing pays no transfer and no wait', () => {
    const model = new Contention(DEVICES.rpi4b!);
    for (let cpu = 0; cpu < 4; cpu++) expect([...model.extras(maskOf([cpu]))].every((x) => x === 0)).toBe(true);
    // The munmap of one process is exactly the uncontended cost.
    const c = DEVICES.rpi4b!.costs;
    const uncontended = (128 * (c.pteTableNs + c.runNs) + 65_536 * (c.swapCoreNs + c.zramNs)) / 1e6;
    expect(munmapMs('rpi4b', 1)).toBeCloseTo(uncontended, 2);
  });

  it('the time per entry never falls as CPUs are added', () => {
    fc.assert(
      fc.property(
        fc.record({
          intra: fc.integer({min: 1, max: 200}),
          // A line never moves between clusters faster than inside one.
          dearer: fc.integer({min: 0, max: 300}),
          atomicNs: fc.integer({min: 1, max: 40}),
          share: fc.double({min: 0.01, max: 0.9, noNaN: true}),
          transfers: fc.double({min: 0.1, max: 4, noNaN: true}),
        }),
        ({intra, dearer, atomicNs, share, transfers}) => {
          const model = new Contention(twoClusters(8, intra, intra + dearer, {atomicNs, zsClassHoldShare: share, lineTransfers: transfers}));
          let last = 0;
          for (let n = 1; n <= 16; n++) {
            const cpus = Array.from({length: n}, (_, i) => i);
            const x = perEntry(model, cpus);
            expect(x).toBeGreaterThanOrEqual(last - 1e-9);
            last = x;
          }
        },
      ),
      {numRuns: 60},
    );
  });

  it('CPUs sharing a cluster contend more cheaply than CPUs in two clusters', () => {
    const model = new Contention(twoClusters(4, 20, 80));
    const same = perEntry(model, [0, 1]);
    const across = perEntry(model, [0, 4]);
    expect(same).toBeGreaterThan(0);
    expect(across).toBeGreaterThan(same);
    // In the engine too, on the i7's measured latencies: two P-cores (28 ns) beat a P-core and an E-core (37 ns).
    const pp = munmapMs('i7-12700', 2, {firstCpu: 0});
    const model7 = new Contention(DEVICES['i7-12700']!);
    expect(perEntry(model7, [0, 16])).toBeGreaterThan(perEntry(model7, [0, 1]));
    expect(pp).toBeGreaterThan(munmapMs('i7-12700', 1));
  });

  it('reduces to the uncontended cost when every hold time is zero', () => {
    const model = new Contention(twoClusters(8, 50, 100, {atomicNs: 0, zsClassHoldShare: 0}));
    expect([...model.extras(maskOf([0, 1, 2, 3, 8, 9]))].every((x) => x === 0)).toBe(true);
    const one = munmapMs('rpi4b', 1, {atomicNs: 0, zsClassHoldShare: 0});
    expect(munmapMs('rpi4b', 4, {atomicNs: 0, zsClassHoldShare: 0})).toBeCloseTo(one, 6);
  });

  it('past saturation the time per entry grows linearly with the CPUs', () => {
    const device: Device = {...twoClusters(24, 40, 40), clusters: [{name: 'a', count: 48, capacity: 1, node: 0, lineNs: 40}]};
    const model = new Contention(device);
    const cycle = (n: number): number => {
      const c = device.costs;
      return c.swapCoreNs + c.zramNs + perEntry(model, Array.from({length: n}, (_, i) => i));
    };
    expect(cycle(48) / cycle(24)).toBeGreaterThan(1.8);
    expect(cycle(48) / cycle(24)).toBeLessThan(2.05);
  });

  it('charges the swap core per run: the device counters and the shared memcg levels', () => {
    const model = new Contention(twoClusters(4, 20, 80));
    const row = model.extras(maskOf([0, 1]));
    expect(row[EXTRA_RUN_SWAP]).toBeGreaterThan(0);
    // memcgLevels 2 against 2 swap counters: the same per-line cost.
    expect(row[EXTRA_RUN_MEMCG]).toBeCloseTo(row[EXTRA_RUN_SWAP]!, 9);
  });

  it('spinning is CPU time: two contending munmaps are busy for their whole zap', () => {
    const spec = resolveRun({scenario: 'munmap', device: 'rpi4b', policy: 'sync', set: ['procs=2']});
    const engine = createEngine(spec);
    engine.runUntil(1e9);
    for (const r of engine.exitRecords) expect(Object.values(r.cpuNsByCluster).reduce((a, b) => a + b, 0)).toBeCloseTo(r.zapDoneNs - r.startNs, -4);
  });
});

describe('zsmalloc size classes', () => {
  it('has the merged classes of a 4 KB zs_pool with chains of up to 8 pages, popularity summing to 1', () => {
    const classes = zsClasses(2.6);
    expect(classes).toHaveLength(119);
    expect(classes.at(-1)!.size).toBe(4096);
    expect(classes.reduce((n, c) => n + c.p, 0)).toBeCloseTo(1, 9);
    // A few dozen effectively popular classes: two frees share a class about 1 time in 40.
    const collision = classes.reduce((n, c) => n + c.p * c.p, 0);
    expect(1 / collision).toBeGreaterThan(25);
    expect(1 / collision).toBeLessThan(60);
  });
});
