import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseTrace, traceHeaderOf} from '../../src/record/trace.ts';
import {buildTimeline, frameAt, initialReplayState, reduceReplay, tick, type ReplayState} from '../../src/sources/replay-timeline.ts';
import {ReplaySource} from '../../src/sources/replay.ts';
import {busySnapshot} from '../fixtures/snapshots.ts';
import {snap} from '../record/helpers.ts';

const TASK = busySnapshot.tasks[0]!;

const S = 1e9;

describe('buildTimeline', () => {
  it('measures frames from the first one', () => {
    expect(buildTimeline([5 * S, 6 * S, 6 * S, 8 * S])).toEqual([0, S, S, 3 * S]);
  });
  it('continues across a restart (nowNs going back)', () => {
    expect(buildTimeline([0, S, 0, 0.5 * S])).toEqual([0, S, S, 1.5 * S]);
  });
});

describe('frameAt', () => {
  const times = [0, S, S, 3 * S];
  it.each([
    [-1, 0],
    [0, 0],
    [0.5 * S, 0],
    [S, 2],
    [2.9 * S, 2],
    [3 * S, 3],
    [99 * S, 3],
  ])('at %d ns shows frame %d', (t, index) => {
    expect(frameAt(times, t)).toBe(index);
  });

  it('is the last frame at or before t (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({min: 0, max: 1000}), {minLength: 1, maxLength: 50}), fc.integer({min: -10, max: 60_000}), (deltas, t) => {
        const times = buildTimeline(deltas.reduce<number[]>((acc, d) => [...acc, (acc.at(-1) ?? 0) + d], []));
        let expected = 0;
        times.forEach((time, i) => {
          if (time <= t) expected = i;
        });
        expect(frameAt(times, t)).toBe(expected);
      }),
    );
  });
});

describe('replay stepping (no timers)', () => {
  // Frames every 0.5 s for 30 s.
  const times = Array.from({length: 61}, (_, i) => i * 0.5 * S);
  const run = (state: ReplayState, ...actions: Parameters<typeof reduceReplay>[2][]): ReplayState =>
    actions.reduce((s, a) => reduceReplay(times, s, a), state);

  it('moves by wall time × speed', () => {
    let s = initialReplayState({speed: 2});
    s = tick(times, s, 500);
    expect([s.cursorNs, s.index]).toEqual([S, 2]);
    s = tick(times, s, 240);
    expect([s.cursorNs, s.index]).toEqual([1.48 * S, 2]);
  });

  it('does not move while paused; step pauses and shows the next frame', () => {
    let s = run(initialReplayState(), {type: 'pause'});
    expect(tick(times, s, 10_000)).toBe(s);
    s = tick(times, run(initialReplayState(), {type: 'step'}, {type: 'step'}), 10_000);
    expect([s.paused, s.index, s.cursorNs]).toEqual([true, 2, S]);
    s = run(s, {type: 'resume'});
    expect(tick(times, s, 250).index).toBe(2);
    expect(tick(times, s, 500).index).toBe(3);
  });

  it('seeks ±10 s of simulated time, clamped to the trace', () => {
    let s = run(initialReplayState(), {type: 'seek', deltaS: 10});
    expect([s.cursorNs, s.index, s.ended]).toEqual([10 * S, 20, false]);
    s = run(s, {type: 'seek', deltaS: 10}, {type: 'seek', deltaS: 10}, {type: 'seek', deltaS: 10});
    expect([s.cursorNs, s.index, s.ended]).toEqual([30 * S, 60, true]);
    expect(tick(times, s, 1000)).toBe(s);
    s = run(s, {type: 'seek', deltaS: -10});
    expect([s.cursorNs, s.index, s.ended]).toEqual([20 * S, 40, false]);
    s = run(s, {type: 'seek', deltaS: -100});
    expect([s.cursorNs, s.index]).toEqual([0, 0]);
  });

  it('stops at the end, and resume there starts over', () => {
    let s = tick(times, initialReplayState({speed: 4}), 60_000);
    expect([s.index, s.ended, s.paused]).toEqual([60, true, false]);
    s = run(s, {type: 'step'});
    expect([s.index, s.ended]).toEqual([60, true]);
    s = run(s, {type: 'resume'});
    expect([s.index, s.cursorNs, s.ended, s.paused]).toEqual([0, 0, false, false]);
  });

  it('sets speed within [1/64, 1024] and ignores nonsense', () => {
    expect(run(initialReplayState(), {type: 'speed', value: 8}).speed).toBe(8);
    expect(run(initialReplayState(), {type: 'speed', value: 1e9}).speed).toBe(1024);
    expect(run(initialReplayState(), {type: 'speed', value: 0.001}).speed).toBe(1 / 64);
    const s = initialReplayState();
    expect(run(s, {type: 'speed', value: 0})).toBe(s);
    expect(run(s, {type: 'speed', value: Number.NaN})).toBe(s);
    expect(run(s, {type: 'seek', deltaS: Number.POSITIVE_INFINITY})).toBe(s);
  });
});

/** A trace of `n` frames every 0.5 s, cut short after them when `cut`. */
function traceText(n: number, cut: boolean): string {
  const frames = Array.from({length: n}, (_, i) => snap(i * 0.5 * S, i));
  const header = {type: 'header', ...traceHeaderOf(frames[0]!), version: '0.1.0'};
  const lines = [header, ...frames.map((snapshot) => ({type: 'snapshot', snapshot}))].map((l) => JSON.stringify(l));
  const text = `${lines.join('\n')}\n`;
  return cut ? `${text}${JSON.stringify({type: 'snapshot', snapshot: snap(n * 0.5 * S)}).slice(0, 40)}` : text;
}

describe('ReplaySource', () => {
  it('replays a truncated trace up to its last good line and says it was cut short', () => {
    const trace = parseTrace(traceText(10, true));
    expect(trace.snapshots).toHaveLength(10);
    const source = new ReplaySource(trace);
    expect(source.kind).toBe('replay');
    expect([...source.supports].sort()).toEqual(['next-event', 'pause', 'resume', 'seek', 'slow-motion', 'speed', 'step']);
    expect(source.getSnapshot().source).toBe('replay');
    expect(source.getStatus()).toMatchObject({paused: false, speed: 1, note: 'trace cut short at line 12: unexpected end of JSON', ended: false, position: {atNs: 0, lengthNs: 4.5 * S}});
    source.advance(2000);
    expect(source.getSnapshot().gather?.cacheCount).toBe(4);
    expect(source.getStatus().position).toEqual({atNs: 2 * S, lengthNs: 4.5 * S});
    source.advance(60_000);
    expect(source.getSnapshot().nowNs).toBe(4.5 * S);
    // The end is a state of its own; the message that the trace was cut short stays.
    expect(source.getStatus()).toMatchObject({ended: true, note: 'trace cut short at line 12: unexpected end of JSON', position: {atNs: 4.5 * S}});
  });

  it('says when a clean trace ends, and where it is', () => {
    const source = new ReplaySource(parseTrace(traceText(3, false)));
    expect(source.getStatus()).toMatchObject({note: null, ended: false});
    source.control({type: 'seek', deltaS: 10});
    expect(source.getStatus()).toMatchObject({note: null, ended: true, position: {atNs: S, lengthNs: S}});
    expect(source.getPosition()).toEqual({cursorNs: S, durationNs: S, index: 2, frames: 3});
  });

  it('notifies listeners at most once per frame, and only on change', () => {
    const source = new ReplaySource(parseTrace(traceText(10, false)), {frameMs: 80});
    let calls = 0;
    const unsubscribe = source.subscribe(() => calls++);
    // Not started: a command notifies at once.
    source.control({type: 'step'});
    expect(calls).toBe(1);
    source.control({type: 'pause'}); // already paused by step: no change
    source.control({type: 'restart', defaults: false}); // unsupported: ignored
    source.control({type: 'flush'});
    expect(calls).toBe(1);
    source.advance(1000); // paused: nothing moves
    expect(calls).toBe(1);
    source.control({type: 'resume'});
    expect(calls).toBe(2);
    const before = source.getSnapshot();
    source.advance(40); // 0.5 s → 0.54 s: same frame, and the header's position (a tenth of a second) is the same
    expect(source.getSnapshot()).toBe(before);
    expect(calls).toBe(2);
    source.advance(500);
    expect(calls).toBe(3);
    unsubscribe();
    source.advance(500);
    expect(calls).toBe(3);
  });

  it('batches commands between pacer ticks into one notification', () => {
    let now = 0;
    const source = new ReplaySource(parseTrace(traceText(10, false)), {now: () => now});
    let calls = 0;
    source.subscribe(() => calls++);
    source.start();
    source.control({type: 'seek', deltaS: 1});
    source.control({type: 'speed', value: 2});
    source.control({type: 'pause'});
    expect(calls).toBe(0);
    now += 80;
    source.advance(0);
    expect(calls).toBe(1);
    expect(source.getStatus()).toMatchObject({paused: true, speed: 2});
    expect(source.getSnapshot().nowNs).toBe(S);
    source.stop();
  });

  it('refuses an empty trace with its error', () => {
    expect(() => new ReplaySource({snapshots: [], error: 'not an aswap trace: the file is empty'})).toThrow('not an aswap trace: the file is empty');
  });
});

describe('ReplaySource: the moment that matters', () => {
  /** Frames every 0.1 s; a kill wave (tasks exiting, kills logged) from frame 10 to 19. */
  function waveTrace() {
    let seq = 0;
    const frames = Array.from({length: 40}, (_, i) => {
      const base = snap(i * 0.1 * S, i);
      const inWave = i >= 10 && i < 20;
      const log = i === 10 || i === 30 ? [{seq: ++seq, tNs: base.nowNs, kind: 'kill' as const, text: `kill ${i}`}] : [];
      return {...base, tasks: inWave ? [{...TASK, pid: 1000 + i}] : [], log};
    });
    return {snapshots: frames, error: null};
  }

  it('n jumps to the next kill wave, past the one in progress', () => {
    const source = new ReplaySource(waveTrace());
    source.control({type: 'next-event'});
    expect(source.getPosition().index).toBe(10);
    source.control({type: 'next-event'});
    expect(source.getPosition().index).toBe(30);
    expect(source.control({type: 'next-event'})).toBe('n: no camera launch or kill wave later in this trace');
  });

  it('plays a wave in slow motion', () => {
    const source = new ReplaySource(waveTrace());
    source.control({type: 'next-event'});
    source.advance(80);
    expect(source.getStatus()).toMatchObject({speed: 0.25, baseSpeed: 1, slowMotion: {active: true}});
    source.control({type: 'slow-motion', enabled: false});
    expect(source.getStatus()).toMatchObject({speed: 1, slowMotion: {enabled: false, active: false}});
  });
});
