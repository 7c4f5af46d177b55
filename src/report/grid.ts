/**
 * A sweep's grid: every combination of the swept parameters' values, each under every policy and
 * seed, in one canonical order (the first parameter varies slowest, the seed fastest), so point i is
 * the same point on every machine. `--shard K/N` takes the points i with i mod N = K − 1: N disjoint
 * slices that together are the grid, each a balanced mix of the grid's corners.
 */
import {UsageError} from '../errors.ts';

export interface GridParam {
  readonly name: string;
  readonly values: readonly number[];
}

export interface Grid {
  readonly params: readonly GridParam[];
  readonly policies: readonly string[];
  readonly seeds: readonly number[];
}

export interface GridPoint {
  readonly index: number;
  readonly params: Readonly<Record<string, number>>;
  readonly policy: string;
  readonly seed: number;
}

export interface Shard {
  /** 1-based. */
  readonly k: number;
  readonly n: number;
}

/** A grid larger than this needs `--yes`. */
export const MAX_POINTS_WITHOUT_YES = 100_000;

/** Number of points; may exceed the safe integers for absurd grids, which the caller refuses. */
export function gridSize(g: Grid): number {
  return g.params.reduce((n, p) => n * p.values.length, 1) * g.policies.length * g.seeds.length;
}

export function pointAt(g: Grid, index: number): GridPoint {
  let rest = index;
  const seed = g.seeds[rest % g.seeds.length]!;
  rest = Math.floor(rest / g.seeds.length);
  const policy = g.policies[rest % g.policies.length]!;
  rest = Math.floor(rest / g.policies.length);
  const values: number[] = [];
  for (let i = g.params.length - 1; i >= 0; i--) {
    const p = g.params[i]!;
    values[i] = p.values[rest % p.values.length]!;
    rest = Math.floor(rest / p.values.length);
  }
  return {index, params: Object.fromEntries(g.params.map((p, i) => [p.name, values[i]!])), policy, seed};
}

/** The indices of shard K of N, ascending. */
export function shardIndices(size: number, shard: Shard | null): number[] {
  const out: number[] = [];
  const step = shard?.n ?? 1;
  for (let i = (shard?.k ?? 1) - 1; i < size; i += step) out.push(i);
  return out;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(what: string, raw: string, item = raw): number {
  const t = raw.trim();
  if (t === '') throw new UsageError(`${what}: '${item.trim()}' is missing a number; expected e.g. 8,16,32 or 1..5 or 0..100:20`);
  if (!NUMBER.test(t)) throw new UsageError(`${what}: '${raw}' is not a number`);
  return Number(t);
}

/**
 * Values of one swept parameter or of `--seeds`: a comma-separated list whose items are numbers or
 * ranges `LO..HI` (step 1) and `LO..HI:STEP`, e.g. `8,16,32..128:32`. Duplicates are refused (they
 * would run the same point twice), and so are empty items and backward ranges.
 */
export function parseValues(what: string, raw: string, opts: {integer?: boolean; maxValues?: number} = {}): number[] {
  const maxValues = opts.maxValues ?? MAX_POINTS_WITHOUT_YES;
  if (raw.trim() === '') throw new UsageError(`${what}: no values; expected e.g. 8,16,32 or 1..5 or 0..100:20`);
  const values: number[] = [];
  for (const item of raw.split(',')) {
    if (item.trim() === '') throw new UsageError(`${what}: empty item in '${raw}'; expected e.g. 8,16,32 or 1..5 or 0..100:20`);
    const dots = item.indexOf('..');
    if (dots >= 0) {
      const [hiRaw, stepRaw, extra] = item.slice(dots + 2).split(':');
      if (extra !== undefined) throw new UsageError(`${what}: malformed range '${item.trim()}'; expected LO..HI or LO..HI:STEP`);
      const loRaw = item.slice(0, dots);
      const lo = parseNumber(what, loRaw, item);
      const hi = parseNumber(what, hiRaw!, item);
      const step = stepRaw === undefined ? 1 : parseNumber(what, stepRaw, item);
      if (!(step > 0)) throw new UsageError(`${what}: the step of '${item.trim()}' must be positive`);
      if (hi < lo) throw new UsageError(`${what}: the range '${item.trim()}' runs backwards; write LO..HI`);
      const count = Math.floor((hi - lo) / step + 1e-9) + 1;
      if (count > maxValues) throw new UsageError(`${what}: the range '${item.trim()}' has ${count} values, more than ${maxValues}`);
      // lo + i·step, not repeated addition: 0..1:0.1 must give 0.3, not 0.30000000000000004.
      const decimals = Math.max(decimalsOf(loRaw), decimalsOf(stepRaw ?? '1'));
      for (let i = 0; i < count; i++) values.push(Number((lo + i * step).toFixed(decimals)));
    } else {
      values.push(parseNumber(what, item));
    }
  }
  if (opts.integer) for (const v of values) if (!Number.isInteger(v)) throw new UsageError(`${what}: ${v} is not an integer`);
  const seen = new Set<number>();
  for (const v of values) {
    if (seen.has(v)) throw new UsageError(`${what}: ${v} appears twice`);
    seen.add(v);
  }
  return values;
}

function decimalsOf(raw: string): number {
  const m = /\.(\d+)/.exec(raw.trim());
  return m ? m[1]!.length : 0;
}

/** `--param NAME=VALUES`. */
export function parseParam(raw: string): GridParam {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new UsageError(`invalid --param '${raw}': expected NAME=VALUES, e.g. maxCacheEntries=8,32,128`);
  const name = raw.slice(0, eq).trim();
  return {name, values: parseValues(`--param ${name}`, raw.slice(eq + 1))};
}

/** `--seeds 1..5` (or a list); non-negative integers. */
export function parseSeeds(raw: string): number[] {
  const seeds = parseValues('--seeds', raw, {integer: true});
  for (const s of seeds) if (s < 0 || s > 2 ** 31 - 1) throw new UsageError(`--seeds: ${s} is not a seed; expected integers in 0..${2 ** 31 - 1}`);
  return seeds;
}

/** `--shard K/N`, 1 ≤ K ≤ N. */
export function parseShard(raw: string | undefined): Shard | null {
  if (raw === undefined) return null;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) throw new UsageError(`invalid --shard '${raw}': expected K/N with 1 ≤ K ≤ N, e.g. 3/8`);
  return {k, n};
}
