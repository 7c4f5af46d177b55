/**
 * Charts, by structure rather than pixels: the SVG is well-formed XML, carries its axis titles and
 * one line per policy; the PNG is a PNG; the same data gives the same bytes.
 */
import {DOMParser, type Element} from '@xmldom/xmldom';
import {beforeAll, describe, expect, it} from 'vitest';
import {aggregate, type Run} from '../../src/report/aggregate.ts';
import {metricsFor} from '../../src/report/metrics.ts';
import {comparePlotSpec} from '../../src/report/plot-compare.ts';
import {renderSvg, svgToPng} from '../../src/report/plot-render.ts';
import {sweepPlotSpec} from '../../src/report/plot-sweep.ts';
import type {Summary} from '../../src/report/summary.ts';

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
