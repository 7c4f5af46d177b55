import {useCallback, useRef, useSyncExternalStore} from 'react';
import type {Snapshot} from '../src/engine/snapshot.ts';
import type {Source} from '../src/sources/source.ts';
import {advance, emptyHistory, type History} from './history.ts';

export interface Snapshots {
  readonly a: Snapshot;
  /** The compare source's snapshot, or null without one. */
  readonly b: Snapshot | null;
  /** What the dashboard remembers of each source's snapshots (rates over a window, the log's scrollback). */
  readonly ha: History;
  readonly hb: History | null;
}

type SpinnerFrame = (update: () => void) => void;

/**
 * The CLI's build of ink-spinner (scripts/ink-component-patches.js) lets the spinners step with
 * the frames: `update` and the spinners that are due become one React commit and one drawn frame,
 * instead of the spinners' own timer adding commits (and layouts and draws) between frames.
 * Elsewhere (tests, Ink as published) spinners keep their timers and `update` runs alone.
 */
function withSpinnerFrame(update: () => void): void {
  const frame = (globalThis as Record<symbol, unknown>)[Symbol.for('aswap.spinner-frame')] as SpinnerFrame | undefined;
  if (frame) frame(update);
  else update();
}

/**
 * The sources' current snapshots and their histories: one React update per frame, because a
 * source notifies at most once per frame and returns the same object until something changed.
 * With two sources (compare mode) both notify in the same frame; their notifications are coalesced
 * into one update. The methods are wrapped, not passed as-is: a class-based source needs its `this`.
 */
export function useSnapshots(source: Source, compare?: Source): Snapshots {
  const subscribe = useCallback(
    (update: () => void) => {
      const listener = () => withSpinnerFrame(update);
      if (!compare) return source.subscribe(listener);
      let queued = false;
      const notify = () => {
        if (queued) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          listener();
        });
      };
      const offA = source.subscribe(notify);
      const offB = compare.subscribe(notify);
      return () => {
        offA();
        offB();
      };
    },
    [source, compare],
  );
  // useSyncExternalStore needs the same object while nothing changed; a new snapshot advances the
  // histories exactly once, here rather than in a render.
  const cache = useRef<Snapshots | null>(null);
  const get = useCallback((): Snapshots => {
    const a = source.getSnapshot();
    const b = compare ? compare.getSnapshot() : null;
    const c = cache.current;
    if (c?.a === a && c.b === b) return c;
    cache.current = {a, b, ha: advance(c?.ha ?? emptyHistory, a), hb: b ? advance(c?.hb ?? emptyHistory, b) : null};
    return cache.current;
  }, [source, compare]);
  return useSyncExternalStore(subscribe, get, get);
}
