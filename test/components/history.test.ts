import {describe, expect, it} from 'vitest';
import {advance, emptyHistory, LOG_KEEP, nodeRates, psiSeconds, psiWindow, type History} from '../../components/history.ts';
import type {Snapshot} from '../../src/engine/snapshot.ts';
import {busySnapshot} from '../fixtures/snapshots.ts';

const MS = 1_000_000;
const S = 1000 * MS;

/** The busy snapshot at `tNs`, with PSI totals and node 0's freed entries and kworker CPU as given. */
function at(tNs: number, o: {someUs?: number; fullUs?: number; freed?: number; cpuMs?: number; log?: Snapshot['log']; state?: 'idle' | 'launching' | 'preview'} = {}): Snapshot {
  const b = busySnapshot;
  const node0 = b.nodes![0]!;
  return {
    ...b,
    nowNs: tNs,
    psi: {some: {...b.psi!.some, total: o.someUs ?? 0}, full: {...b.psi!.full, total: o.fullUs ?? 0}},
    nodes: [{...node0, entriesFreed: o.freed ?? 0, kworkers: node0.kworkers.map((k, i) => ({...k, cpuMs: i === 1 ? (o.cpuMs ?? 0) : 0}))}, b.nodes![1]!],
    log: o.log ?? [],
    foreground: {...b.foreground!, state: o.state ?? 'idle'},
  };
}

const run = (snaps: readonly Snapshot[]): History => snaps.reduce(advance, emptyHistory);

describe('history', () => {
  it('rates kworkers over the last half second, not a whole-second bucket', () => {
    // 100k entries freed in the first 0.5 s, then nothing: the window says 0/s half a second later.
    const h = run([at(0), at(500 * MS, {freed: 100_000, cpuMs: 250}), at(1000 * MS, {freed: 100_000, cpuMs: 250})]);
    expect(nodeRates(h)!.get(0)).toEqual({freedPerSec: 0, cpuPct: 0});
    const busy = run([at(0), at(500 * MS, {freed: 100_000, cpuMs: 250})]);
    // 100k in 0.5 s; 250 ms of one kworker on a 4-CPU node in 0.5 s.
    expect(nodeRates(busy)!.get(0)).toEqual({freedPerSec: 200_000, cpuPct: 12.5});
    expect(nodeRates(run([at(0)]))).toBeNull();
  });

  it('measures PSI stall over the last second, as lmkd’s monitors do, and per whole second for the sparkline', () => {
    const snaps = Array.from({length: 31}, (_, i) => at(i * 100 * MS, {someUs: i <= 20 ? i * 10_000 : 200_000 + (i - 20) * 70_000}));
    const h = run(snaps);
    // The last second (2.0 → 3.0 s): 10 × 70 ms of some stall.
    expect(psiWindow(h)!.someMs).toBeCloseTo(700);
    expect(psiSeconds(h, 4)).toEqual([null, 100, 100, 700]);
  });

  it('keeps every log entry for scrolling back, at most LOG_KEEP, and starts afresh when the clock goes back', () => {
    const entry = (seq: number) => ({seq, tNs: seq * MS, kind: 'info' as const, text: `e${seq}`});
    let h = run([at(0, {log: [entry(1), entry(2)]}), at(100 * MS, {log: [entry(2), entry(3)]})]);
    expect(h.log.map((e) => e.seq)).toEqual([1, 2, 3]);
    h = advance(h, at(200 * MS, {log: Array.from({length: LOG_KEEP + 10}, (_, i) => entry(10 + i))}));
    expect(h.log).toHaveLength(LOG_KEEP);
    expect(h.log.at(-1)!.seq).toBe(LOG_KEEP + 19);
    h = advance(h, at(50 * MS, {log: [entry(1)]}));
    expect(h.log.map((e) => e.seq)).toEqual([1]);
    expect(h.samples).toHaveLength(1);
  });

  it('remembers when the foreground app started launching (unknown if it already was)', () => {
    const h = run([at(0), at(1 * S, {state: 'launching'}), at(1.5 * S, {state: 'launching'})]);
    expect(h.launchStartNs).toBe(1 * S);
    expect(run([at(0, {state: 'launching'})]).launchStartNs).toBeNull();
    expect(advance(h, at(2 * S, {state: 'preview'})).launchStartNs).toBeNull();
  });

  it('is the same object when a snapshot adds nothing', () => {
    const h = run([at(0), at(100 * MS)]);
    expect(advance(h, at(100 * MS))).toBe(h);
  });
});
