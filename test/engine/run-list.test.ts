import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {runSize} from '../../src/engine/mm.ts';
import {RunList, type RunCursor} from '../../src/engine/release/run-list.ts';

const cursor = (): RunCursor => ({rec: 0, off: 0, endRec: 0, endOff: 0, groupNodes: 0, groupEntries: 0});

/** Records as the zap adds them: (pid, entries, runs) with 1 ≤ runs ≤ entries ≤ 512. */
const records = fc.array(
  fc.record({pid: fc.integer({min: 1, max: 3}), entries: fc.integer({min: 1, max: 512}), runsPct: fc.integer({min: 1, max: 100})}).map(({pid, entries, runsPct}) => ({pid, entries, runs: Math.max(1, Math.floor((entries * runsPct) / 100))})),
  {minLength: 1, maxLength: 30},
);

describe('RunList: swap_cache_list kept by table', () => {
  it('holds the nodes a per-run list would, in order', () => {
    const list = new RunList();
    list.push(7, 10, 3);
    list.push(8, 5, 1);
    expect(list.nodes).toBe(4);
    expect(list.expand()).toEqual({pids: [7, 7, 7, 8], nrs: [4, 3, 3, 5]});
  });

  it('walks groups as the per-node loop did: one pid at a time, at most maxNodes nodes', () => {
    fc.assert(
      fc.property(records, fc.integer({min: 1, max: 70}), (recs, maxNodes) => {
        const list = new RunList();
        for (const r of recs) list.push(r.pid, r.entries, r.runs);
        const {pids, nrs} = list.expand();
        expect(nrs).toEqual(recs.flatMap((r) => Array.from({length: r.runs}, (_, j) => runSize(r.entries, r.runs, j))));
        // The reference: node by node, as async_release_func frees them.
        const c = cursor();
        let pos = 0;
        while (c.rec < list.records) {
          expect(list.entriesFrom(c)).toBe(nrs.slice(pos).reduce((a, b) => a + b, 0));
          list.group(c, maxNodes);
          let end = pos;
          let entries = 0;
          while (end < pids.length && pids[end] === pids[pos] && end - pos < maxNodes) entries += nrs[end++]!;
          expect([c.groupNodes, c.groupEntries]).toEqual([end - pos, entries]);
          c.rec = c.endRec;
          c.off = c.endOff;
          pos = end;
        }
        expect(pos).toBe(pids.length);
      }),
    );
  });
});
