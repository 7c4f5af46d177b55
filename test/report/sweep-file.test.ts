/** Reading sweep results back: shards join, an interrupted file's cut-off last line is skipped, strangers are refused. */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {pointAt, type Grid} from '../../src/report/grid.ts';
import {gridIdOf, readSweeps, type SweepBase, type SweepHeader} from '../../src/report/sweep-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'aswap-sweep-file-'));
const grid: Grid = {params: [{name: 'maxCacheEntries', values: [8, 32]}], policies: ['sync'], seeds: [1, 2]};
const base: SweepBase = {scenario: 'kill-burst', device: 'phone', simSeconds: 2, set: [], given: {scenario: 'kill-burst', device: null, simSeconds: '2'}};
const gridId = gridIdOf('0.1.0', base, grid);
const header = (shard: SweepHeader['shard'], points: number): SweepHeader => ({type: 'sweep', aswap: '0.1.0', gridId, base, grid, shard, points});
const point = (index: number, wallMs = 1): string => {
  const p = pointAt(grid, index);
  return JSON.stringify({type: 'point', gridId, ...p, summary: {policy: p.policy, seed: p.seed, engine: {events: 10, wallMs}}, samples: {exitMs: [1], releaseMs: [1]}});
};
const file = (name: string, lines: string[], end = '\n'): string => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + end);
  return path;
};

describe('readSweeps', () => {
  it('joins shards in grid order, each point once (a point in two files must be the same run)', () => {
    const a = file('a.jsonl', [JSON.stringify(header({k: 1, n: 2}, 2)), point(2), point(0)]);
    const b = file('b.jsonl', [JSON.stringify(header({k: 2, n: 2}, 2)), point(3), point(1), point(0, 99)]);
    const data = readSweeps([b, a]);
    expect(data.points.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(data.missing).toBe(0);
    expect(data.header).toEqual(header(null, 4));
    expect(data.warnings).toEqual([]);
  });

  it("skips an interrupted file's cut-off last line with a warning, and counts the missing points", () => {
    const cut = file('cut.jsonl', [JSON.stringify(header(null, 4)), point(0), point(1).slice(0, 40)], '');
    const data = readSweeps([cut]);
    expect(data.points.map((p) => p.index)).toEqual([0]);
    expect(data.missing).toBe(3);
    expect(data.warnings).toEqual([`${cut}: the last line is cut short (an interrupted sweep?) and was skipped`]);
  });

  it('refuses a corrupt line in the middle, a point of another grid, and a different run of the same point', () => {
    const mid = file('mid.jsonl', [JSON.stringify(header(null, 4)), '{oops', point(1)]);
    expect(() => readSweeps([mid])).toThrow(`${mid}:2: not a JSON line of aswap sweep --json`);
    const wrong = file('wrong.jsonl', [JSON.stringify(header(null, 4)), point(1).replace('"seed":2', '"seed":7')]);
    expect(() => readSweeps([wrong])).toThrow(`${wrong}: point 1 does not belong to sweep ${gridId}`);
    const x = file('x.jsonl', [JSON.stringify(header(null, 4)), point(1)]);
    const y = file('y.jsonl', [JSON.stringify(header(null, 4)), point(1).replace('"events":10', '"events":11')]);
    expect(() => readSweeps([x, y])).toThrow(`${y}: point 1 differs from the same point in another file`);
  });
});
