import {UsageError} from '../errors.ts';
import {colorWanted, guard, out, parsePositive, parseSize, warn, type Opts} from './options.ts';
import {dashboardTerminal, withNotes} from './tty.ts';
import {tuneV8ForDashboard} from '../v8-dashboard.ts';

/** `aswap replay FILE.jsonl`: a trace in the dashboard (or its last frame as JSON without a terminal). */
export async function replayCommand(path: string, o: Opts): Promise<number> {
  const {readTrace} = await import('../record/trace.ts');
  const speed = parsePositive('--speed', o.speed as string | undefined, {max: 1000}) ?? 1;
  const durationS = parsePositive('--duration', o.duration as string | undefined, {max: 86_400});
  const size = parseSize(o);
  const trace = guard(() => readTrace(path));
  if (trace.incompatible) throw new UsageError(`cannot replay ${path}: ${trace.error}`);
  if (trace.header === null || trace.snapshots.length === 0) {
    throw new UsageError(`${path} holds no snapshot to replay${trace.error ? `: ${trace.error}` : ''}`);
  }
  if (trace.error) warn(`${trace.error}; replaying the ${trace.snapshots.length} good frames`);
  if (!process.stdout.isTTY) {
    warn('stdout is not a terminal, so no dashboard: printing the last frame of the trace as JSON');
    out(JSON.stringify(trace.snapshots[trace.snapshots.length - 1]));
    return 0;
  }
  const terminal = dashboardTerminal(size);
  const {ReplaySource} = await import('../sources/replay.ts');
  const {runDashboard} = await import('../dashboard.tsx');
  tuneV8ForDashboard();
  const source = withNotes(new ReplaySource(trace, {speed, slowMotion: o.slowMotion !== false}), () => terminal.notes);
  return runDashboard({source, durationS, color: colorWanted(o), stdin: terminal.stdin, ...terminal.size});
}
