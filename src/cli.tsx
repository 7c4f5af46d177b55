import {Command, CommanderError, Option} from 'commander';
import {DEVICES, DEVICE_NAMES} from './engine/devices.ts';
import {NS_PER_S} from './engine/engine.ts';
import {POLICIES, POLICY_NAMES, isPolicy} from './engine/params.ts';
import type {PolicyName} from './engine/snapshot.ts';
import {UsageError} from './errors.ts';
import {formatCompare, formatSummary} from './report/format.ts';
import {summarize, type Summary} from './report/summary.ts';
import {findScenario, knobDocs, resolveRun, type RunOptions, type RunSpec} from './run-config.ts';
import {createEngine} from './run.ts';
import {BUILTIN_SCENARIOS, DEFAULT_SCENARIO, WORKLOAD_KINDS} from './workload/scenarios.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The run options every command shares (`aswap`, run, compare, record, snapshot). */
function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--scenario <name|file>', `built-in scenario or a scenario JSON file (default: ${DEFAULT_SCENARIO})`)
    .option('--policy <name>', `${POLICY_NAMES.join(' | ')} (default: gather-oom)`)
    .option('--device <name>', `${DEVICE_NAMES.join(' | ')} (default: the scenario's)`)
    .option('--seed <n>', 'seed of every random stream (default: 1)')
    .option('--set <key=value>', 'override a scenario, device or engine knob (repeatable; see `aswap scenarios`)', collect, []);
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

async function dashboard(o: Record<string, unknown>): Promise<number> {
  const spec = resolveRun(runOptions(o));
  const speed = parsePositive('--speed', o.speed as string | undefined, {max: 1000}) ?? 1;
  const durationS = parsePositive('--duration', o.duration as string | undefined);
  let comparePolicy: PolicyName | undefined;
  if (o.compare !== undefined) {
    const c = String(o.compare);
    if (!isPolicy(c)) throw new UsageError(`unknown policy '${c}' for --compare: choose ${POLICY_NAMES.join(', ')}`);
    comparePolicy = c;
  }
  if (!process.stdout.isTTY) {
    process.stderr.write('aswap: stdout is not a terminal, so no dashboard: printing the headless summary (`aswap run` asks for it directly)\n');
    out(formatSummary(runHeadless(spec)));
    return 0;
  }
  const {SimSource} = await import('./sources/sim.ts');
  const {runDashboard} = await import('./dashboard.tsx');
  const source = new SimSource(spec, {speed});
  let compare: InstanceType<typeof SimSource> | undefined;
  if (comparePolicy) {
    compare = new SimSource(spec, {speed, policy: comparePolicy, manual: true});
    source.follow(compare);
  }
  return runDashboard({source, compare, durationS, color: !('NO_COLOR' in process.env) || process.env.NO_COLOR === ''});
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
    .action(async (o: Record<string, unknown>) => {
      process.exitCode = await dashboard(o);
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

  program.addOption(new Option('--no-color', 'no colours (NO_COLOR is honoured too)').hideHelp());
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
      process.stderr.write(`aswap: ${err.message.replace(/^error: /, '').split('\n')[0]} (see aswap --help)\n`);
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
