import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {EventQueue} from '../../src/engine/event-queue.ts';

/** Pops everything, as a log of the pushed labels. */
function drain(q: EventQueue): string[] {
  const out: string[] = [];
  while (q.pop()) out.push(q.obj!);
  return out;
}

describe('EventQueue', () => {
  it('orders by time, then priority, then insertion order', () => {
    const q = new EventQueue();
    q.push(20, 0, 0, 0, 0, 'b@20');
    q.push(10, 2, 0, 0, 0, 'world@10');
    q.push(10, 1, 0, 0, 0, 'tick@10');
    q.push(10, 0, 0, 0, 0, 'kill@10');
    q.push(10, 0, 0, 0, 0, 'kill2@10');
    q.push(5, 9, 0, 0, 0, 'a@5');
    q.push(10, 1, 0, 0, 0, 'tick2@10');
    expect(q.size).toBe(7);
    expect(q.peekTime()).toBe(5);
    expect(drain(q)).toEqual(['a@5', 'kill@10', 'kill2@10', 'tick@10', 'tick2@10', 'world@10', 'b@20']);
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBe(false);
  });

  it('hands out increasing sequence numbers and keeps each event’s data', () => {
    const q = new EventQueue();
    q.push(3, 0, 4, 7, 8, 'x');
    q.push(1, 1, 2, 1.5, -2, null);
    expect(q.pop()).toBe(true);
    expect([q.tNs, q.priority, q.seq, q.kind, q.a, q.b, q.obj]).toEqual([1, 1, 1, 2, 1.5, -2, null]);
    expect(q.pop()).toBe(true);
    expect([q.tNs, q.priority, q.seq, q.kind, q.a, q.b, q.obj]).toEqual([3, 0, 0, 4, 7, 8, 'x']);
  });

  it('keeps the order of events past its horizon (they wait in the far heap), and its size and next time', () => {
    const q = new EventQueue(10);
    for (const [t, p, label] of [[35, 0, 'c'], [15, 1, 'b'], [3, 0, 'a'], [35, 0, 'd'], [100, 2, 'f'], [12, 0, 'a2'], [40, 0, 'e']] as const) q.push(t, p, 0, 0, 0, label);
    expect(q.size).toBe(7);
    expect(q.popUntil(2)).toBe(false);
    expect(q.pop() && q.obj).toBe('a');
    // Everything else is past the horizon; popping a2 brings b near too, and x waits behind b.
    expect(q.pop() && q.obj).toBe('a2');
    q.push(18, 0, 0, 0, 0, 'x');
    expect(q.pop() && q.obj).toBe('b');
    expect(q.pop() && q.obj).toBe('x');
    expect(q.peekTime()).toBe(35);
    expect(q.popUntil(34)).toBe(false);
    q.push(36, 0, 0, 0, 0, 'd2');
    expect(q.size).toBe(5);
    expect(drain(q)).toEqual(['c', 'd', 'd2', 'e', 'f']);
  });

  it('pops in the order of a stable sort by (time, priority), with pushes between pops, past its first capacity', () => {
    const op = fc.oneof(
      {weight: 3, arbitrary: fc.record({push: fc.constant(true as const), t: fc.integer({min: 0, max: 20}), p: fc.integer({min: 0, max: 3})})},
      {weight: 1, arbitrary: fc.constant({push: false as const})},
    );
    fc.assert(
      fc.property(fc.array(op, {maxLength: 700}), fc.constantFrom(undefined, 1, 4), (ops, horizon) => {
        const q = new EventQueue(horizon);
        const model: {t: number; p: number; id: number}[] = [];
        let id = 0;
        for (const o of ops) {
          if (o.push) {
            q.push(o.t, o.p, 1, id);
            model.push({t: o.t, p: o.p, id: id++});
          } else {
            model.sort((a, b) => a.t - b.t || a.p - b.p || a.id - b.id);
            const want = model.shift();
            expect(q.pop()).toBe(want !== undefined);
            if (want) expect(q.a).toBe(want.id);
          }
          expect(q.size).toBe(model.length);
        }
      }),
      {numRuns: 150, seed: 1},
    );
  });

  it('cancelling an event deep in the heap lets the event that fills its place climb when it must', () => {
    const q = new EventQueue();
    const times = [26, 87, 43, 69, 57, 75, 30, 59, 75, 80, 13, 86, 13, 67, 26, 29];
    const handles = times.map((t, i) => q.push(t, 0, 0, i));
    q.cancel(handles[4]!);
    const popped: number[] = [];
    while (q.pop()) popped.push(q.tNs);
    expect(popped).toEqual(times.filter((_, i) => i !== 4).sort((a, b) => a - b));
  });

  it('drops cancelled far events once they are most of the far heap, keeping the rest in order and reusing their slots', () => {
    const q = new EventQueue(100);
    const kept: number[] = [];
    for (let round = 0; round < 50; round++) {
      // An endless segment re-planned again and again: one far event pushed, the previous one cancelled.
      const handles = Array.from({length: 10}, (_, i) => q.push(1e6 + round * 10 + i, 0, 0, round * 10 + i));
      handles.forEach((h, i) => (i === 3 ? kept.push(round * 10 + i) : q.cancel(h)));
    }
    expect(q.size).toBe(50);
    expect((q as unknown as {used: number}).used).toBeLessThan(256);
    const popped: number[] = [];
    while (q.pop()) popped.push(q.a);
    expect(popped).toEqual(kept);
  });

  it('a cancelled event never pops; the others keep their order (near, front and far events alike)', () => {
    const op = fc.oneof(
      {weight: 4, arbitrary: fc.record({op: fc.constant('push' as const), t: fc.integer({min: 0, max: 300}), p: fc.integer({min: 0, max: 2})})},
      {weight: 1, arbitrary: fc.record({op: fc.constant('pop' as const)})},
      {weight: 2, arbitrary: fc.record({op: fc.constant('cancel' as const), pick: fc.nat()})},
    );
    fc.assert(
      fc.property(fc.array(op, {maxLength: 500}), fc.constantFrom(undefined, 20, 60), (ops, horizon) => {
        const q = new EventQueue(horizon);
        let model: {t: number; p: number; id: number; handle: number}[] = [];
        let id = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            const handle = q.push(o.t, o.p, 1, id);
            model.push({t: o.t, p: o.p, id: id++, handle});
          } else if (o.op === 'cancel') {
            if (model.length === 0) continue;
            const victim = model[o.pick % model.length]!;
            q.cancel(victim.handle);
            model = model.filter((e) => e !== victim);
          } else {
            model.sort((a, b) => a.t - b.t || a.p - b.p || a.id - b.id);
            const want = model.shift();
            expect(q.pop()).toBe(want !== undefined);
            if (want) expect([q.tNs, q.a]).toEqual([want.t, want.id]);
          }
          expect(q.size).toBe(model.length);
        }
        model.sort((a, b) => a.t - b.t || a.p - b.p || a.id - b.id);
        expect(q.peekTime()).toBe(model[0]?.t ?? Infinity);
        expect(drain(q).length).toBe(model.length);
      }),
      {numRuns: 200, seed: 3},
    );
  });
});
