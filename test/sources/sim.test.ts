import {describe, expect, it} from 'vitest';
import {resolveRun} from '../../src/run-config.ts';
import {SimSource} from '../../src/sources/sim.ts';

const S = 1_000_000_000;

/** A simulation paced by a fake wall clock: each `frames(n)` is n frames 100 ms apart. */
function paced(options: {speed?: number; slowMotion?: boolean} = {}) {
  let wallMs = 0;
  const source = new SimSource(resolveRun({set: []}), {clock: () => wallMs, manual: true, slowMotion: options.slowMotion ?? true, speed: options.speed});
  const frames = (n: number) => {
    for (let i = 0; i < n; i++) {
      wallMs += 100;
      source.frame();
    }
  };
  return {source, frames};
}

describe('SimSource', () => {
  it('r restarts with the same seed keeping the policy and the knobs the user set; R with the run’s own', () => {
    const source = new SimSource(resolveRun({set: []}), {manual: true, speed: 4});
    source.advance(2 * S);
    source.control({type: 'set-policy', policy: 'sync'});
    source.control({type: 'set-param', key: 'maxCacheEntries', value: 64});
    source.control({type: 'set-param', key: 'swapentsThreshold', value: 6400});
    source.control({type: 'speed', value: 0.25});
    source.control({type: 'restart', defaults: false});
    let s = source.getSnapshot();
    expect(s.nowNs).toBe(0);
    expect(s.params).toMatchObject({policy: 'sync', maxCacheEntries: 64, swapentsThreshold: 6400});
    expect(source.getStatus().baseSpeed).toBe(0.25);
    expect(s.log.at(-1)!.text).toBe('restart: seed 1, policy sync, max_cache_entries 64, MIN_EXITING_TASKS_THRESHOLD 1, MM_SWAPENTS ≥ 6400, max_active 0');
    source.control({type: 'restart', defaults: true});
    s = source.getSnapshot();
    expect(s.params).toMatchObject({policy: 'gather-oom', maxCacheEntries: 32, swapentsThreshold: 3200});
    expect(source.getStatus().baseSpeed).toBe(4);
  });

  it('n runs on to the next camera launch or kill, then to the next one after the wave', () => {
    const source = new SimSource(resolveRun({set: []}), {manual: true});
    source.control({type: 'next-event'});
    const first = source.getSnapshot();
    // The jump stops at the frame of a launch or a kill (lmkd logs its reason beside a kill).
    const jumpedTo = (snap: typeof first, fromNs: number): boolean =>
      snap.log.some((e) => e.tNs > fromNs && (e.kind === 'launch' || e.kind === 'kill')) && snap.log.at(-1)!.tNs > snap.nowNs - 0.1 * S;
    expect(jumpedTo(first, 0)).toBe(true);
    expect(first.nowNs).toBeGreaterThan(0);
    expect(source.getStatus().jumping).toBeNull();
    // From inside the wave: past its end first, then to the next event.
    source.advance(Math.round(0.5 * S));
    const from = source.getSnapshot().nowNs;
    source.control({type: 'next-event'});
    const second = source.getSnapshot();
    expect(jumpedTo(second, from)).toBe(true);
    expect(second.nowNs).toBeGreaterThan(first.nowNs + 0.5 * S);
  });

  it('says when f finds nothing to flush', () => {
    const source = new SimSource(resolveRun({set: []}), {manual: true});
    expect(source.control({type: 'flush'})).toBe('f: the gather list is empty (policy gather-oom), nothing to flush');
    expect(source.control({type: 'pause'})).toBeUndefined();
  });

  it('slows down to 0.25× while tasks exit, says so, and speeds up again after the wave', () => {
    const {source, frames} = paced();
    const speeds: number[] = [];
    let sawExits = false;
    for (let i = 0; i < 400; i++) {
      frames(1);
      const {speed, slowMotion} = source.getStatus();
      speeds.push(speed);
      if (source.getSnapshot().tasks.length > 0) {
        sawExits = true;
        expect(slowMotion).toMatchObject({enabled: true, active: true});
        expect(speed).toBe(0.25);
      }
    }
    expect(sawExits).toBe(true);
    expect(speeds[0]).toBe(1);
    expect(speeds.at(-1)).toBe(1);
    expect(speeds).toContain(0.25);
  });

  it('keeps the user’s speed when slow motion is off, or when a speed is chosen during the wave', () => {
    const off = paced({slowMotion: false});
    off.frames(200);
    expect(off.source.getStatus().slowMotion).toMatchObject({enabled: false, active: false});
    const during = paced();
    while (during.source.getSnapshot().tasks.length === 0) during.frames(1);
    expect(during.source.getStatus().speed).toBe(0.25);
    during.source.control({type: 'speed', value: 2});
    during.frames(1);
    expect(during.source.getStatus().speed).toBe(2);
    during.source.control({type: 'slow-motion', enabled: false});
    expect(during.source.getStatus().slowMotion?.enabled).toBe(false);
  });
});
