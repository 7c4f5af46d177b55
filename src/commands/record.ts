import {resolveRun} from '../run-config.ts';
import {runWithTimeline, timelineOutputs} from './run.ts';
import {colorWanted, guard, parsePositive, parseSize, runOptions, type Opts} from './options.ts';

/** `aswap record FILE.cast`: the dashboard recorded with no terminal at all, deterministically. */
export async function recordCommand(path: string, o: Opts): Promise<void> {
  const spec = resolveRun(runOptions(o));
  const size = parseSize(o);
  const durationS = parsePositive('--duration', o.duration as string | undefined, {max: 3600}) ?? 30;
  const speed = parsePositive('--speed', o.speed as string | undefined, {max: 1000}) ?? 1;
  const color = colorWanted(o);
  // --perfetto: checked before recording, written after it from the same simulated run.
  const timeline = timelineOutputs({perfetto: o.perfetto});
  // Ink's colours follow chalk's detection of a terminal, and there is none: say so explicitly.
  if (color) process.env.FORCE_COLOR ??= '1';
  const {recordHeadless} = await import('../record/headless.ts');
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const result = guard(() =>
    recordHeadless({
      path,
      spec,
      cols: size.cols ?? 120,
      rows: size.rows ?? 40,
      durationS,
      speed,
      color,
      tracePath: o.trace as string | undefined,
      timestamp: Number.isInteger(epoch) && epoch > 0 ? epoch : Math.floor(Date.now() / 1000),
    }),
  );
  process.stderr.write(`aswap: recorded ${result.frames} frames (${durationS} s, ${result.markers} markers) to ${path}\n`);
  if (timeline.perfetto) {
    await runWithTimeline({...spec, simSeconds: durationS * speed}, timeline);
    process.stderr.write(`aswap: wrote the Perfetto trace ${timeline.perfetto.path}\n`);
  }
}
