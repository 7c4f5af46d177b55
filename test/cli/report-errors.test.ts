/** Bad input to compare, sweep, merge and the timeline outputs: one line naming the problem, exit 2, nothing written. */
import {existsSync, mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {aswap, usageError} from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'aswap-errors-'));
const QUICK = ['--scenario', 'kill-burst', '--sim-seconds', '0.5'];

describe('sweep and compare: bad input', () => {
  it('an unknown parameter lists the valid ones', async () => {
    const line = usageError(await aswap(['sweep', ...QUICK, '--param', 'maxCacheEntrys=8,16']));
    expect(line).toMatch(/^aswap: --param maxCacheEntrys: unknown parameter 'maxCacheEntrys' for scenario kill-burst: valid keys are .*maxCacheEntries/);
  });

  it('empty and malformed ranges, a bad value for the knob, a bad shard, a grid over 100,000 points', async () => {
    const [empty, malformed, backwards, badValue, shard, huge, twice, none] = await Promise.all([
      aswap(['sweep', ...QUICK, '--param', 'maxCacheEntries=']),
      aswap(['sweep', ...QUICK, '--param', 'maxCacheEntries=8..']),
      aswap(['sweep', ...QUICK, '--param', 'maxCacheEntries=64..8']),
      aswap(['sweep', ...QUICK, '--param', 'maxCacheEntries=0,8']),
      aswap(['sweep', ...QUICK, '--param', 'maxCacheEntries=8', '--shard', '4/3']),
      aswap(['sweep', ...QUICK, '--param', 'maxCacheEntries=1..400', '--param', 'maxActive=0..300', '--policies', 'sync']),
      aswap(['sweep', ...QUICK, '--param', 'maxCacheEntries=8', '--param', 'maxCacheEntries=16']),
      aswap(['sweep', ...QUICK]),
    ]);
    expect(usageError(empty)).toMatch(/--param maxCacheEntries: no values/);
    expect(usageError(malformed)).toMatch(/'8\.\.' is missing a number/);
    expect(usageError(backwards)).toMatch(/runs backwards/);
    expect(usageError(badValue)).toMatch(/--param maxCacheEntries: invalid value for maxCacheEntries/);
    expect(usageError(shard)).toMatch(/invalid --shard '4\/3'/);
    expect(usageError(huge)).toMatch(/the grid has 120,400 points \(more than 100,000\): add --yes/);
    expect(usageError(twice)).toMatch(/given twice/);
    expect(usageError(none)).toMatch(/sweep needs at least one --param/);
  });

  it('seeds, jobs, formats and metrics', async () => {
    const [seeds, both, jobs, formats, metric, spawn] = await Promise.all([
      aswap(['compare', ...QUICK, '--seeds', '3..1']),
      aswap(['compare', ...QUICK, '--seeds', '1..2', '--seed', '4']),
      aswap(['compare', ...QUICK, '--jobs', '0']),
      aswap(['compare', ...QUICK, '--json', '--csv']),
      aswap(['sweep', ...QUICK, '--param', 'maxCacheEntries=8', '--metrics', 'exit_p42_ms']),
      aswap(['compare', ...QUICK, '--csv'], {env: {ASWAP_SPAWN_AFTER: 'soon'}}),
    ]);
    expect(usageError(seeds)).toMatch(/--seeds: the range '3\.\.1' runs backwards/);
    expect(usageError(both)).toMatch(/--seed N or --seeds LIST, not both/);
    expect(usageError(jobs)).toMatch(/invalid --jobs '0'/);
    expect(usageError(formats)).toMatch(/choose one of --json, --csv, --markdown/);
    expect(usageError(metric)).toMatch(/unknown metric 'exit_p42_ms' in --metrics: choose exit_p50_ms, /);
    expect(usageError(spawn)).toMatch(/ASWAP_SPAWN_AFTER must be a number ≥ 0 \(got 'soon'\)/);
  });
});

describe('output files', () => {
  it('refuses an unwritable or wrong plot or trace path before running, and writes nothing', async () => {
    const missingDir = join(dir, 'no-such-dir', 'plot.svg');
    const [plotDir, plotExt, perfetto, sweepPlot, isDir] = await Promise.all([
      aswap(['compare', ...QUICK, '--plot', missingDir]),
      aswap(['run', ...QUICK, '--plot', join(dir, 'plot.pdf')]),
      aswap(['run', ...QUICK, '--perfetto', join(dir, 'missing', 'trace.json')]),
      aswap(['sweep', '--json', ...QUICK, '--param', 'maxCacheEntries=8', '--plot', missingDir]),
      aswap(['run', ...QUICK, '--plot', `${dir}/`]),
    ]);
    expect(usageError(plotDir)).toMatch(/cannot write the plot .*no-such-dir\/plot\.svg: directory .*: ENOENT/);
    expect(usageError(plotExt)).toMatch(/the plot must end in \.svg or \.png/);
    expect(usageError(perfetto)).toMatch(/cannot write the Perfetto trace .*: ENOENT/);
    // Not even the JSON line describing the sweep: the usage error comes before anything is printed.
    expect(usageError(sweepPlot)).toMatch(/cannot write the plot/);
    expect(usageError(isDir)).toMatch(/the plot must end in \.svg or \.png|is a directory/);
    const [scaleSvg, scaleRange, scaleAlone] = await Promise.all([
      aswap(['run', ...QUICK, '--plot', join(dir, 'scaled.svg'), '--plot-scale', '2']),
      aswap(['compare', ...QUICK, '--plot', join(dir, 'scaled.png'), '--plot-scale', '0']),
      aswap(['sweep', ...QUICK, '--param', 'maxCacheEntries=8', '--plot-scale', '2']),
    ]);
    expect(usageError(scaleSvg)).toMatch(/--plot-scale goes with --plot FILE\.png/);
    expect(usageError(scaleRange)).toMatch(/invalid --plot-scale '0': expected a number from 0\.5 to 4/);
    expect(usageError(scaleAlone)).toMatch(/--plot-scale goes with --plot FILE\.png/);
    expect(existsSync(join(dir, 'scaled.svg')) || existsSync(join(dir, 'scaled.png'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes the plot and the Perfetto trace whole, with no temporary file left beside them', async () => {
    const svg = join(dir, 'ok', 'run.svg');
    await import('node:fs').then((fs) => fs.mkdirSync(join(dir, 'ok')));
    const r = await aswap(['run', '--json', ...QUICK, '--plot', svg, '--perfetto', join(dir, 'ok', 'run.json')]);
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'ok')).sort()).toEqual(['run.json', 'run.svg']);
    expect(existsSync(svg)).toBe(true);
  });
});
