/**
 * The timeline sampler and the Perfetto file: stepping the engine in slices changes nothing in the
 * run, and the Trace Event JSON has what each phase needs, with slices that nest and sorted µs times.
 */
import {beforeAll, describe, expect, it} from 'vitest';
import {perfettoJson} from '../../src/report/perfetto.ts';
import {runPoint} from '../../src/report/run-point.ts';
import {instantOf, recordTimeline, type Timeline} from '../../src/report/timeline.ts';
import {resolveRun} from '../../src/run-config.ts';

const spec = resolveRun({scenario: 'kill-burst', simSeconds: '2.5', policy: 'gather-oom'});
const noWall = (x: unknown): string => JSON.stringify(x).replace(/"wallMs":[\d.e+-]+/, '');

let timeline: Timeline;
let sampled: ReturnType<typeof recordTimeline>['result'];

beforeAll(() => {
  ({timeline, result: sampled} = recordTimeline(spec, spec.policy, 1_000_000));
});

interface TraceEvent {
  ph: string;
  name?: string;
  cat?: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: string;
  args?: Record<string, unknown>;
}

describe('the timeline', () => {
  it('leaves the run exactly as aswap run has it (same summary, same per-exit samples)', () => {
    const plain = runPoint(spec);
    expect(noWall(sampled.summary)).toBe(noWall(plain.summary));
    expect(sampled.samples).toEqual(plain.samples);
  });

  it('sees the exits on the CPUs, in do_exit and zap_pte_range, and the kworkers in async_release_func', () => {
    const names = new Set(timeline.slices.flat().map((s) => s.name));
    expect(names).toContain('do_exit');
    expect(names).toContain('zap_pte_range');
    expect(names).toContain('async_release_func');
    expect(timeline.instants.filter((e) => e.cat === 'kill')).toHaveLength(sampled.summary.kills);
    expect(timeline.logLost).toBe(0);
  });

  it('turns log lines into instants with their arguments', () => {
    expect(instantOf('kill', 'kill com.example.maps (1003) adj 905: lmkd medium, 312 MB in swap', 7)).toEqual({
      tNs: 7, name: 'kill com.example.maps: lmkd medium', cat: 'kill',
      args: {comm: 'com.example.maps', pid: 1003, oom_score_adj: 905, reason: 'lmkd medium', swapMB: 312},
    });
    expect(instantOf('oom', 'flush (OOM path): cache_count 12 → queue_work on node 0', 1)!.name).toBe('flush (OOM path)');
    expect(instantOf('launch', 'camera first frame after 812 ms', 1)!.name).toBe('first frame');
    expect(instantOf('param', 'max_active: 0 → 4', 1)).toBeNull();
  });
});

describe('the Perfetto file', () => {
  let trace: {traceEvents: TraceEvent[]; displayTimeUnit: string; otherData: Record<string, string>};
  beforeAll(() => {
    trace = JSON.parse(perfettoJson(timeline, {scenario: 'kill-burst', device: 'phone', policy: 'gather-oom', seed: 1}));
  });

  it('is Trace Event JSON: every event has the fields its phase needs', () => {
    expect(trace.displayTimeUnit).toBe('ms');
    expect(trace.traceEvents.length).toBeGreaterThan(100);
    const phases = new Set<string>();
    for (const e of trace.traceEvents) {
      phases.add(e.ph);
      expect(Number.isInteger(e.pid) && Number.isInteger(e.tid)).toBe(true);
      expect(typeof e.name).toBe('string');
      switch (e.ph) {
        case 'X':
          expect(e.ts).toBeGreaterThanOrEqual(0);
          expect(e.dur).toBeGreaterThan(0);
          expect(typeof e.cat).toBe('string');
          break;
        case 'i':
          expect(['g', 'p', 't']).toContain(e.s);
          expect(e.ts).toBeGreaterThanOrEqual(0);
          break;
        case 'C':
          expect(Object.values(e.args!).every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
          break;
        case 'M':
          expect(['process_name', 'process_sort_index', 'thread_name', 'thread_sort_index']).toContain(e.name);
          expect(e.args).toBeDefined();
          break;
        default:
          throw new Error(`unexpected phase ${e.ph}`);
      }
    }
    expect([...phases].sort()).toEqual(['C', 'M', 'X', 'i']);
    // One named track per simulated CPU.
    const cpus = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && String(e.args!.name).startsWith('CPU '));
    expect(cpus).toHaveLength(timeline.cpus.length);
  });

  it('puts timestamps in simulated µs, sorted per track, with slices that nest', () => {
    const endUs = 2.5e6;
    const byTrack = new Map<string, TraceEvent[]>();
    for (const e of trace.traceEvents) {
      if (e.ph === 'M') continue;
      const key = e.ph === 'C' ? `C:${e.name}` : `${e.pid}:${e.tid}`;
      byTrack.set(key, [...(byTrack.get(key) ?? []), e]);
      expect(e.ts + (e.dur ?? 0)).toBeLessThanOrEqual(endUs);
    }
    for (const [key, events] of byTrack) {
      for (let i = 1; i < events.length; i++) expect({key, ordered: events[i]!.ts >= events[i - 1]!.ts}).toEqual({key, ordered: true});
      // X slices on one track: each either inside the enclosing open slice or after it.
      const open: TraceEvent[] = [];
      for (const e of events.filter((x) => x.ph === 'X')) {
        while (open.length && open[open.length - 1]!.ts + open[open.length - 1]!.dur! <= e.ts) open.pop();
        const parent = open[open.length - 1];
        if (parent) expect(e.ts + e.dur!).toBeLessThanOrEqual(parent.ts + parent.dur!);
        open.push(e);
      }
    }
    const zap = trace.traceEvents.find((e) => e.name === 'zap_pte_range')!;
    const parent = trace.traceEvents.find((e) => e.name === 'do_exit' && e.tid === zap.tid && e.ts <= zap.ts && e.ts + e.dur! >= zap.ts + zap.dur!);
    expect(parent).toBeDefined();
  });

  it('is the same file for the same run', () => {
    const again = recordTimeline(spec, spec.policy, 1_000_000).timeline;
    const ctx = {scenario: 'kill-burst', device: 'phone', policy: 'gather-oom', seed: 1};
    expect(perfettoJson(again, ctx)).toBe(perfettoJson(timeline, ctx));
  });
});
