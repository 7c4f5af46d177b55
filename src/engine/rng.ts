import {xoroshiro128plus} from 'pure-rand/generator/xoroshiro128plus';
import {uniformFloat64} from 'pure-rand/distribution/uniformFloat64';
import type {JumpableRandomGenerator} from 'pure-rand/types/JumpableRandomGenerator';

/**
 * One independent stream per subsystem, all derived from one seed by jumping a xoroshiro128+
 * generator (pure-rand): adding draws to one subsystem never shifts another's sequence.
 * The order of this list is part of the determinism contract: append, never reorder.
 */
export const STREAMS = ['layout', 'kills', 'alloc', 'apps', 'kswapd', 'lmkd', 'camera', 'background', 'user'] as const;
export type StreamName = (typeof STREAMS)[number];

/** A seeded stream of numbers. */
export class Rng {
  constructor(private readonly gen: JumpableRandomGenerator) {}

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** Uniform real in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  /** True with probability p (no draw when p is 0 or 1, so a disabled knob costs nothing). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  getState(): readonly number[] {
    return this.gen.getState();
  }
}

export function createStreams(seed: number): Record<StreamName, Rng> {
  const base = xoroshiro128plus(seed | 0);
  const out = {} as Record<StreamName, Rng>;
  for (const name of STREAMS) {
    base.jump();
    out[name] = new Rng(base.clone());
  }
  return out;
}
