import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {App} from '../../components/app.tsx';
import {computeCompareLayout, computeLayout, type PanelName} from '../../components/layout.ts';
import type {Snapshot} from '../../src/engine/snapshot.ts';
import {busySnapshot, hostSnapshot, syncSnapshot} from '../fixtures/snapshots.ts';
import {FakeSource} from './fake-source.ts';
import {renderApp, settle, type Rendered} from './render.tsx';

const SIZES: readonly [number, number][] = [[80, 24], [120, 40], [200, 60]];
const TITLES = ['Exiting tasks', 'Gather cache', 'Kworkers', 'Memory pressure', 'Event log'];

let open: Rendered[] = [];
afterEach(() => {
  for (const r of open) r.unmount();
  open = [];
});

async function mount(snapshot: Snapshot, cols: number, rows: number, extra: {compare?: Snapshot; supports?: readonly string[]} = {}) {
  const source = new FakeSource(snapshot, extra.supports as never);
  const compare = extra.compare ? new FakeSource(extra.compare) : undefined;
  const quits: number[] = [];
  const keys: string[] = [];
  const r = await renderApp(<App source={source} compare={compare} cols={cols} rows={rows} color={false} onQuit={(c) => quits.push(c)} onKey={(k) => keys.push(k)} />, cols, rows);
  open.push(r);
  return {r, source, quits, keys, text: () => r.lines().join('\n')};
}

/** The frame fits: fewer lines than the terminal has rows (see layout.ts), none wider than it. */
function expectFits(lines: readonly string[], cols: number, rows: number) {
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(cols);
}

describe('layout row budget', () => {
  const shape = fc.record({
    nodeCount: fc.integer({min: 0, max: 8}),
    cpuCount: fc.integer({min: 0, max: 64}),
    absent: fc.subarray<PanelName>(['tasks', 'gather', 'nodes', 'pressure']).map((a) => new Set(a)),
  });

  it('never hands out more rows than the terminal has, at any size', () => {
    fc.assert(
      fc.property(fc.integer({min: 80, max: 320}), fc.integer({min: 24, max: 120}), shape, (cols, rows, s) => {
        const l = computeLayout(cols, rows, s);
        if (l.kind === 'too-small') return false;
        expect(l.header.rows + l.body.rows + l.footer.rows).toBe(rows - 1);
        const p = l.panels;
        const columns = l.kind === 'single' ? [[p.tasks, p.gather, p.nodes, p.cpus, p.pressure, p.log]] : [[p.tasks, p.log], [p.gather, p.nodes, p.pressure, p.cpus]];
        for (const col of columns) expect(col.reduce((sum, r) => sum + r.rows, 0)).toBeLessThanOrEqual(l.body.rows);
        expect(l.kind === 'single' ? p.tasks.width : p.tasks.width + 1 + p.gather.width).toBeLessThanOrEqual(cols);
        return Object.values(p).every((r) => r.rows >= 0);
      }),
    );
  });

  it('does the same for compare mode', () => {
    fc.assert(
      fc.property(fc.integer({min: 80, max: 320}), fc.integer({min: 24, max: 120}), shape, (cols, rows, s) => {
        const l = computeCompareLayout(cols, rows, s);
        if (l.kind === 'too-small') return false;
        const p = l.panels;
        expect(1 + p.tasks.rows + p.gather.rows + p.nodes.rows + p.pressure.rows).toBeLessThanOrEqual(l.column.rows);
        expect(l.diff.rows + l.column.rows).toBeLessThanOrEqual(l.body.rows);
        return 2 * l.column.width + 1 <= cols;
      }),
    );
  });

  it('gives every panel at least its title and a line at 80×24', () => {
    const l = computeLayout(80, 24, {nodeCount: 2, cpuCount: 8, absent: new Set()});
    if (l.kind === 'too-small') throw new Error('80×24 is the minimum');
    expect(l.kind).toBe('single');
    for (const p of ['tasks', 'gather', 'nodes', 'pressure', 'log'] as const) expect(l.panels[p].rows).toBeGreaterThanOrEqual(2);
  });
});

describe('App', () => {
  for (const [cols, rows] of SIZES) {
    it(`fits ${cols}×${rows} with every panel on screen`, async () => {
      const {r, text} = await mount(busySnapshot, cols, rows);
      expectFits(r.lines(), cols, rows);
      for (const t of TITLES) expect(text()).toContain(t);
      // Busy kworkers by name where there is room for them.
      if (rows >= 40) expect(text()).toContain('kworker/u17:');
      else expect(text()).toContain('node0 u17');
    });

    it(`fits ${cols}×${rows} in compare mode, with the difference`, async () => {
      const {r, text} = await mount(busySnapshot, cols, rows, {compare: syncSnapshot});
      expectFits(r.lines(), cols, rows);
      expect(text()).toContain('policy gather-oom vs sync');
      expect(text()).toMatch(/p50 226 ms vs 318 ms −92\.0 ms/);
    });

    it(`fits ${cols}×${rows} on a host without the patch, one line per missing section`, async () => {
      const {r, text} = await mount(hostSnapshot, cols, rows, {supports: []});
      expectFits(r.lines(), cols, rows);
      expect(text().match(/patch not present on this kernel/g)).toHaveLength(3);
      expect(text()).not.toMatch(/cache_counts \d|exiting_tasks \d/);
    });

    it(`fits ${cols}×${rows} with the help open`, async () => {
      const {r, text} = await mount(busySnapshot, cols, rows);
      await r.press('?');
      expectFits(r.lines(), cols, rows);
      expect(text()).toContain('Keys (Esc, q or ? closes)');
    });
  }

  it('asks for a bigger terminal below 80×24, in one line', async () => {
    for (const [cols, rows] of [[79, 40], [120, 23]] as const) {
      const {r} = await mount(busySnapshot, cols, rows);
      const lines = r.lines().filter((l) => l.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`aswap needs at least 80×24; this terminal is ${cols}×${rows}`);
    }
  });

  it('makes one update of a frame in which both compare sources publish', async () => {
    const a = new FakeSource(busySnapshot);
    const b = new FakeSource(syncSnapshot);
    // Paused: no spinner timers, so every frame below comes from the sources.
    a.control({type: 'pause'});
    const r = await renderApp(<App source={a} compare={b} cols={120} rows={40} color={false} onQuit={() => {}} />, 120, 40);
    open.push(r);
    const before = r.frameCount();
    b.tick(83_000_000);
    a.tick(83_000_000);
    await settle();
    expect(r.frameCount()).toBe(before + 1);
    expect(r.lines()[0]).toContain('t 0:11.328');
  });

  it('follows the terminal when it resizes', async () => {
    const source = new FakeSource(busySnapshot);
    const r = await renderApp(<App source={source} color={false} onQuit={() => {}} />, 120, 40);
    open.push(r);
    expect(r.lines()).toHaveLength(39);
    await r.resize(80, 24);
    expectFits(r.lines(), 80, 24);
    expect(r.lines()).toHaveLength(23);
    await r.resize(70, 24);
    expect(r.lines().join('')).toContain('aswap needs at least 80×24; this terminal is 70×24');
  });
});

describe('App keys', () => {
  it('f sends a flush and the manual flush count follows', async () => {
    const {r, source, text} = await mount(busySnapshot, 120, 40);
    expect(text()).toContain('manual 1');
    await r.press('f');
    expect(source.commands).toEqual([{type: 'flush'}]);
    expect(text()).toContain('manual 2');
  });

  it('+ doubles max_cache_entries on screen', async () => {
    const {r, text} = await mount(busySnapshot, 120, 40);
    await r.press('+');
    expect(text()).toContain('max_cache_entries 64');
    expect(text()).toContain('23/64');
  });

  it('? opens the help, Esc closes it, and q there closes rather than quits', async () => {
    const {r, quits, text} = await mount(busySnapshot, 120, 40);
    await r.press('?');
    expect(text()).toContain('force a flush');
    await r.press('\x1b');
    expect(text()).not.toContain('force a flush');
    await r.press('?');
    await r.press('q');
    expect(text()).not.toContain('force a flush');
    expect(quits).toEqual([]);
    await r.press('q');
    expect(quits).toEqual([0]);
  });

  it('space pauses: the header says so and the spinners stop', async () => {
    const {r, source, text} = await mount(busySnapshot, 120, 40);
    await r.press(' ');
    expect(source.commands).toEqual([{type: 'pause'}]);
    expect(text()).toContain('PAUSED');
    expect(text()).not.toMatch(/[◰◳◲◱]/);
    expect(text()).toMatch(/● 4312/);
  });

  it('reports every key to onKey, arrows and Ctrl-C by name', async () => {
    const {r, keys, quits} = await mount(busySnapshot, 120, 40);
    await r.press('\x1b[C');
    await r.press('w');
    await r.press('\x03');
    expect(keys).toEqual(['right', 'w', 'ctrl-c']);
    expect(quits).toEqual([0]);
  });

  it('a key the source cannot serve does nothing and the footer says why', async () => {
    const {r, source, text} = await mount(hostSnapshot, 120, 40, {supports: []});
    await r.press('c');
    expect(source.commands).toEqual([]);
    expect(r.lines().at(-1)).toContain('c: n/a on the host source');
    expect(text()).toContain('keys n/a here (read-only)');
  });
});
