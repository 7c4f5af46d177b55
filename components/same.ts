/**
 * Structural equality for panel props. Sources build a fresh snapshot per frame, so a section that
 * did not change is equal but not identical; comparing structure lets React.memo skip the panels
 * whose data did not change (the comparison is far cheaper than a re-render and layout).
 */
export function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    for (const v of a) if (!b.has(v)) return false;
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** React.memo comparator over all props. */
export const sameProps = <P extends object>(prev: Readonly<P>, next: Readonly<P>): boolean => same(prev, next);
