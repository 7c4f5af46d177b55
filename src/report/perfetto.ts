/**
 * A run's timeline in the Trace Event Format (the JSON that ui.perfetto.dev and chrome://tracing
 * open), written with trace-event-lib's event builder: one process for the simulated machine, one
 * thread track per simulated CPU with nested complete (`X`) slices for what ran there, a track of
 * instant (`i`) events (kills with their reason, OOM-path flushes, camera launches and first frames,
 * PSI events), and counters (`C`). Timestamps are simulated microseconds; nothing in the file comes
 * from the wall clock, so the same run gives the same bytes.
 */
import {AbstractEventBuilder, type Event} from 'trace-event-lib';
import type {Counters, Timeline} from './timeline.ts';
import {ASWAP_VERSION} from './version.ts';

const PID = 1;
const EVENTS_TID = 1000;
/** Microseconds with ns precision, as a plain number. */
const us = (ns: number): number => Math.round(ns) / 1000;

class ArrayBuilder extends AbstractEventBuilder {
  readonly events: Event[] = [];
  protected override send<T extends Event>(event: T): void {
    this.events.push(event);
  }
}

export interface PerfettoContext {
  readonly scenario: string;
  readonly device: string;
  readonly policy: string;
  readonly seed: number;
}

interface CounterTrack {
  readonly name: string;
  readonly series: readonly {readonly arg: string; readonly column: keyof Omit<Counters, 'tNs'>; readonly digits: number}[];
}

const COUNTERS: readonly CounterTrack[] = [
  {name: 'free memory', series: [{arg: 'MB', column: 'freeMB', digits: 1}]},
  {name: 'cache_count', series: [{arg: 'runs', column: 'cacheCount', digits: 0}]},
  {name: 'exiting_tasks', series: [{arg: 'tasks', column: 'exitingTasks', digits: 0}]},
  {name: 'zram', series: [{arg: 'MB', column: 'zramMB', digits: 1}]},
  {name: 'zram held by parked entries', series: [{arg: 'MB', column: 'zramHeldMB', digits: 1}]},
  {name: 'PSI some', series: [{arg: 'avg10', column: 'psiSomeAvg10', digits: 2}, {arg: 'stalled %', column: 'psiSomePct', digits: 0}]},
  {name: 'PSI full', series: [{arg: 'avg10', column: 'psiFullAvg10', digits: 2}, {arg: 'stalled %', column: 'psiFullPct', digits: 0}]},
  {name: 'release works queued', series: [{arg: 'total', column: 'worksQueued', digits: 0}]},
];

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

/** The Trace Event JSON object of a timeline. */
export function perfettoTrace(tl: Timeline, ctx: PerfettoContext): {traceEvents: Event[]; displayTimeUnit: 'ms'; otherData: Record<string, string>} {
  const b = new ArrayBuilder();
  // Metadata through metadata() with ts 0: the library's process_name() & co. would stamp the wall clock.
  const meta = (name: string, tid: number, args: Record<string, string | number>): void => b.metadata({name, pid: PID, tid, ts: 0, args});
  meta('process_name', 0, {name: `aswap: ${ctx.scenario} on ${ctx.device}, ${ctx.policy}, seed ${ctx.seed} (simulated)`});
  meta('process_sort_index', 0, {sort_index: 0});
  for (const c of tl.cpus) {
    meta('thread_name', c.cpu + 1, {name: `CPU ${c.cpu} (node ${c.node}, capacity ${c.capacity.toFixed(2)})`});
    meta('thread_sort_index', c.cpu + 1, {sort_index: c.cpu});
  }
  meta('thread_name', EVENTS_TID, {name: 'events'});
  meta('thread_sort_index', EVENTS_TID, {sort_index: -1});

  tl.slices.forEach((slices, cpu) => {
    for (const s of slices) {
      if (s.endNs <= s.startNs) continue;
      b.complete({name: s.name, cat: s.cat, ts: us(s.startNs), dur: us(s.endNs) - us(s.startNs), pid: PID, tid: cpu + 1, ...(s.args ? {args: {...s.args}} : {})});
    }
  });
  const instants = [...tl.instants].sort((x, y) => x.tNs - y.tNs);
  for (const e of instants) b.instant({name: e.name, cat: e.cat, ts: us(e.tNs), pid: PID, tid: EVENTS_TID, s: 't', args: {...e.args}});

  // Counters: a value only when it changed (at the step's resolution), and the last one.
  const n = tl.counters.tNs.length;
  for (const track of COUNTERS) {
    let last = '';
    for (let i = 0; i < n; i++) {
      const args = Object.fromEntries(track.series.map((s) => [s.arg, round(tl.counters[s.column][i]!, s.digits)]));
      const key = JSON.stringify(args);
      if (key === last && i !== n - 1) continue;
      last = key;
      b.counter({name: track.name, ts: us(tl.counters.tNs[i]!), pid: PID, tid: 0, args});
    }
  }
  return {
    traceEvents: b.events,
    displayTimeUnit: 'ms',
    otherData: {
      generator: `aswap ${ASWAP_VERSION}`,
      clock: 'simulated time; ts in microseconds from the start of the run',
      resolution: `each CPU sampled every ${tl.stepNs / 1e6} ms: slice edges are exact to that step`,
      scenario: ctx.scenario,
      device: ctx.device,
      policy: ctx.policy,
      seed: String(ctx.seed),
    },
  };
}

/** The file's text: one event per line, so it diffs and greps well and stays valid JSON. */
export function perfettoJson(tl: Timeline, ctx: PerfettoContext): string {
  const t = perfettoTrace(tl, ctx);
  const events = t.traceEvents.map((e) => JSON.stringify(e)).join(',\n');
  return `{"displayTimeUnit":"ms","otherData":${JSON.stringify(t.otherData)},"traceEvents":[\n${events}\n]}\n`;
}
