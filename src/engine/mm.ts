import type {Rng} from './rng.ts';

/** PTRS_PER_PTE: entries in one PTE table; a swap run never crosses one. */
export const PTRS_PER_PTE = 512;

/**
 * The part of struct mm_struct the exit path walks: its PTE tables, each with present pages and
 * swap entries in runs (what swap_pte_batch returns), plus the MM_SWAPENTS and MM_ANONPAGES
 * counters. Typed arrays: an app has hundreds of tables.
 */
export interface Mm {
  readonly present: Uint16Array;
  readonly swap: Uint16Array;
  readonly runs: Uint16Array;
  /** The first table no zapper has reached yet (the leading zapper's position). */
  next: number;
  /** MM_SWAPENTS, folded after each PTE table. */
  swapents: number;
  /** Resident pages. */
  rss: number;
}

export interface MmSpec {
  readonly presentPages: number;
  readonly swapEntries: number;
  /** Mean length of a swap run (contiguous swap entries): 512 for a region swapped out at once. */
  readonly meanRunEntries: number;
}

/** Lays out an mm: cold tables fully swapped, hot ones resident, a band of mixed tables between. */
export function createMm(spec: MmSpec, rng: Rng | null): Mm {
  const total = spec.presentPages + spec.swapEntries;
  const n = Math.max(1, Math.ceil(total / PTRS_PER_PTE));
  const present = new Uint16Array(n);
  const swap = new Uint16Array(n);
  const runs = new Uint16Array(n);
  let swapLeft = spec.swapEntries;
  let presentLeft = spec.presentPages;
  // The swapped share of each table: mostly the app's overall share, with some spread.
  const share = spec.swapEntries / Math.max(1, total);
  for (let i = 0; i < n; i++) {
    const slots = Math.min(PTRS_PER_PTE, swapLeft + presentLeft);
    const jitter = rng ? rng.between(-0.25, 0.25) : 0;
    let s = Math.round(slots * Math.min(1, Math.max(0, share + jitter)));
    s = Math.min(s, swapLeft);
    if (slots - s > presentLeft) s = slots - presentLeft;
    swap[i] = s;
    present[i] = slots - s;
    swapLeft -= s;
    presentLeft -= slots - s;
  }
  // Whatever rounding left over goes into the tables with room, from the end.
  for (let i = n - 1; i >= 0 && (swapLeft > 0 || presentLeft > 0); i--) {
    const room = PTRS_PER_PTE - present[i]! - swap[i]!;
    const s = Math.min(room, swapLeft);
    swap[i] = swap[i]! + s;
    swapLeft -= s;
    const p = Math.min(room - s, presentLeft);
    present[i] = present[i]! + p;
    presentLeft -= p;
  }
  for (let i = 0; i < n; i++) runs[i] = runsFor(swap[i]!, spec.meanRunEntries);
  return {present, swap, runs, next: 0, swapents: spec.swapEntries, rss: spec.presentPages};
}

export function runsFor(swapEntries: number, meanRunEntries: number): number {
  if (swapEntries === 0) return 0;
  return Math.min(swapEntries, Math.max(1, Math.round(swapEntries / Math.max(1, meanRunEntries))));
}

/** Size of run j of a table with `swap` entries in `runs` runs (as even as integers allow). */
export function runSize(swap: number, runs: number, j: number): number {
  const base = Math.floor(swap / runs);
  return j < swap - base * runs ? base + 1 : base;
}

/**
 * kswapd's work on a cached app: `pages` resident pages become swap entries, coldest tables first.
 * Returns how many were swapped.
 */
export function swapOut(mm: Mm, pages: number, meanRunEntries: number): number {
  let left = pages;
  for (let i = mm.next; i < mm.present.length && left > 0; i++) {
    const p = mm.present[i]!;
    if (p === 0) continue;
    const take = Math.min(p, left);
    mm.present[i] = p - take;
    mm.swap[i] = mm.swap[i]! + take;
    mm.runs[i] = runsFor(mm.swap[i]!, meanRunEntries);
    left -= take;
  }
  const done = pages - left;
  mm.swapents += done;
  mm.rss -= done;
  return done;
}
