/** Integer shares of a count: how reclaim and refaults split pages over groups of the page cache. */

export function sum(xs: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) n += xs[i]!;
  return n;
}

/** Scratch for `share` (remainders and their order): it runs often, on a few groups. */
const frac: number[] = [];
const order: number[] = [];

/**
 * Split `n` over `weights` in proportion, in integers (largest remainder; ties to the lower index).
 * Written into `out` when given (its old contents are overwritten), else into a new array.
 */
export function share(weights: readonly number[], n: number, out: number[] = new Array<number>(weights.length)): number[] {
  const len = weights.length;
  const total = sum(weights);
  // (Setting the length, even to what it is, is a runtime call.)
  if (out.length !== len) out.length = len;
  out.fill(0);
  if (total <= 0 || n <= 0) return out;
  // The common case: one group only.
  for (let i = 0; i < len; i++) {
    if (weights[i] !== total) continue;
    out[i] = Math.min(n, total);
    return out;
  }
  const k = Math.min(n, total);
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
