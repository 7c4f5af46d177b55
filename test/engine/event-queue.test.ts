import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {EventQueue} from '../../src/engine/event-queue.ts';

/** Pops everything, as a log of the pushed labels. */
function drain(q: EventQueue<string>): string[] {
  const out: string[] = [];
  for (let e = q.pop(); e; e = q.pop()) out.push(e.event);
  return out;
}

describe('EventQueue', () => {
  it('orders by time, then priority, then insertion order', () => {
    const q = new EventQueue<string>();
    q.push(20, 'b@20');
    q.push(10, 'world@10', 2);
    q.push(10, 'tick@10', 1);
    q.push(10, 'kill@10', 0);
    q.push(10, 'kill2@10', 0);
    q.push(5, 'a@5', 9);
    q.push(10, 'tick2@10', 1);
    expect(q.size).toBe(7);
    expect(q.peekTime()).toBe(5);
    expect(drain(q)).toEqual(['a@5', 'kill@10', 'kill2@10', 'tick@10', 'tick2@10', 'world@10', 'b@20']);
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBeUndefined();
  });

  it('hands out increasing sequence numbers', () => {
    const q = new EventQueue<string>();
    q.push(3, 'x');
    q.push(1, 'y');
    expect(q.pop()).toEqual({tNs: 1, priority: 0, seq: 1, event: 'y'});
    expect(q.pop()).toEqual({tNs: 3, priority: 0, seq: 0, event: 'x'});
  });

  it('pops in the order of a stable sort by (time, priority), with pushes between pops', () => {
    const op = fc.oneof(
      fc.record({push: fc.constant(true as const), t: fc.integer({min: 0, max: 20}), p: fc.integer({min: 0, max: 3})}),
      fc.constant({push: false as const}),
    );
    fc.assert(
      fc.property(fc.array(op, {maxLength: 200}), (ops) => {
        const q = new EventQueue<number>();
        const model: {t: number; p: number; id: number}[] = [];
        let id = 0;
        for (const o of ops) {
          if (o.push) {
            q.push(o.t, id, o.p);
            model.push({t: o.t, p: o.p, id: id++});
          } else {
            model.sort((a, b) => a.t - b.t || a.p - b.p || a.id - b.id);
            expect(q.pop()?.event).toBe(model.shift()?.id);
          }
          expect(q.size).toBe(model.length);
        }
      }),
      {numRuns: 100, seed: 1},
    );
  });
});
