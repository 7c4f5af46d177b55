/** Integer shares of a count: how reclaim and refaults split pages over groups of the page cache. */

export function sum(xs: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) n += xs[i]!;
  return n;
}

/** Split `n` over `weights` in proportion, in integers (largest remainder; ties to the lower index). */
export function share(weights: readonly number[], n: number): number[] {
  const len = weights.length;
  const total = sum(weights);
  const out = new Array<number>(len).fill(0);
  if (total <= 0 || n <= 0) return out;
  // The common case: one group only.
  for (let i = 0; i < len; i++) {
    if (weights[i] !== total) continue;
    out[i] = Math.min(n, total);
    return out;
  }
  const k = Math.min(n, total);
  const frac = new Array<number>(len);
  let taken = 0;
  for (let i = 0; i < len; i++) {
    const x = (k * weights[i]!) / total;
    const whole = Math.floor(x);
    out[i] = Math.min(weights[i]!, whole);
    frac[i] = x - whole;
    taken += out[i]!;
  }
  let left = k - taken;
  // Largest remainder first, the lower index first on a tie (an insertion sort of a few groups).
  const order = new Array<number>(len);
  for (let i = 0; i < len; i++) {
    let j = i;
    while (j > 0 && frac[order[j - 1]!]! < frac[i]!) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  for (let o = 0; o < len; o++) {
    if (left === 0) break;
    const i = order[o]!;
    if (out[i]! < weights[i]!) {
      out[i]!++;
      left--;
    }
  }
  // Any rounding left over goes wherever there is room.
  for (let i = 0; i < len && left > 0; i++) {
    const t = Math.min(left, weights[i]! - out[i]!);
    out[i]! += t;
    left -= t;
  }
  return out;
}
