/**
 * Panels are pure functions of plain data, and most of their inputs are the same from one frame to
 * the next even though the snapshot is a new object every frame (the engine builds it afresh): the
 * footer never changes, the gather cache and the kworkers only while work runs, the event log only
 * when an entry comes. A memoized panel compares its props with those of its last calls by value
 * and returns the same lines instead of painting them again: the same text, less work per frame.
 */
import type {Theme} from './theme.ts';

/**
 * Equality of plain data by value: primitives (Object.is), arrays, Maps, Sets and plain objects,
 * compared member by member; anything else (functions, class instances) only by identity.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const proto = Object.getPrototypeOf(a) as unknown;
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return false;
    for (const [k, v] of a) if (!m.has(k) || !sameData(v, m.get(k))) return false;
    return true;
  }
  if (a instanceof Set) {
    const s = b as Set<unknown>;
    if (a.size !== s.size) return false;
    for (const v of a) if (!s.has(v)) return false;
    return true;
  }
  if (proto !== Object.prototype && proto !== null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

interface Entry<P, R> {
  readonly props: P;
  readonly theme: Theme;
  readonly result: R;
}

/**
 * `panel` remembering its last `size` calls (two: both sides of a comparison call each panel once
 * per frame): props equal by value (`sameData`) and the same theme give the same result back.
 * The result is shared, so callers must not mutate it (the blocks and lines are read-only data).
 */
export function memoPanel<P, R>(panel: (props: P, theme: Theme) => R, size = 2): (props: P, theme: Theme) => R {
  const entries: Entry<P, R>[] = [];
  return (props, theme) => {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.theme === theme && sameData(e.props, props)) {
        // The one found first from now on.
        if (i > 0) {
          entries.splice(i, 1);
          entries.unshift(e);
        }
        return e.result;
      }
    }
    const result = panel(props, theme);
    entries.unshift({props, theme, result});
    if (entries.length > size) entries.pop();
    return result;
  };
}
