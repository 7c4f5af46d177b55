/**
 * The JSON-lines results of `aswap sweep --json`: a first line describing the sweep (aswap version,
 * the grid, the options every point shares, the shard), then one line per point as it finishes.
 * Each line is written whole, so a killed sweep keeps every point it finished. `aswap merge` reads
 * such files back, refusing to mix versions or grids.
 */
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {UsageError} from '../errors.ts';
import {gridSize, pointAt, type Grid, type Shard} from './grid.ts';
import type {RunSamples} from './run-point.ts';
import type {Summary} from './summary.ts';

/** The options every point of a sweep shares, as given, and what they resolved to. */
export interface SweepBase {
  readonly scenario: string;
  readonly device: string;
  readonly simSeconds: number;
  /** `--set` items, as given. */
  readonly set: readonly string[];
  /** The options as given on the command line (null where not given). */
  readonly given: {readonly scenario: string | null; readonly device: string | null; readonly simSeconds: string | null};
}

export interface SweepHeader {
  readonly type: 'sweep';
  readonly aswap: string;
  readonly gridId: string;
  readonly base: SweepBase;
  readonly grid: Grid;
  readonly shard: Shard | null;
  /** Points in this file's slice of the grid (all of it when shard is null). */
  readonly points: number;
}

export interface PointLine {
  readonly type: 'point';
  readonly gridId: string;
  readonly index: number;
  readonly params: Readonly<Record<string, number>>;
  readonly policy: string;
  readonly seed: number;
  readonly summary: Summary;
  readonly samples: RunSamples;
}

/** A short, stable id of a sweep: the same version, options and grid give the same id anywhere. */
export function gridIdOf(aswap: string, base: SweepBase, grid: Grid): string {
  return createHash('sha256').update(JSON.stringify({aswap, base, grid})).digest('hex').slice(0, 16);
}

export interface SweepData {
  readonly header: SweepHeader;
  /** Sorted by index, each once. */
  readonly points: readonly PointLine[];
  /** Grid points no file had. */
  readonly missing: number;
}

const withoutWall = (s: Summary): string => JSON.stringify({...s, engine: {...s.engine, wallMs: 0}});

function parseFile(path: string): {header: SweepHeader; points: PointLine[]; truncated: boolean} {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const lines = text.split('\n');
  const endsWhole = lines[lines.length - 1] === '';
  if (endsWhole) lines.pop();
  if (lines.length === 0) throw new UsageError(`${path} is empty, not the output of aswap sweep --json`);
  const points: PointLine[] = [];
  let header: SweepHeader | null = null;
  let truncated = false;
  for (let i = 0; i < lines.length; i++) {
    let value: unknown;
    try {
      value = JSON.parse(lines[i]!);
    } catch {
      // A sweep killed in the middle of a write leaves at most its last line cut short.
      if (i === lines.length - 1 && !endsWhole && header) {
        truncated = true;
        break;
      }
      throw new UsageError(`${path}:${i + 1}: not a JSON line of aswap sweep --json`);
    }
    const type = (value as {type?: unknown} | null)?.type;
    if (i === 0) {
      if (type !== 'sweep') throw new UsageError(`${path} is not the output of aswap sweep --json (its first line does not describe a sweep)`);
      header = value as SweepHeader;
    } else if (type === 'point') {
      points.push(value as PointLine);
    } else {
      throw new UsageError(`${path}:${i + 1}: expected a point line of aswap sweep --json`);
    }
  }
  return {header: header!, points, truncated};
}

/** Reads and joins the results of one sweep; one-line UsageErrors for files that do not belong together. */
export function readSweeps(paths: readonly string[]): SweepData & {readonly warnings: readonly string[]} {
  if (paths.length === 0) throw new UsageError('merge needs at least one file written by aswap sweep --json');
  const files = paths.map((p) => ({path: p, ...parseFile(p)}));
  const first = files[0]!;
  const warnings: string[] = [];
  for (const f of files) {
    if (f.header.aswap !== first.header.aswap) {
      throw new UsageError(`${first.path} was written by aswap ${first.header.aswap} and ${f.path} by aswap ${f.header.aswap}: merge results of one version`);
    }
    if (f.header.gridId !== first.header.gridId) {
      throw new UsageError(`${first.path} and ${f.path} are different sweeps (grid ${first.header.gridId} and ${f.header.gridId}): merge the shards of one sweep`);
    }
    if (f.truncated) warnings.push(`${f.path}: the last line is cut short (an interrupted sweep?) and was skipped`);
  }
  const grid = first.header.grid;
  const size = gridSize(grid);
  const byIndex = new Map<number, PointLine>();
  for (const f of files) {
    for (const p of f.points) {
      const expected = Number.isInteger(p.index) && p.index >= 0 && p.index < size ? pointAt(grid, p.index) : null;
      if (p.gridId !== first.header.gridId || !expected || expected.policy !== p.policy || expected.seed !== p.seed || JSON.stringify(expected.params) !== JSON.stringify(p.params)) {
        throw new UsageError(`${f.path}: point ${p.index} does not belong to sweep ${first.header.gridId}`);
      }
      const seen = byIndex.get(p.index);
      if (seen && withoutWall(seen.summary) !== withoutWall(p.summary)) {
        throw new UsageError(`${f.path}: point ${p.index} differs from the same point in another file`);
      }
      byIndex.set(p.index, p);
    }
  }
  const points = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const header: SweepHeader = {...first.header, shard: null, points: points.length};
  return {header, points, missing: size - points.length, warnings};
}
