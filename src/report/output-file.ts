/**
 * Output files (plots, Perfetto traces) are checked before any work starts and written whole at the
 * end: the bytes go to a temporary file beside the target, which is renamed over it, so a usage
 * error, a failure or an interrupted run never leaves a half-written file under the name asked for.
 */
import {accessSync, constants, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {basename, dirname, extname, join, resolve} from 'node:path';
import {UsageError} from '../errors.ts';

export interface OutputPath {
  readonly path: string;
  /** Lower-case extension without the dot. */
  readonly ext: string;
  readonly what: string;
  /** A PNG chart's pixels per chart pixel (`--plot-scale`; 1 when absent). */
  readonly scale?: number;
}

const reason = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message.split('\n')[0]!;

/**
 * Checks that `path` can be written: an allowed extension, an existing writable directory, and not a
 * directory itself nor a read-only file. Throws a one-line UsageError naming the problem.
 */
export function checkOutput(flag: string, path: string | undefined, exts: readonly string[], what: string): OutputPath | null {
  if (path === undefined) return null;
  if (path.trim() === '') throw new UsageError(`${flag} needs a file name`);
  const ext = extname(path).slice(1).toLowerCase();
  if (!exts.includes(ext)) throw new UsageError(`${flag} ${path}: the ${what} must end in ${exts.map((e) => `.${e}`).join(' or ')}`);
  const dir = dirname(resolve(path));
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${flag} ${path}: ${dir} is not a directory`);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot write the ${what} ${path}: directory ${dir}: ${reason(err)}`);
  }
  let existing: ReturnType<typeof statSync> | null = null;
  try {
    existing = statSync(path);
  } catch {
    existing = null;
  }
  if (existing?.isDirectory()) throw new UsageError(`cannot write the ${what} ${path}: it is a directory`);
  if (existing) {
    try {
      accessSync(path, constants.W_OK);
    } catch (err) {
      throw new UsageError(`cannot write the ${what} ${path}: ${reason(err)}`);
    }
  }
  return {path, ext, what};
}

/** The largest `--plot-scale`: a 4× timeline PNG is already 3732×2812 pixels. */
export const MAX_PLOT_SCALE = 4;

/**
 * `--plot` of run, compare, sweep and merge: an .svg or .png path, and `--plot-scale` for a PNG,
 * checked before any work.
 */
export function checkPlot(raw: unknown, rawScale?: unknown): OutputPath | null {
  const plot = checkOutput('--plot', raw as string | undefined, ['svg', 'png'], 'plot');
  if (rawScale === undefined) return plot;
  if (!plot || plot.ext !== 'png') throw new UsageError('--plot-scale goes with --plot FILE.png (an SVG has no pixels)');
  const scale = Number(rawScale);
  if (!Number.isFinite(scale) || scale < 0.5 || scale > MAX_PLOT_SCALE) throw new UsageError(`invalid --plot-scale '${String(rawScale)}': expected a number from 0.5 to ${MAX_PLOT_SCALE}`);
  return {...plot, scale};
}

/** Writes the whole file beside the target and renames it into place. */
export function writeOutput(out: OutputPath, data: string | Uint8Array): void {
  const tmp = join(dirname(resolve(out.path)), `.${basename(out.path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, out.path);
  } catch (err) {
    rmSync(tmp, {force: true});
    throw new UsageError(`cannot write the ${out.what} ${out.path}: ${reason(err)}`);
  }
}
