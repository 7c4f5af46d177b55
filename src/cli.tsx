/**
 * The command line: wiring only. Each command lives in its own module under `src/commands/` and is
 * loaded when it runs, so `aswap --help` never loads the engine's workloads, Ink or React.
 */
import {Command, CommanderError} from 'commander';
import {POLICY_NAMES} from './engine/params.ts';
import {sanitize, UsageError} from './errors.ts';
import {guardTerminal} from './terminal.ts';

const PLOT_SCALE_HELP = "PNG pixels per chart pixel, 0.5 to 4 (default: 1, the chart's own size; 2 for high-DPI slides)";
import {addRunOptions, type Opts} from './commands/options.ts';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

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
    .option('--source <kind>', "sim (the simulator) or host (this machine's kernel, read-only) (default: sim)")
    .option('--proc-root <dir>', 'with --source host: read a copy of /proc and /sys under DIR')
    .option('--record <file.cast>', 'also write an asciicast v2 recording of the screen, with markers')
    .option('--trace <file.jsonl>', 'also write one snapshot per frame as JSON lines')
    .option('--cols <n>', 'lay the dashboard out this wide, whatever the terminal (with --rows)')
    .option('--rows <n>', 'lay the dashboard out this tall, whatever the terminal (with --cols)')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .option('--no-slow-motion', 'keep the chosen speed through kill waves (the `a` key toggles it)')
    .action(async (o: Opts) => {
      const {dashboardCommand} = await import('./commands/dashboard.ts');
      process.exitCode = await dashboardCommand(o);
    });

  addRunOptions(program.command('record').description('record the dashboard to an asciicast file with no terminal at all, deterministically'))
    .argument('<file.cast>', 'the recording to write')
    .option('--duration <s>', 'length of the recording in seconds (default: 30)')
    .option('--speed <x>', 'simulated seconds per recorded second (default: 1)')
    .option('--cols <n>', 'width (default: 120; with --rows)')
    .option('--rows <n>', 'height (default: 40; with --cols)')
    .option('--trace <file.jsonl>', 'also write the recorded frames as a trace')
    .option('--perfetto <file.json>', 'also write the recorded run as a Trace Event file for ui.perfetto.dev')
    .option('--no-color', 'no colours')
    .action(async (path: string, o: Opts) => {
      const {recordCommand} = await import('./commands/record.ts');
      await recordCommand(path, o);
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
    .option('--no-slow-motion', 'keep the chosen speed through kill waves (the `a` key toggles it)')
    .action(async (path: string, o: Opts) => {
      const {replayCommand} = await import('./commands/replay.ts');
      process.exitCode = await replayCommand(path, o);
    });

  addRunOptions(program.command('snapshot').description('print one snapshot (--json) or one rendered frame, and exit'))
    .option('--source <kind>', 'sim or host (default: sim)')
    .option('--proc-root <dir>', 'with --source host: read a copy of /proc and /sys under DIR')
    .option('--at <s>', 'with --source sim: simulated seconds to run first (default: 10)')
    .option('--json', 'the snapshot as one JSON object')
    .option('--cols <n>', 'frame width (default: the terminal, or 120)')
    .option('--rows <n>', 'frame height (default: the terminal, or 40)')
    .option('--no-color', 'no colours')
    .action(async (o: Opts) => {
      const {snapshotCommand} = await import('./commands/snapshot.ts');
      await snapshotCommand(o);
    });

  addRunOptions(program.command('run').description('run headless as fast as possible and print a summary'))
    .option('--sim-seconds <s>', "simulated seconds to run (default: the scenario's)")
    .option('--json', 'print exactly one JSON object')
    .option('--plot <file.svg|png>', "also draw the run's timeline (free memory, cache_count, PSI, kills)")
    .option('--plot-scale <n>', PLOT_SCALE_HELP)
    .option('--perfetto <file.json>', 'also write the run as a Trace Event file for ui.perfetto.dev or chrome://tracing')
    .option('--sample-ms <ms>', 'timeline sampling step for --plot and --perfetto (default: 1 with --perfetto, else 10)')
    .action(async (o: Opts) => {
      const {runCommand} = await import('./commands/run.ts');
      await runCommand(o);
    });

  addRunOptions(program.command('compare').description('run the same seeded workload under each policy and print them side by side'))
    .option('--sim-seconds <s>', "simulated seconds to run (default: the scenario's)")
    .option('--policies <list>', `comma-separated policies (default: ${POLICY_NAMES.join(',')})`)
    .option('--seeds <list>', 'run every seed of a list or range (1..5) and aggregate: pooled percentiles and the spread across seeds')
    .option('--jobs <n>', 'threads at most; workers start when the points left pay their warm-up (default: every core)')
    .option('--json', 'print {scenario, seed|seeds, results: [summary, …], aggregate: [...]}')
    .option('--csv', 'print CSV: one row per policy, every metric with its spread across seeds')
    .option('--markdown', 'print the table as markdown (a GitHub comment or a plain-text mail)')
    .option('--plot <file.svg|png>', 'also draw exit and release latency CDFs and CPU by context')
    .option('--plot-scale <n>', PLOT_SCALE_HELP)
    .action(async (o: Opts) => {
      const {compareCommand} = await import('./commands/compare.ts');
      await compareCommand(o);
    });

  addRunOptions(program.command('sweep').description('run a grid of parameter values × policies × seeds on up to every core and tabulate or plot it'))
    .option('--param <name=values>', 'a knob and its values: 8,32,128 or 1..5 or 0..100:20 (repeatable: the grid of all combinations)', collect)
    .option('--sim-seconds <s>', "simulated seconds per point (default: the scenario's)")
    .option('--policies <list>', `comma-separated policies (default: ${POLICY_NAMES.join(',')}, or --policy)`)
    .option('--seeds <list>', 'seeds of every point: a list or range (1..5)')
    .option('--jobs <n>', 'threads at most; workers start when the points left pay their warm-up (default: every core)')
    .option('--shard <k/n>', 'run only the K-th of N disjoint slices of the grid (batch systems; join with aswap merge)')
    .option('--yes', 'run a grid of more than 100,000 points')
    .option('--json', 'stream JSON lines: a line describing the sweep, then one line per point as it finishes')
    .option('--csv', 'print CSV: one row per parameter combination and policy, aggregated over seeds')
    .option('--markdown', 'print the table as markdown')
    .option('--metrics <list>', 'columns of the table (metric ids, see the CSV header)')
    .option('--plot <file.svg|png>', 'also draw each --plot-metrics metric against the first --param, a line per policy')
    .option('--plot-scale <n>', PLOT_SCALE_HELP)
    .option('--plot-metrics <list>', 'metrics of the chart (default: exit_p99_ms,release_p99_ms)')
    .action(async (o: Opts) => {
      const {sweepCommand} = await import('./commands/sweep.ts');
      await sweepCommand(o);
    });

  program
    .command('merge')
    .description('join the JSON lines of sweep shards (aswap sweep --shard K/N --json) into one table, CSV or chart')
    .argument('<files...>', 'files written by aswap sweep --json')
    .option('--json', 'print the joined JSON lines in grid order')
    .option('--csv', 'print CSV')
    .option('--markdown', 'print the table as markdown')
    .option('--metrics <list>', 'columns of the table (metric ids)')
    .option('--plot <file.svg|png>', 'also draw the sweep chart')
    .option('--plot-scale <n>', PLOT_SCALE_HELP)
    .option('--plot-metrics <list>', 'metrics of the chart (default: exit_p99_ms,release_p99_ms)')
    .action(async (files: string[], o: Opts) => {
      const {mergeCommand} = await import('./commands/merge.ts');
      await mergeCommand(files, o);
    });

  const scenarios = program
    .command('scenarios')
    .description('list built-in scenarios, policies, devices and knobs')
    .action(async () => {
      const {scenariosCommand} = await import('./commands/scenarios.ts');
      scenariosCommand();
    });
  scenarios
    .command('show')
    .description("print a scenario's JSON (a starting point for a custom scenario file)")
    .argument('<name>', 'built-in scenario name or file')
    .action(async (name: string) => {
      const {scenarioShowCommand} = await import('./commands/scenarios.ts');
      scenarioShowCommand(name);
    });

  program.hook('preAction', (_program, action) => applyLeadingOptions(program, action));
  return program;
}

/**
 * Options given before a subcommand (`aswap --policy sync run`) are parsed as the dashboard's.
 * They apply to the subcommand when it has the same option (its own value, given after it, wins;
 * `--set` lists join), and are an error naming the option and the command when it has not: never
 * silently ignored.
 */
function applyLeadingOptions(program: Command, action: Command): void {
  if (action === program) return;
  for (const option of program.options) {
    const key = option.attributeName();
    if (program.getOptionValueSource(key) !== 'cli') continue;
    const flag = option.long ?? option.flags;
    const own = action.options.find((o) => o.attributeName() === key);
    const name = commandPath(action);
    if (!own) throw new UsageError(`${flag} does not apply to '${name}'; give ${name}'s options after it (aswap ${name} --help lists them)`);
    const given = program.getOptionValue(key) as unknown;
    if (action.getOptionValueSource(key) !== 'cli') action.setOptionValueWithSource(key, given, 'cli');
    else if (key === 'set') action.setOptionValueWithSource(key, [...(given as string[]), ...(action.getOptionValue(key) as string[])], 'cli');
  }
}

const commandPath = (c: Command): string => (c.parent && c.parent.parent ? `${commandPath(c.parent)} ${c.name()}` : c.name());

/** Entry point: one line and exit 2 for a user mistake, never a stack trace. */
/**
 * Node ignores SIGXFSZ, so a write past a file-size limit (ulimit -f) fails with EFBIG and the
 * recorder reports it like a full disk. Ink's signal-exit listens to SIGXFSZ too and, when it is
 * the only listener, raises it again once its clean-up ran: the process died with its recording
 * cut mid-line. A listener of our own keeps Node's behaviour.
 */
const keepEfbig = (): void => {};

export async function main(argv: readonly string[]): Promise<void> {
  if (!process.listeners('SIGXFSZ').includes(keepEfbig)) process.on('SIGXFSZ', keepEfbig);
  guardTerminal();
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
      const message = unknownCommand ? `unknown command '${program.args[0]}': choose ${program.commands.map((c) => c.name()).join(', ')}` : err.message.replace(/^error: /, '').split('\n')[0]!;
      process.stderr.write(`aswap: ${sanitize(message)} (see aswap --help)\n`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`aswap: ${sanitize(err.message)}\n`);
      process.exitCode = 2;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    const where = (err instanceof Error ? err.stack?.split('\n')[1]?.trim() : undefined) ?? 'unknown';
    process.stderr.write(`aswap: internal error: ${sanitize(message, 300)} (${sanitize(where, 200)}); please report it with the command line\n`);
    process.exitCode = 1;
  }
}
