import {UsageError} from '../errors.ts';
import {colorWanted, guard, out, parsePositive, parseSize, type Opts} from './options.ts';

/** `aswap replay FILE.jsonl`: a trace in the dashboard (or its last frame as JSON without a terminal). */
export async function replayCommand(path: string, o: Opts): Promise<number> {
  const {readTrace} = await import('../record/trace.ts');
  const speed = parsePositive('--speed', o.speed as string | undefined, {max: 1000}) ?? 1;
  const size = parseSize(o);
  const trace = guard(() => readTrace(path));
  if (trace.header === null || trace.snapshots.length === 0) {
    throw new UsageError(`${path} holds no snapshot to replay${trace.error ? `: ${trace.error}` : ''}`);
  }
  if (trace.error) process.stderr.write(`aswap: ${trace.error}; replaying the ${trace.snapshots.length} good frames\n`);
  if (!process.stdout.isTTY) {
    process.stderr.write('aswap: stdout is not a terminal, so no dashboard: printing the last frame of the trace as JSON\n');
    out(JSON.stringify(trace.snapshots[trace.snapshots.length - 1]));
    return 0;
  }
  const {ReplaySource} = await import('../sources/replay.ts');
  const {runDashboard} = await import('../dashboard.tsx');
  const source = new ReplaySource(trace, {speed, slowMotion: o.slowMotion !== false});
  const durationS = parsePositive('--duration', o.duration as string | undefined);
  return runDashboard({source, durationS, color: colorWanted(o), ...size});
}
