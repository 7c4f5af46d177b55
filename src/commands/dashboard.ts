import {isPolicy, POLICY_NAMES} from '../engine/params.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import {UsageError} from '../errors.ts';
import {formatSummary} from '../report/format.ts';
import {resolveRun} from '../run-config.ts';
import type {Source} from '../sources/source.ts';
import {colorWanted, guard, out, parsePositive, parseSize, parseSourceKind, runOptions, type Opts} from './options.ts';
import {runHeadless} from './run.ts';
import {snapshotCommand} from './snapshot.ts';

/** Where the dashboard's bytes go, with --record also into an asciicast file (and its markers). */
interface Recording {
  readonly stdout?: NodeJS.WriteStream;
  readonly onKey?: (key: string) => void;
  readonly watch: (source: Source) => void;
  readonly close: () => void;
}

async function openRecording(o: Opts, size: {cols?: number; rows?: number}, title: string, knobs: Readonly<Record<string, number>>): Promise<Recording> {
  const recordPath = o.record as string | undefined;
  const tracePath = o.trace as string | undefined;
  const closers: (() => void)[] = [];
  let stdout: NodeJS.WriteStream | undefined;
  let onKey: ((key: string) => void) | undefined;
  const watchers: ((source: Source) => void)[] = [];
  if (recordPath !== undefined) {
    const {createAsciicastWriter, createTeeStream} = await import('../record/asciicast.ts');
    const {createMomentTracker} = await import('../record/moments.ts');
    const width = size.cols ?? process.stdout.columns ?? 80;
    const height = size.rows ?? process.stdout.rows ?? 24;
    const writer = guard(() => createAsciicastWriter(recordPath, {width, height, title}));
    closers.push(() => writer.close());
    stdout = createTeeStream(process.stdout, writer, size) as unknown as NodeJS.WriteStream;
    onKey = (key) => writer.marker(`key ${key}`);
    const moments = createMomentTracker();
    watchers.push((source) => source.subscribe(() => moments(source.getSnapshot()).forEach((m) => writer.marker(m))));
  }
  if (tracePath !== undefined) {
    const {createTraceWriter, traceHeaderOf} = await import('../record/trace.ts');
    watchers.push((source) => {
      const trace = guard(() => createTraceWriter(tracePath, {...traceHeaderOf(source.getSnapshot()), knobs}));
      closers.push(() => trace.close());
      trace.write(source.getSnapshot());
      source.subscribe(() => trace.write(source.getSnapshot()));
    });
  }
  return {stdout, onKey, watch: (source) => watchers.forEach((w) => w(source)), close: () => closers.forEach((c) => c())};
}

/** `aswap` with no command: the live dashboard (sim or host), optionally recorded. */
export async function dashboardCommand(o: Opts): Promise<number> {
  const kind = parseSourceKind(o);
  const spec = resolveRun(runOptions(o));
  const speed = parsePositive('--speed', o.speed as string | undefined, {max: 1000}) ?? 1;
  const durationS = parsePositive('--duration', o.duration as string | undefined);
  const size = parseSize(o);
  let comparePolicy: PolicyName | undefined;
  if (o.compare !== undefined) {
    const c = String(o.compare);
    if (!isPolicy(c)) throw new UsageError(`unknown policy '${c}' for --compare: choose ${POLICY_NAMES.join(', ')}`);
    if (kind === 'host') throw new UsageError('--compare needs the simulator, not --source host');
    comparePolicy = c;
  }
  if (!process.stdout.isTTY) {
    if (kind === 'host') {
      process.stderr.write('aswap: stdout is not a terminal, so no dashboard: printing one host snapshot (`aswap snapshot --source host` asks for it directly)\n');
      await snapshotCommand(o);
      return 0;
    }
    process.stderr.write('aswap: stdout is not a terminal, so no dashboard: printing the headless summary (`aswap run` asks for it directly)\n');
    out(formatSummary(runHeadless(spec)));
    return 0;
  }
  const {runDashboard} = await import('../dashboard.tsx');
  let source: Source;
  let compare: Source | undefined;
  if (kind === 'host') {
    const {HostSource} = await import('../sources/host.ts');
    source = new HostSource({procRoot: o.procRoot as string | undefined});
  } else {
    const {SimSource} = await import('../sources/sim.ts');
    const sim = new SimSource(spec, {speed, slowMotion: o.slowMotion !== false});
    if (comparePolicy) {
      const other = new SimSource(spec, {speed, policy: comparePolicy, manual: true});
      sim.follow(other);
      compare = other;
    }
    source = sim;
  }
  const title = kind === 'host' ? 'aswap: host' : `aswap: ${spec.scenario.name} on ${spec.device.name}, ${spec.policy}, seed ${spec.seed}`;
  const recording = await openRecording(o, size, title, spec.set);
  recording.watch(source);
  try {
    return await runDashboard({source, compare, durationS, color: colorWanted(o), stdout: recording.stdout, onKey: recording.onKey, ...size});
  } finally {
    recording.close();
  }
}
