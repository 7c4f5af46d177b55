/**
 * Run by the build (scripts/build.js) as dist/precompile-charts.js: compiles the chart templates
 * that are the same for every run and writes them into dist/charts.json (plot-precompiled.ts).
 */
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {compile} from 'vega-lite';
import {chartKey, PRECOMPILED_FILE} from './plot-precompiled.ts';
import {timelinePlotTemplate} from './plot-timeline.ts';

const templates = [timelinePlotTemplate()];
const out: Record<string, object> = {};
for (const t of templates) out[chartKey(t)] = compile(t).spec;
writeFileSync(fileURLToPath(new URL(`./${PRECOMPILED_FILE}`, import.meta.url)), JSON.stringify(out));
