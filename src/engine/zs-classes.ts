/**
 * zsmalloc's size classes (mm/zsmalloc.c, 4 KB pages) and how popular each is, for the contention
 * model: a free takes the spinlock of its object's class, so two CPUs collide on a class lock only
 * when they free objects of the same class at the same moment.
 *
 * Classes: sizes from ZS_MIN_ALLOC_SIZE (32) in steps of ZS_SIZE_CLASS_DELTA (16) up to PAGE_SIZE;
 * each class takes the zspage size (1–8 pages: CONFIG_ZSMALLOC_CHAIN_SIZE, 8 by default since
 * Linux 6.3) that wastes least
 * (get_pages_per_zspage), and neighbours with the same pages per zspage and objects per zspage are
 * merged into one class (can_merge), as zs_create_pool does.
 *
 * Popularity (an estimate, see devices.md): the compressed size of an anonymous page is taken as
 * normal around PAGE_SIZE / compression ratio with a standard deviation of 35% of that mean,
 * clipped to [32, 4096] (pages that do not compress go to the largest class). That gives 119
 * merged classes, and two frees fall in the same class with probability Σ p² ≈ 1/43 at 2.6:1:
 * a few dozen effectively popular classes.
 */
import {PAGE_SIZE} from './units.ts';

const ZS_MIN_ALLOC_SIZE = 32;
const ZS_SIZE_CLASS_DELTA = 16;
const ZS_MAX_PAGES_PER_ZSPAGE = 8;
/** Standard deviation of compressed sizes as a share of their mean (estimate). */
export const SIZE_SPREAD = 0.35;

export interface ZsClass {
  /** Largest object size of the class (the size zsmalloc allocates). */
  readonly size: number;
  readonly pagesPerZspage: number;
  readonly objsPerZspage: number;
  /** Share of freed objects in this class. */
  readonly p: number;
}

/** get_pages_per_zspage: the zspage size (in pages) with the least waste for objects of `size`. */
function pagesPerZspage(size: number): number {
  let best = 1;
  let bestUsed = 0;
  for (let i = 1; i <= ZS_MAX_PAGES_PER_ZSPAGE; i++) {
    const zspage = i * PAGE_SIZE;
    const used = ((zspage - (zspage % size)) * 100) / zspage;
    if (used > bestUsed) {
      bestUsed = used;
      best = i;
    }
  }
  return best;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The merged classes of a zs_pool and the share of objects of each, for a compression ratio. */
export function zsClasses(compressionRatio: number): ZsClass[] {
  const sizes: {size: number; pps: number; objs: number; lo: number}[] = [];
  for (let size = ZS_MIN_ALLOC_SIZE; size <= PAGE_SIZE; size += ZS_SIZE_CLASS_DELTA) {
    const pps = pagesPerZspage(size);
    const objs = Math.floor((pps * PAGE_SIZE) / size);
    const last = sizes[sizes.length - 1];
    // Merged classes: the larger size serves every object up to it.
    if (last && last.pps === pps && last.objs === objs) last.size = size;
    else sizes.push({size, pps, objs, lo: last ? last.size : 0});
  }
  const mean = PAGE_SIZE / compressionRatio;
  const sd = SIZE_SPREAD * mean;
  const cdf = (x: number): number => normalCdf((x - mean) / sd);
  return sizes.map((c, i) => {
    // Everything at or below 32 bytes goes to the first class, everything above 4096 to the last.
    const lo = i === 0 ? 0 : cdf(c.lo);
    const hi = i === sizes.length - 1 ? 1 : cdf(c.size);
    return {size: c.size, pagesPerZspage: c.pps, objsPerZspage: c.objs, p: Math.max(0, hi - lo)};
  });
}
