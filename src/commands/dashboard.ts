import {isPolicy, POLICY_NAMES} from '../engine/params.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import {UsageError} from '../errors.ts';
import {formatSummary} from '../report/format.ts';
import {resolveRun} from '../run-config.ts';
import type {Source} from '../sources/source.ts';
import {colorWanted, guard, out, parsePositive, parseSize, parseSourceKind, runOptions, warn, type Opts} from './options.ts';
import {recordCommand} from './record.ts';
import {runHeadless} from './run.ts';
import {snapshotCommand} from './snapshot.ts';
import {dashboardTerminal, withNotes} from './tty.ts';
import {tuneV8ForDashboard} from '../v8-dashboard.ts';

/** Where the dashboard's bytes go, with --record also into an asciicast file (and its markers). */
interface Recording {
  readonly stdout?: NodeJS.WriteStream;
  readonly onKey?: (key: string) => void;
  /** Why a recording or trace stopped while the dashboard ran (a full disk), one line each. */
  readonly failures: readonly string[];
  readonly close: () => void;
}

/**
 * Opens --record and --trace for a run that is about to start. Both are opened, and given their
 * first line, before either takes its name: a bad path or a full disk is a usage error that leaves
 * any existing file as it was. Once running, a write that fails stops that file only.
 */
async function openRecording(o: Opts, source: Source, size: {cols?: number; rows?: number}, title: string, knobs: Readonly<Record<string, number>>): Promise<Recording> {
  const recordPath = o.record as string | undefined;
  const tracePath = o.trace as string | undefined;
  const failures: string[] = [];
  const onError = (message: string): void => void failures.push(message);
  const opened: {commit: () => void; close: () => void}[] = [];
  const closeAll = (): void => opened.forEach((f) => f.close());
  let stdout: NodeJS.WriteStream | undefined;
  let onKey: ((key: string) => void) | undefined;
  try {
    if (recordPath !== undefined) {
      const {createAsciicastWriter, createTeeStream} = await import('../record/asciicast.ts');
      const {createMomentTracker} = await import('../record/moments.ts');
      const width = size.cols ?? process.stdout.columns;
      const height = size.rows ?? process.stdout.rows;
      const writer = guard(() => createAsciicastWriter(recordPath, {width, height, title, staged: true, onError}));
      opened.push(writer);
      stdout = createTeeStream(process.stdout, writer, size) as unknown as NodeJS.WriteStream;
      onKey = (key) => writer.marker(`key ${key}`);
      const moments = createMomentTracker();
      source.subscribe(() => moments(source.getSnapshot()).forEach((m) => writer.marker(m)));
    }
    if (tracePath !== undefined) {
      const {createTraceWriter, traceHeaderOf} = await import('../record/trace.ts');
      const trace = guard(() => createTraceWriter(tracePath, {...traceHeaderOf(source.getSnapshot()), knobs}, {staged: true, onError}));
      opened.push(trace);
      trace.write(source.getSnapshot());
      source.subscribe(() => trace.write(source.getSnapshot()));
    }
    for (const file of opened) guard(() => file.commit());
  } catch (error) {
    closeAll();
    throw error;
  }
  return {stdout, onKey, failures, close: closeAll};
}

/** No terminal on stdout: --record and --trace are made headlessly, as `aswap record` makes them. */
async function recordWithoutTerminal(o: Opts, kind: 'sim' | 'host', compare: boolean): Promise<void> {
  const what = o.record !== undefined ? '--record' : '--trace';
  if (kind === 'host') throw new UsageError(`${what} needs a terminal with --source host (stdout is not one); nothing was recorded`);
  if (compare) throw new UsageError(`${what} with --compare needs a terminal (stdout is not one); nothing was recorded`);
  // Said after the recording: a bad path is one line and exit 2, nothing more.
  await recordCommand((o.record as string | undefined) ?? null, o);
  const seconds = (o.duration as string | undefined) ?? '30';
  warn(`stdout is not a terminal, so no dashboard: recorded ${seconds} s headlessly as \`aswap record\` does (--duration sets it); the headless summary follows`);
}

/** `aswap` with no command: the live dashboard (sim or host), optionally recorded. */
export async function dashboardCommand(o: Opts): Promise<number> {
  const kind = parseSourceKind(o);
  const spec = resolveRun(runOptions(o));
  const speed = parsePositive('--speed', o.speed as string | undefined, {max: 1000}) ?? 1;
  const durationS = parsePositive('--duration', o.duration as string | undefined, {max: 86_400});
  const requestedSize = parseSize(o);
  let comparePolicy: PolicyName | undefined;
  if (o.compare !== undefined) {
    const c = String(o.compare);
    if (!isPolicy(c)) throw new UsageError(`unknown policy '${c}' for --compare: choose ${POLICY_NAMES.join(', ')}`);
    if (kind === 'host') throw new UsageError('--compare needs the simulator, not --source host');
    comparePolicy = c;
  }
  if (!process.stdout.isTTY) {
    if (o.record !== undefined || o.trace !== undefined) {
      await recordWithoutTerminal(o, kind, comparePolicy !== undefined);
      out(formatSummary(runHeadless(spec)));
      return 0;
    }
    if (kind === 'host') {
      warn('stdout is not a terminal, so no dashboard: printing one host snapshot (`aswap snapshot --source host` asks for it directly)');
      await snapshotCommand(o);
      return 0;
    }
    warn('stdout is not a terminal, so no dashboard: printing the headless summary (`aswap run` asks for it directly)');
    out(formatSummary(runHeadless(spec)));
    return 0;
  }
  const terminal = dashboardTerminal(requestedSize);
  const size = terminal.size;
  const {runDashboard} = await import('../dashboard.tsx');
  tuneV8ForDashboard();
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
  const recording = await openRecording(o, source, size, title, spec.set);
  const shown = withNotes(source, () => [...terminal.notes, ...recording.failures.map((f) => f.replace(/^cannot write the (\w+) .*?: /, '$1 stopped: '))]);
  let code = 1;
  try {
    code = await runDashboard({source: shown, compare, durationS, color: colorWanted(o), stdout: recording.stdout, stdin: terminal.stdin, onKey: recording.onKey, ...size});
  } finally {
    recording.close();
  }
  if (recording.failures.length === 0) return code;
  for (const failure of recording.failures) warn(`${failure}; the file keeps every whole line written before`);
  // The run itself went well; the file the user asked for did not: that is the status to report.
  return code === 0 ? 2 : code;
}
