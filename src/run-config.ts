import {readFileSync} from 'node:fs';
import {z} from 'zod';
import {DEVICES, DEVICE_KNOBS, DEVICE_NAMES, withDeviceKnobs, type Device, type DeviceKnob} from './engine/devices.ts';
import {DEFAULT_PARAMS, POLICY_NAMES, checkParam, isPolicy, type NumericParam} from './engine/params.ts';
import type {Params, PolicyName} from './engine/snapshot.ts';
import {UsageError} from './errors.ts';
import {BUILTIN_SCENARIOS, DEFAULT_SCENARIO, WORKLOAD_KINDS, type ScenarioSpec} from './workload/scenarios.ts';

/** Everything a run needs, resolved and validated: the same RunSpec gives the same run. */
export interface RunSpec {
  readonly scenario: ScenarioSpec;
  readonly device: Device;
  readonly policy: PolicyName;
  readonly seed: number;
  readonly simSeconds: number;
  readonly params: Params;
  readonly workloadKnobs: Readonly<Record<string, number>>;
  readonly nodeAllocFailRate: number;
  readonly workAllocFailRate: number;
  /** The knobs given explicitly (scenario file and --set), for trace headers. */
  readonly set: Readonly<Record<string, number>>;
}

export interface RunOptions {
  readonly scenario?: string;
  readonly policy?: string;
  readonly device?: string;
  readonly seed?: string | number;
  readonly simSeconds?: string | number;
  readonly set?: readonly string[];
}

/** Engine knobs settable with --set, beyond the device's and the workload's. */
const ENGINE_KNOBS: Readonly<Record<string, string>> = {
  maxCacheEntries: 'max_cache_entries (32)',
  minExitingTasks: 'MIN_EXITING_TASKS_THRESHOLD (1)',
  swapentsThreshold: 'MM_SWAPENTS threshold, 100 * SWAP_CLUSTER_MAX (3200)',
  maxActive: 'max_active of async_swap_free (0 = kernel default 256)',
  nodeAllocFailPct: 'percent of swap_entry_cache GFP_ATOMIC allocations that fail (0)',
  workAllocFailPct: 'percent of work_struct GFP_ATOMIC allocations that fail (0)',
};
const PARAM_KEYS: readonly NumericParam[] = ['maxCacheEntries', 'minExitingTasks', 'swapentsThreshold', 'maxActive'];
const INTEGER_KNOBS = new Set([
  'apps', 'procs', 'firstCpu', 'sizeMB', 'minFreeKbytes', 'watermarkScaleFactor',
  'extraApps', 'bgThreads', 'processMrelease', 'victimBoost', 'restartAged', 'jobsPerNode', 'waveJobs', 'bgThreadsPerNode',
]);

export const DEFAULT_SEED = 1;

const scenarioFileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    workload: z.enum(Object.keys(WORKLOAD_KINDS) as [string, ...string[]]),
    device: z.enum(DEVICE_NAMES as [string, ...string[]]),
    policy: z.enum(POLICY_NAMES as [PolicyName, ...PolicyName[]]).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    simSeconds: z.number().positive().max(86_400),
    set: z.record(z.string(), z.number()).default({}),
  })
  .strict();

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Reads and validates a scenario file; one-line errors naming the field, the value and what was expected. */
export function loadScenarioFile(path: string): ScenarioSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read scenario file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // V8 quotes the file's text after the reason ("Unexpected token 'h', "this is …" is not valid JSON").
    const reason = (err as Error).message.split('\n')[0]!.replace(/, ".*$/, '').replace(/ in JSON at position \d+.*$/, '');
    throw new UsageError(`scenario file ${path} is not valid JSON: ${reason}`);
  }
  const parsed = scenarioFileSchema.safeParse(json, {reportInput: true});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new UsageError(`scenario file ${path}: unknown field ${issue.keys.join(', ')}; the fields are name, description, workload, device, policy, seed, simSeconds, set`);
    }
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    const got = 'input' in issue ? describeValue(issue.input) : 'an invalid value';
    throw new UsageError(`scenario file ${path}: field ${field}: got ${got}, expected ${expectation(issue)}`);
  }
  return parsed.data;
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_type':
      return issue.expected;
    case 'unrecognized_keys':
      return `no such field (${issue.keys.join(', ')}); fields are name, description, workload, device, policy, seed, simSeconds, set`;
    case 'too_small':
      return `at least ${String(issue.minimum)}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

export function findScenario(nameOrFile: string): ScenarioSpec {
  const builtin = BUILTIN_SCENARIOS.find((s) => s.name === nameOrFile);
  if (builtin) return builtin;
  if (nameOrFile.endsWith('.json') || nameOrFile.includes('/')) return loadScenarioFile(nameOrFile);
  throw new UsageError(`unknown scenario '${nameOrFile}': choose ${BUILTIN_SCENARIOS.map((s) => s.name).join(', ')} or a .json file`);
}

function parseNumber(what: string, raw: string | number, opts: {integer?: boolean; min?: number; max?: number}): number {
  const v = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
  const kind = opts.integer ? 'an integer' : 'a number';
  const range =
    opts.min !== undefined && opts.max !== undefined ? ` in ${opts.min}..${opts.max}` : opts.min !== undefined ? ` ≥ ${opts.min}` : opts.max !== undefined ? ` ≤ ${opts.max}` : '';
  if (!Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    throw new UsageError(`invalid ${what} '${raw}': expected ${kind}${range}`);
  }
  return v;
}

export function allKnobNames(workload: string): string[] {
  const kind = WORKLOAD_KINDS[workload]!;
  return [...Object.keys(kind.knobs), ...Object.keys(ENGINE_KNOBS), ...DEVICE_KNOBS];
}

/** Resolves CLI options (or a scenario file) into a validated RunSpec; throws UsageError. */
export function resolveRun(opts: RunOptions): RunSpec {
  const scenario = findScenario(opts.scenario ?? DEFAULT_SCENARIO);
  const deviceName = opts.device ?? scenario.device;
  const baseDevice = DEVICES[deviceName];
  if (!baseDevice) throw new UsageError(`unknown device '${deviceName}': choose ${DEVICE_NAMES.join(', ')}`);
  const policy = opts.policy ?? scenario.policy ?? DEFAULT_PARAMS.policy;
  if (!isPolicy(policy)) throw new UsageError(`unknown policy '${policy}': choose ${POLICY_NAMES.join(', ')}`);
  const seed = opts.seed === undefined ? (scenario.seed ?? DEFAULT_SEED) : parseNumber('--seed', opts.seed, {integer: true, min: 0, max: 2 ** 31 - 1});
  const simSeconds = opts.simSeconds === undefined ? scenario.simSeconds : parseNumber('--sim-seconds', opts.simSeconds, {min: 0.001, max: 86_400});

  // Raw values first; each is parsed below against its own knob's constraints.
  const raws: Record<string, string | number> = {...scenario.set};
  const set: Record<string, number> = {};
  for (const item of opts.set ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid --set '${item}': expected key=value`);
    const key = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1).trim();
    raws[key] = raw;
  }

  const kind = WORKLOAD_KINDS[scenario.workload]!;
  const workloadKnobs: Record<string, number> = {...(kind.knobs as Record<string, number>)};
  const deviceKnobs: Partial<Record<DeviceKnob, number>> = {};
  let params: Params = {...DEFAULT_PARAMS, policy};
  let nodeAllocFailRate = 0;
  let workAllocFailRate = 0;
  for (const [key, raw] of Object.entries(raws)) {
    const check = (o: {integer?: boolean; min?: number; max?: number}): number => {
      const v = parseNumber(`value for ${key}`, raw, o);
      set[key] = v;
      return v;
    };
    if (key in workloadKnobs) {
      workloadKnobs[key] = check({integer: INTEGER_KNOBS.has(key), min: 0});
    } else if ((PARAM_KEYS as readonly string[]).includes(key)) {
      const value = check({integer: true, min: 0});
      const err = checkParam(key as NumericParam, value);
      if (err) throw new UsageError(`invalid value for ${key}: ${err}`);
      params = {...params, [key]: value};
    } else if (key === 'nodeAllocFailPct') {
      nodeAllocFailRate = check({min: 0, max: 100}) / 100;
    } else if (key === 'workAllocFailPct') {
      workAllocFailRate = check({min: 0, max: 100}) / 100;
    } else if ((DEVICE_KNOBS as readonly string[]).includes(key)) {
      deviceKnobs[key as DeviceKnob] = check({integer: INTEGER_KNOBS.has(key), min: key === 'zramRatio' ? 1 : 0});
    } else {
      throw new UsageError(`unknown key '${key}' for scenario ${scenario.name}: valid keys are ${allKnobNames(scenario.workload).join(', ')}`);
    }
  }
  const device = withDeviceKnobs(baseDevice, deviceKnobs);
  const cpus = device.clusters.reduce((n, c) => n + c.count, 0);
  if (scenario.workload === 'munmap') {
    if ((workloadKnobs.procs ?? 1) < 1 || (workloadKnobs.procs ?? 1) > 4096) throw new UsageError(`invalid value for procs: ${workloadKnobs.procs}: expected 1..4096`);
    if ((workloadKnobs.firstCpu ?? 0) >= cpus) throw new UsageError(`invalid value for firstCpu: ${workloadKnobs.firstCpu}: expected 0..${cpus - 1} (${device.name} has ${cpus} CPUs)`);
  }
  if ((workloadKnobs.swapMBMin ?? 0) > (workloadKnobs.swapMBMax ?? Infinity)) throw new UsageError('invalid values: swapMBMin is larger than swapMBMax');
  if ((workloadKnobs.rssMBMin ?? 0) > (workloadKnobs.rssMBMax ?? Infinity)) throw new UsageError('invalid values: rssMBMin is larger than rssMBMax');
  return {scenario, device, policy, seed, simSeconds, params, workloadKnobs, nodeAllocFailRate, workAllocFailRate, set};
}

export function knobDocs(workload: string): Record<string, string> {
  return {...(WORKLOAD_KINDS[workload]!.knobDocs as Record<string, string>), ...ENGINE_KNOBS};
}
