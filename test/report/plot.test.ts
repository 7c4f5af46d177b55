/**
 * Charts, by structure rather than pixels: the SVG is well-formed XML, carries its axis titles and
 * one line per policy; the PNG is a PNG; the same data gives the same bytes.
 */
import {readFileSync} from 'node:fs';
import {DOMParser, type Element} from '@xmldom/xmldom';
import {beforeAll, describe, expect, it} from 'vitest';
import {aggregate, type Run} from '../../src/report/aggregate.ts';
import {metricsFor} from '../../src/report/metrics.ts';
import {comparePlotSpec} from '../../src/report/plot-compare.ts';
import {prepareView, renderPrepared, renderSvg, svgToPng, withFill} from '../../src/report/plot-render.ts';
import {sweepPlotSpec} from '../../src/report/plot-sweep.ts';
import {chartKey, precompiled} from '../../src/report/plot-precompiled.ts';
import {timelinePlotFill, timelinePlotSpec, timelinePlotTemplate} from '../../src/report/plot-timeline.ts';
import type {Summary} from '../../src/report/summary.ts';
import type {Timeline} from '../../src/report/timeline.ts';

function parse(svg: string): Element {
  const errors: string[] = [];
  const doc = new DOMParser({onError: (level, msg) => void errors.push(`${level}: ${msg}`)}).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  return doc.documentElement!;
}

const texts = (root: Element): string[] => Array.from(root.getElementsByTagName('text')).map((t) => t.textContent ?? '');

/** Paths of line marks: each is one series. */
function linePaths(root: Element): Element[] {
  return Array.from(root.getElementsByTagName('g'))
    .filter((g) => (g.getAttribute('class') ?? '').includes('mark-line'))
    .flatMap((g) => Array.from(g.getElementsByTagName('path')));
}

const summary = (policy: string, seed: number, kworkersMs: number, params = {}): Run => ({
  summary: {
    policy, seed, scenario: 'kill-burst', device: 'phone', simSeconds: 5, exitMs: {p50: 1, p95: 1, p99: 1, max: 1}, releaseMs: {p50: 1, p95: 1, p99: 1, max: 1},
    cpuMs: {exitingTasks: 100, kworkers: kworkersMs, reaper: 5}, memory: {zramHeldByGatherPeakMB: kworkersMs / 10},
  } as unknown as Summary,
  samples: {exitMs: [100 + seed, 200, 300 + kworkersMs], releaseMs: [150, 250 + seed]},
  params,
});

describe('the compare chart', () => {
  const policies = ['sync', 'gather', 'gather-oom'];
  const runs = policies.flatMap((p, i) => [summary(p, 1, i * 10), summary(p, 2, i * 10)]);
  const metrics = metricsFor(runs.map((r) => r.summary));
  const groups = aggregate(runs, metrics);
  const spec = comparePlotSpec(runs, groups, metrics, {scenario: 'kill-burst', device: 'phone', simSeconds: 5, seeds: [1, 2]});
  let svg: string;
  beforeAll(async () => {
    svg = await renderSvg(spec);
  });

  it('is well-formed SVG with labelled axes, units and a legend', () => {
    const root = parse(svg);
    expect(root.tagName).toBe('svg');
    const t = texts(root);
    for (const title of ['exit latency, SIGKILL → do_task_dead (ms)', 'release latency, SIGKILL → last swap entry freed (ms)', 'share of tasks at or below (%)', 'CPU time (ms)', 'policy', 'context']) {
      expect(t).toContain(title);
    }
    for (const p of policies) expect(t).toContain(p);
  });

  it('draws one line per policy in each CDF and one bar segment per policy and context', () => {
    const root = parse(svg);
    expect(linePaths(root)).toHaveLength(2 * policies.length);
    const bars = Array.from(root.getElementsByTagName('g')).filter((g) => (g.getAttribute('class') ?? '').includes('mark-rect'));
    expect(bars.flatMap((g) => Array.from(g.getElementsByTagName('path')))).toHaveLength(policies.length * 3);
  });

  it('draws a PNG at the chart\'s own size, or scaled (--plot-scale)', async () => {
    // The PNG header's width and height (IHDR, big-endian, bytes 16–23).
    const size = (png: Uint8Array): [number, number] => {
      const b = Buffer.from(png);
      return [b.readUInt32BE(16), b.readUInt32BE(20)];
    };
    const root = parse(svg);
    const [w, h] = [Number(root.getAttribute('width')), Number(root.getAttribute('height'))];
    expect(size(await svgToPng(svg))).toEqual([w, h]);
    expect(size(await svgToPng(svg, 2))).toEqual([2 * w, 2 * h]);
  });

  it('gives the same bytes every time, in SVG and in PNG', async () => {
    expect(await renderSvg(spec)).toBe(svg);
    const [a, b] = [await svgToPng(svg), await svgToPng(svg)];
    expect(Buffer.from(a.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('the sweep chart', () => {
  it('plots a metric against the swept parameter, one line per policy', async () => {
    const runs = [8, 32, 128].flatMap((v) => ['sync', 'gather'].map((p) => summary(p, 1, v, {maxCacheEntries: v})));
    const metrics = metricsFor(runs.map((r) => r.summary));
    const groups = aggregate(runs, metrics);
    const chosen = metrics.filter((m) => m.id === 'cpu_kworkers_ms');
    const spec = sweepPlotSpec(groups, chosen, {scenario: 'kill-burst', device: 'phone', simSeconds: 5, seeds: [1], params: [{name: 'maxCacheEntries', values: [8, 32, 128]}]});
    const root = parse(await renderSvg(spec));
    const t = texts(root);
    expect(t).toContain('maxCacheEntries');
    expect(t).toContain('cpu_kworkers_ms (ms)');
    expect(linePaths(root)).toHaveLength(2);
  });
});

describe('the timeline chart (aswap run --plot)', () => {
  const n = 50;
  const col = (f: (i: number) => number): number[] => Array.from({length: n}, (_, i) => f(i));
  const zero = col(() => 0);
  const timeline: Timeline = {
    stepNs: 10_000_000,
    cpus: [],
    counters: {tNs: col((i) => i * 10_000_000), freeMB: col((i) => 300 - i), cacheCount: col((i) => i % 7), zramMB: zero, zramHeldMB: zero, exitingTasks: zero, psiSomeAvg10: col((i) => i / 10), psiFullAvg10: col((i) => i / 20), psiSomePct: zero, psiFullPct: zero, worksQueued: zero},
    slices: [],
    instants: [
      {tNs: 100_000_000, name: 'kill com.example.a: LOW_MEM', cat: 'kill', args: {}},
      {tNs: 200_000_000, name: 'kill com.example.b: LOW_MEM', cat: 'kill', args: {}},
    ],
    watermarksMB: {min: 50, low: 60, high: 70},
    logLost: 0,
  };
  const ctx = {scenario: 'camera-launch', device: 'phone', policy: 'gather-oom', seed: 3};

  it('draws its three panels, a line per series, the kills and watermarks', async () => {
    const root = parse(await renderSvg(timelinePlotSpec(timeline, ctx)));
    const t = texts(root);
    for (const title of ['Free memory', 'Gather list', 'PSI memory', 'simulated time (s)', 'free memory (MB)', 'cache_count (runs)', 'avg10', 'aswap run: camera-launch on phone, gather-oom, seed 3']) expect(t).toContain(title);
    expect(t).toContain('red rules: kills (2); dashed: watermarks min/low/high; sampled every 10 ms');
    expect(linePaths(root)).toHaveLength(4);
    const rules = Array.from(root.getElementsByTagName('g')).filter((g) => /\bmark-rule\b.*\brole-mark\b/.test(g.getAttribute('class') ?? ''));
    // Two kills in each of three panels, three watermarks.
    expect(rules.flatMap((g) => Array.from(g.getElementsByTagName('line')))).toHaveLength(2 * 3 + 3);
  });

  it('drawn in two steps (laid out before the run, then filled): the same bytes every time, the picture of the whole spec', async () => {
    const template = timelinePlotTemplate();
    const fill = timelinePlotFill(timeline, ctx);
    const twoSteps = await renderPrepared(await prepareView(template), fill, 'svg');
    expect(await renderPrepared(await prepareView(template), fill, 'svg')).toBe(twoSteps);
    // Laid out incrementally, a coordinate may differ from the whole spec's in its 14th digit.
    const rounded = (svg: string | Uint8Array): string => String(svg).replace(/-?\d+\.\d+/g, (x) => String(Math.round(Number(x) * 1e6) / 1e6));
    expect(rounded(twoSteps)).toBe(rounded(await renderSvg(withFill(template, fill))));
    const [a, b] = [await renderPrepared(await prepareView(template), fill, 'png'), await svgToPng(String(twoSteps))];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("is compiled by the build exactly as Vega-Lite compiles it (dist/charts.json, keyed by the template's hash)", async () => {
    const {compile} = await import('vega-lite');
    const template = timelinePlotTemplate();
    const table = JSON.parse(readFileSync(new URL('../../dist/charts.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(table[chartKey(template)]).toEqual(compile(template).spec);
    expect(precompiled(template)).toEqual(compile(template).spec);
    expect(precompiled(withFill(template, timelinePlotFill(timeline, ctx)))).toBeNull();
  });
});
