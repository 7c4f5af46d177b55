import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {busiestWithMovable, CpuSet, DONE_EPSILON, newCpu, selectCpu, type Cpu} from '../../src/engine/runqueue.ts';
import {Thread} from '../../src/engine/thread.ts';

/** The scans the sets replaced: every allowed CPU, every CPU, in order. */
function selectAll(cpus: readonly Cpu[], thread: Thread): number {
  let best = -1;
  let bestScore = Infinity;
  for (const cpu of thread.allowed ? thread.allowed.map((id) => cpus[id]!) : cpus) {
    const score = cpu.load === 0 ? -cpu.capacity - (cpu.id === thread.lastCpu ? 1e-6 : 0) : (cpu.load + thread.weight) / cpu.capacity;
    if (score < bestScore) [best, bestScore] = [cpu.id, score];
  }
  return best;
}

function busiestAll(cpus: readonly Cpu[], idle: Cpu): [number, number] | null {
  let found: [number, number] | null = null;
  let worst = 0;
  for (const cpu of cpus) {
    if (cpu === idle || cpu.queue.length < 2 || cpu.load / cpu.capacity <= worst) continue;
    const i = cpu.queue.findIndex((t) => t.remaining > DONE_EPSILON && (t.allowed === null || t.allowed.includes(idle.id)));
    if (i >= 0) [found, worst] = [[cpu.id, i], cpu.load / cpu.capacity];
  }
  return found;
}

const allowedArb = (n: number) => fc.option(fc.uniqueArray(fc.integer({min: 0, max: n - 1}), {minLength: 1, maxLength: n}).chain((ids) => fc.constantFrom(ids, [...ids].sort((a, b) => a - b))), {nil: null});

const world = fc.integer({min: 1, max: 70}).chain((n) =>
  fc.record({
    capacities: fc.array(fc.constantFrom(0.4, 0.6, 1.0), {minLength: n, maxLength: n}),
    queued: fc.array(fc.record({cpu: fc.integer({min: 0, max: n - 1}), weight: fc.constantFrom(15, 110, 1_024, 3_121), remaining: fc.constantFrom(0, 5, 1e6), allowed: allowedArb(n)}), {maxLength: 2 * n}),
    waking: fc.record({weight: fc.constantFrom(110, 1_024), lastCpu: fc.integer({min: -1, max: n - 1}), allowed: allowedArb(n)}),
    idleCpu: fc.integer({min: 0, max: n - 1}),
  }),
);

describe('run queue choices', () => {
  it('wake placement and newidle pull choose what a scan of every CPU chooses, ties included', () => {
    fc.assert(
      fc.property(world, ({capacities, queued, waking, idleCpu}) => {
        const cpus: Cpu[] = capacities.map((capacity, id) => newCpu(id, 0, 0, capacity));
        let id = 1;
        for (const q of queued) {
          const t = new Thread(id++, 't', 'task', 0, q.weight, q.allowed, 1);
          t.remaining = q.remaining;
          cpus[q.cpu]!.queue.push(t);
          cpus[q.cpu]!.load += q.weight;
        }
        const idle = new CpuSet(cpus.length);
        const crowded = new CpuSet(cpus.length);
        for (const cpu of cpus) if (cpu.queue.length === 0) idle.add(cpu.id);
        for (const cpu of cpus) if (cpu.queue.length >= 2) crowded.add(cpu.id);
        const t = new Thread(id, 'w', 'task', 0, waking.weight, waking.allowed, 1);
        t.lastCpu = waking.lastCpu;
        expect(selectCpu(cpus, t, idle)).toBe(selectAll(cpus, t));
        // newidle balance runs on an emptied CPU.
        const target = cpus[idleCpu]!;
        if (target.queue.length >= 2) crowded.delete(idleCpu);
        target.queue.length = 0;
        target.load = 0;
        const source = busiestWithMovable(cpus, target, crowded);
        expect(source ? [source.id, source.movable] : null).toEqual(busiestAll(cpus, target));
      }),
      {numRuns: 400, seed: 7},
    );
  });
});
