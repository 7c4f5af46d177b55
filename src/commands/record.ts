import {UsageError} from '../errors.ts';
import {resolveRun} from '../run-config.ts';
import {createProgress} from './progress.ts';
import {runWithTimeline, timelineOutputs} from './run.ts';
import {colorWanted, guard, parsePositive, parseSize, runOptions, warn, type Opts} from './options.ts';

/**
 * `aswap record FILE.cast`: the dashboard recorded with no terminal at all, deterministically.
 * `path` null records only the --trace (the dashboard with --trace and no terminal).
 */
export async function recordCommand(path: string | null, o: Opts): Promise<void> {
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
  const {FRAME_HZ} = await import('../sources/sim.ts');
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const tracePath = o.trace as string | undefined;
  const progress = createProgress(`record ${spec.scenario.name} (${durationS} s)`, 1);
  const timestamp = Number.isInteger(epoch) && epoch > 0 ? epoch : Math.floor(Date.now() / 1000);
  const onFrame = (done: number, total: number): void => progress?.update(done / total);
  let result;
  try {
    result = guard(() => recordHeadless({path, spec, cols: size.cols ?? 120, rows: size.rows ?? 40, durationS, speed, color, tracePath, timestamp, onFrame}));
  } finally {
    progress?.end();
  }
  const seconds = Math.max(0, result.frames - 1) / FRAME_HZ;
  if (result.failure !== null) {
    throw new UsageError(`${result.failure}; stopped after ${seconds.toFixed(1)} s of ${durationS} s, the file keeps every whole line written before`);
  }
  const where = [path, tracePath].filter((p) => p !== null && p !== undefined).join(' and ');
  warn(`recorded ${result.frames} frames (${durationS} s, ${result.markers} markers) to ${where}`);
  if (timeline.perfetto) {
    await runWithTimeline({...spec, simSeconds: durationS * speed}, timeline);
    warn(`wrote the Perfetto trace ${timeline.perfetto.path}`);
  }
}
