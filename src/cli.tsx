import {Command, CommanderError} from 'commander';
import {DEVICES, DEVICE_NAMES} from './engine/devices.ts';
import {NS_PER_S} from './engine/engine.ts';
import {POLICIES, POLICY_NAMES, isPolicy} from './engine/params.ts';
import type {PolicyName, Snapshot} from './engine/snapshot.ts';
import type {CommandType, Source} from './sources/source.ts';
import {UsageError} from './errors.ts';
import {formatCompare, formatSummary} from './report/format.ts';
import {summarize, type Summary} from './report/summary.ts';
import {findScenario, knobDocs, resolveRun, type RunOptions, type RunSpec} from './run-config.ts';
import {createEngine} from './run.ts';
import {BUILTIN_SCENARIOS, DEFAULT_SCENARIO, WORKLOAD_KINDS} from './workload/scenarios.ts';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The run options every command shares (`aswap`, run, compare, record, snapshot). */
function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--scenario <name|file>', `built-in scenario or a scenario JSON file (default: ${DEFAULT_SCENARIO})`)
    .option('--policy <name>', `${POLICY_NAMES.join(' | ')} (default: gather-oom)`)
    .option('--device <name>', `${DEVICE_NAMES.join(' | ')} (default: the scenario's)`)
    .option('--seed <n>', 'seed of every random stream (default: 1)')
    .option('--set <key=value>', 'override a scenario, device or engine knob (repeatable; see `aswap scenarios`)', collect);
}

function runOptions(o: Record<string, unknown>): RunOptions {
  return {
    scenario: o.scenario as string | undefined,
    policy: o.policy as string | undefined,
    device: o.device as string | undefined,
    seed: o.seed as string | undefined,
    simSeconds: o.simSeconds as string | undefined,
    set: (o.set as string[] | undefined) ?? [],
  };
}

/** Runs a spec headless, as fast as it can, and summarises it. */
export function runHeadless(spec: RunSpec, policy: PolicyName = spec.policy): Summary {
  const engine = createEngine(spec, {policy});
  const t0 = performance.now();
  engine.runUntil(Math.round(spec.simSeconds * NS_PER_S));
  return summarize(engine, spec, performance.now() - t0);
}

function parsePolicies(list: string | undefined): PolicyName[] {
  if (list === undefined) return [...POLICY_NAMES];
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--policies needs at least one of ${POLICY_NAMES.join(', ')}`);
  for (const n of names) if (!isPolicy(n)) throw new UsageError(`unknown policy '${n}' in --policies: choose ${POLICY_NAMES.join(', ')}`);
  return names as PolicyName[];
}

function parsePositive(what: string, raw: string | undefined, opts: {integer?: boolean; max?: number} = {}): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0 || (opts.integer && !Number.isInteger(v)) || (opts.max !== undefined && v > opts.max)) {
    throw new UsageError(`invalid ${what} '${raw}': expected ${opts.integer ? 'a positive integer' : 'a positive number'}${opts.max !== undefined ? ` up to ${opts.max}` : ''}`);
  }
  return v;
}

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function scenariosList(): string {
  const lines = ['Scenarios (--scenario NAME, or a JSON file; `aswap scenarios show NAME` prints one):'];
  const w = Math.max(...BUILTIN_SCENARIOS.map((s) => s.name.length));
  for (const s of BUILTIN_SCENARIOS) lines.push(`  ${s.name.padEnd(w)}  ${s.description} [${s.device}]${s.name === DEFAULT_SCENARIO ? ' (default)' : ''}`);
  lines.push('', 'Policies (--policy NAME):');
  const pw = Math.max(...POLICIES.map((p) => p.name.length));
  for (const p of POLICIES) lines.push(`  ${p.name.padEnd(pw)}  ${p.description}${p.name === 'gather-oom' ? ' (default)' : ''}`);
  lines.push('', 'Devices (--device NAME):');
  const dw = Math.max(...DEVICE_NAMES.map((d) => d.length));
  for (const d of DEVICE_NAMES) lines.push(`  ${d.padEnd(dw)}  ${DEVICES[d]!.description}`);
  lines.push('', 'Knobs (--set key=value), per workload:');
  for (const [name, kind] of Object.entries(WORKLOAD_KINDS)) {
    lines.push(`  ${name}: ${kind.description}`);
    const docs = knobDocs(name);
    const kw = Math.max(...Object.keys(docs).map((k) => k.length));
    for (const [k, doc] of Object.entries(docs)) {
      const def = (kind.knobs as Record<string, number>)[k];
      lines.push(`    ${k.padEnd(kw)}  ${doc}${def !== undefined ? ` (default ${def})` : ''}`);
    }
  }
  lines.push('  every device: ramMB, zramDiskMB, zramRatio, minFreeKbytes, watermarkScaleFactor and the costs of devices.md (swapCoreNs, zramNs, …)');
  return lines.join('\n');
}

function scenarioJson(name: string): string {
  const s = findScenario(name);
  const kind = WORKLOAD_KINDS[s.workload]!;
  const full = {...s, set: {...(kind.knobs as Record<string, number>), ...s.set}};
  return JSON.stringify(full, null, 2);
}

function colorWanted(o: Record<string, unknown>): boolean {
  return o.color !== false && (!('NO_COLOR' in process.env) || process.env.NO_COLOR === '');
}

function parseSize(o: Record<string, unknown>): {cols?: number; rows?: number} {
  const cols = parsePositive('--cols', o.cols as string | undefined, {integer: true, max: 1000});
  const rows = parsePositive('--rows', o.rows as string | undefined, {integer: true, max: 1000});
  if ((cols === undefined) !== (rows === undefined)) throw new UsageError('--cols and --rows go together');
  return {cols, rows};
}

function parseSourceKind(o: Record<string, unknown>): 'sim' | 'host' {
  const kind = (o.source as string | undefined) ?? 'sim';
  if (kind !== 'sim' && kind !== 'host') throw new UsageError(`unknown source '${kind}': choose sim, host`);
  if (o.procRoot !== undefined && kind !== 'host') throw new UsageError('--proc-root goes with --source host');
  return kind;
}

/** Where the dashboard's bytes go, with --record also into an asciicast file (and its markers). */
interface Recording {
  readonly stdout?: NodeJS.WriteStream;
  readonly onKey?: (key: string) => void;
  readonly watch: (source: Source) => void;
  readonly close: () => void;
}

async function openRecording(
  o: Record<string, unknown>,
  size: {cols?: number; rows?: number},
  title: string,
  knobs: Readonly<Record<string, number>>,
): Promise<Recording> {
  const recordPath = o.record as string | undefined;
  const tracePath = o.trace as string | undefined;
  const closers: (() => void)[] = [];
  let stdout: NodeJS.WriteStream | undefined;
  let onKey: ((key: string) => void) | undefined;
  const watchers: ((source: Source) => void)[] = [];
  if (recordPath !== undefined) {
    const {createAsciicastWriter, createTeeStream} = await import('./record/asciicast.ts');
    const {createMomentTracker} = await import('./record/moments.ts');
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
    const {createTraceWriter, traceHeaderOf} = await import('./record/trace.ts');
    watchers.push((source) => {
      const trace = guard(() => createTraceWriter(tracePath, {...traceHeaderOf(source.getSnapshot()), knobs}));
      closers.push(() => trace.close());
      trace.write(source.getSnapshot());
      source.subscribe(() => trace.write(source.getSnapshot()));
    });
  }
  return {stdout, onKey, watch: (source) => watchers.forEach((w) => w(source)), close: () => closers.forEach((c) => c())};
}

/** A writer that cannot open its file is a user mistake (a bad path), not a crash. */
function guard<T>(open: () => T): T {
  try {
    return open();
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
}

async function dashboard(o: Record<string, unknown>): Promise<number> {
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
      await snapshotCmd(o);
      return 0;
    }
    process.stderr.write('aswap: stdout is not a terminal, so no dashboard: printing the headless summary (`aswap run` asks for it directly)\n');
    out(formatSummary(runHeadless(spec)));
    return 0;
  }
  const {runDashboard} = await import('./dashboard.tsx');
  let source: Source;
  let compare: Source | undefined;
  if (kind === 'host') {
    const {HostSource} = await import('./sources/host.ts');
    source = new HostSource({procRoot: o.procRoot as string | undefined});
  } else {
    const {SimSource} = await import('./sources/sim.ts');
    const sim = new SimSource(spec, {speed});
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

async function replay(path: string, o: Record<string, unknown>): Promise<number> {
  const {readTrace} = await import('./record/trace.ts');
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
  const {ReplaySource} = await import('./sources/replay.ts');
  const {runDashboard} = await import('./dashboard.tsx');
  const source = new ReplaySource(trace, {speed});
  const durationS = parsePositive('--duration', o.duration as string | undefined);
  return runDashboard({source, durationS, color: colorWanted(o), ...size});
}

async function record(path: string, o: Record<string, unknown>): Promise<void> {
  const spec = resolveRun(runOptions(o));
  const size = parseSize(o);
  const durationS = parsePositive('--duration', o.duration as string | undefined, {max: 3600}) ?? 30;
  const speed = parsePositive('--speed', o.speed as string | undefined, {max: 1000}) ?? 1;
  const color = colorWanted(o);
  // Ink's colours follow chalk's detection of a terminal, and there is none: say so explicitly.
  if (color) process.env.FORCE_COLOR ??= '1';
  const {recordHeadless} = await import('./record/headless.ts');
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
}

async function snapshotCmd(o: Record<string, unknown>): Promise<void> {
  const kind = parseSourceKind(o);
  const size = parseSize(o);
  let snap: Snapshot;
  let supports: ReadonlySet<CommandType>;
  if (kind === 'host') {
    if (o.at !== undefined) throw new UsageError('--at goes with --source sim');
    const {HostSource} = await import('./sources/host.ts');
    const host = new HostSource({procRoot: o.procRoot as string | undefined});
    snap = host.getSnapshot();
    supports = host.supports;
  } else {
    const spec = resolveRun(runOptions(o));
    const at = o.at === undefined ? 10 : (parsePositive('--at', o.at as string, {max: 86_400}) ?? 10);
    const {SimSource} = await import('./sources/sim.ts');
    const sim = new SimSource(spec, {manual: true});
    sim.advance(Math.round(at * NS_PER_S));
    sim.publish();
    snap = sim.getSnapshot();
    supports = sim.supports;
  }
  if (o.json) {
    out(JSON.stringify(snap));
    return;
  }
  const color = colorWanted(o) && process.stdout.isTTY === true;
  const {screenText} = await import('./report/screen-text.tsx');
  const cols = size.cols ?? (process.stdout.isTTY ? process.stdout.columns : 120);
  const rows = size.rows ?? (process.stdout.isTTY ? process.stdout.rows : 40);
  // A still: the simulator's clock is stopped there; the host's is one reading.
  const status = kind === 'host' ? {paused: false, speed: 1, note: 'one reading'} : {paused: true, speed: 1, note: null};
  out(screenText(snap, {cols, rows, color, status, supports, kind}));
}

function buildProgram(): Command {
  const program = new Command('aswap');
  program
    .description('A terminal lab for "mm: swap: Gather swap entries and batch async release": the live dashboard (default), headless runs and comparisons.')
    .version('0.1.0', '-V, --version')
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    // The dashboard's options belong to it alone: `aswap run --policy x` is run's option.
    .enablePositionalOptions();
  addRunOptions(program)
    .option('--speed <x>', 'simulated seconds per wall second (default: 1)')
    .option('--duration <s>', 'quit after this many wall seconds (recordings)')
    .option('--compare <policy>', 'run the same scenario and seed a second time under this policy, side by side')
    .option('--source <kind>', 'sim (the simulator) or host (this machine\'s kernel, read-only) (default: sim)')
    .option('--proc-root <dir>', 'with --source host: read a copy of /proc and /sys under DIR')
    .option('--record <file.cast>', 'also write an asciicast v2 recording of the screen, with markers')
    .option('--trace <file.jsonl>', 'also write one snapshot per frame as JSON lines')
    .option('--cols <n>', 'lay the dashboard out this wide, whatever the terminal (with --rows)')
    .option('--rows <n>', 'lay the dashboard out this tall, whatever the terminal (with --cols)')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .action(async (o: Record<string, unknown>) => {
      process.exitCode = await dashboard(o);
    });

  addRunOptions(program.command('record').description('record the dashboard to an asciicast file with no terminal at all, deterministically'))
    .argument('<file.cast>', 'the recording to write')
    .option('--duration <s>', 'length of the recording in seconds (default: 30)')
    .option('--speed <x>', 'simulated seconds per recorded second (default: 1)')
    .option('--cols <n>', 'width (default: 120; with --rows)')
    .option('--rows <n>', 'height (default: 40; with --cols)')
    .option('--trace <file.jsonl>', 'also write the recorded frames as a trace')
    .option('--no-color', 'no colours')
    .action(async (path: string, o: Record<string, unknown>) => {
      await record(path, o);
    });

  program
    .command('replay')
    .description('show a trace (--trace) in the dashboard: pause, step, seek ±10 s, speed')
    .argument('<file.jsonl>', 'a trace written by --trace')
    .option('--speed <x>', 'playback speed (default: 1)')
    .option('--duration <s>', 'quit after this many wall seconds')
    .option('--cols <n>', 'lay out this wide (with --rows)')
    .option('--rows <n>', 'lay out this tall (with --cols)')
    .option('--no-color', 'no colours')
    .action(async (path: string, o: Record<string, unknown>) => {
      process.exitCode = await replay(path, o);
    });

  addRunOptions(program.command('snapshot').description('print one snapshot (--json) or one rendered frame, and exit'))
    .option('--source <kind>', 'sim or host (default: sim)')
    .option('--proc-root <dir>', 'with --source host: read a copy of /proc and /sys under DIR')
    .option('--at <s>', 'with --source sim: simulated seconds to run first (default: 10)')
    .option('--json', 'the snapshot as one JSON object')
    .option('--cols <n>', 'frame width (default: the terminal, or 120)')
    .option('--rows <n>', 'frame height (default: the terminal, or 40)')
    .option('--no-color', 'no colours')
    .action(async (o: Record<string, unknown>) => {
      await snapshotCmd(o);
    });

  addRunOptions(program.command('run').description('run headless as fast as possible and print a summary'))
    .option('--sim-seconds <s>', "simulated seconds to run (default: the scenario's)")
    .option('--json', 'print exactly one JSON object')
    .action((o: Record<string, unknown>) => {
      const spec = resolveRun(runOptions(o));
      const summary = runHeadless(spec);
      out(o.json ? JSON.stringify(summary) : formatSummary(summary));
    });

  addRunOptions(program.command('compare').description('run the same seeded workload under each policy and print them side by side'))
    .option('--sim-seconds <s>', "simulated seconds to run (default: the scenario's)")
    .option('--policies <list>', `comma-separated policies (default: ${POLICY_NAMES.join(',')})`)
    .option('--json', 'print {scenario, seed, results: [summary, …]}')
    .action((o: Record<string, unknown>) => {
      const spec = resolveRun(runOptions(o));
      const policies = parsePolicies(o.policies as string | undefined);
      const results = policies.map((p) => runHeadless(spec, p));
      out(o.json ? JSON.stringify({scenario: spec.scenario.name, seed: spec.seed, results}) : formatCompare(results));
    });

  const scenarios = program
    .command('scenarios')
    .description('list built-in scenarios, policies, devices and knobs')
    .action(() => out(scenariosList()));
  scenarios
    .command('show')
    .description("print a scenario's JSON (a starting point for a custom scenario file)")
    .argument('<name>', 'built-in scenario name or file')
    .action((name: string) => out(scenarioJson(name)));

  return program;
}

/** Entry point: one line and exit 2 for a user mistake, never a stack trace. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({outputError: () => {}});
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({outputError: () => {}});
    for (const sub of cmd.commands) {
      sub.exitOverride();
      sub.configureOutput({outputError: () => {}});
    }
  }
  try {
    await program.parseAsync([...argv], {from: 'user'});
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        process.exitCode = 0;
        return;
      }
      // The dashboard takes no operand, so commander calls an unknown command an excess argument.
      const unknownCommand = err.code === 'commander.excessArguments' && !err.message.includes(" for '");
      const message = unknownCommand ? `unknown command '${program.args[0]}': choose ${program.commands.map((c) => c.name()).join(', ')}` : err.message.replace(/^error: /, '').split('\n')[0];
      process.stderr.write(`aswap: ${message} (see aswap --help)\n`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`aswap: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    const e = err as Error;
    const where = e.stack?.split('\n')[1]?.trim() ?? 'unknown';
    process.stderr.write(`aswap: internal error: ${e.message} (${where}); please report it with the command line\n`);
    process.exitCode = 1;
  }
}
