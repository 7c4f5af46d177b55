/**
 * Charts compiled ahead: Vega-Lite's compilation of a chart template that is the same for every
 * run (the timeline of `aswap run --plot`), done by the build (scripts/build.js runs
 * src/report/precompile-charts.ts) into `dist/charts.json`, keyed by a hash of the template. A
 * worker that finds its template there lays the chart out with Vega alone, without loading and
 * running Vega-Lite (~60 ms of a cold start). A template that changed since the build (or a run
 * from the sources with no build) has no entry and is compiled as before.
 */
import {createHash} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {TopLevelSpec} from 'vega-lite';

export const PRECOMPILED_FILE = 'charts.json';

/** The key of a Vega-Lite spec in the file. */
export function chartKey(spec: TopLevelSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex');
}

let table: Record<string, object> | null = null;

/** dist/charts.json beside the compiled code (dist/ or dist/chunks/), or dist/ of a checkout running from the sources. */
function load(): Record<string, object> {
  if (table) return table;
  table = {};
  for (const rel of [`./${PRECOMPILED_FILE}`, `../${PRECOMPILED_FILE}`, `../../dist/${PRECOMPILED_FILE}`]) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (!existsSync(path)) continue;
    try {
      table = JSON.parse(readFileSync(path, 'utf8')) as Record<string, object>;
    } catch {
      table = {};
    }
    break;
  }
  return table;
}

/** The Vega spec the build compiled from `spec`, or null. */
export function precompiled(spec: TopLevelSpec): object | null {
  return load()[chartKey(spec)] ?? null;
}
