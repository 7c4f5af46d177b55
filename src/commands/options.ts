import type {Command} from 'commander';
import {DEVICE_NAMES} from '../engine/devices.ts';
import {DEFAULT_PARAMS, POLICY_NAMES, isPolicy} from '../engine/params.ts';
import type {PolicyName} from '../engine/snapshot.ts';
import {sanitize, UsageError} from '../errors.ts';
import type {RunOptions} from '../run-config.ts';
import {DEFAULT_SCENARIO} from '../workload/scenarios.ts';

/** The parsed options of one command, as commander hands them over. */
export type Opts = Record<string, unknown>;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The run options every command shares (`aswap`, run, compare, record, snapshot). */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--scenario <name|file>', `built-in scenario or a scenario JSON file (default: ${DEFAULT_SCENARIO})`)
    .option('--policy <name>', `${POLICY_NAMES.join(' | ')} (default: ${DEFAULT_PARAMS.policy})`)
    .option('--device <name>', `${DEVICE_NAMES.join(' | ')} (default: the scenario's)`)
    .option('--seed <n>', 'seed of every random stream (default: 1)')
    .option('--set <key=value>', 'override a scenario, device or engine knob (repeatable; see `aswap scenarios`)', collect);
}

export function runOptions(o: Opts): RunOptions {
  return {
    scenario: o.scenario as string | undefined,
    policy: o.policy as string | undefined,
    device: o.device as string | undefined,
    seed: o.seed as string | undefined,
    simSeconds: o.simSeconds as string | undefined,
    set: (o.set as string[] | undefined) ?? [],
  };
}

export function parsePolicies(list: string | undefined): PolicyName[] {
  if (list === undefined) return [...POLICY_NAMES];
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--policies needs at least one of ${POLICY_NAMES.join(', ')}`);
  for (const n of names) if (!isPolicy(n)) throw new UsageError(`unknown policy '${n}' in --policies: choose ${POLICY_NAMES.join(', ')}`);
  return names as PolicyName[];
}

export function parsePositive(what: string, raw: string | undefined, opts: {integer?: boolean; max?: number} = {}): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0 || (opts.integer && !Number.isInteger(v)) || (opts.max !== undefined && v > opts.max)) {
    throw new UsageError(`invalid ${what} '${raw}': expected ${opts.integer ? 'a positive integer' : 'a positive number'}${opts.max !== undefined ? ` up to ${opts.max}` : ''}`);
  }
  return v;
}

/** One line for the user on stderr, `aswap: …`, with anything from outside made safe to print. */
export function warn(text: string): void {
  process.stderr.write(`aswap: ${sanitize(text)}\n`);
}

/** One block of text on stdout, newline-terminated. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function colorWanted(o: Opts): boolean {
  return o.color !== false && (!('NO_COLOR' in process.env) || process.env.NO_COLOR === '');
}

export function parseSize(o: Opts): {cols?: number; rows?: number} {
  const cols = parsePositive('--cols', o.cols as string | undefined, {integer: true, max: 1000});
  const rows = parsePositive('--rows', o.rows as string | undefined, {integer: true, max: 1000});
  if ((cols === undefined) !== (rows === undefined)) throw new UsageError('--cols and --rows go together');
  return {cols, rows};
}

export function parseSourceKind(o: Opts): 'sim' | 'host' {
  const kind = (o.source as string | undefined) ?? 'sim';
  if (kind !== 'sim' && kind !== 'host') throw new UsageError(`unknown source '${kind}': choose sim, host`);
  if (o.procRoot !== undefined && kind !== 'host') throw new UsageError('--proc-root goes with --source host');
  return kind;
}

/** A writer that cannot open its file is a user mistake (a bad path), not a crash. */
export function guard<T>(open: () => T): T {
  try {
    return open();
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
}
