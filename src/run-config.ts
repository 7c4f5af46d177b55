import {DEVICES, DEVICE_KNOBS, DEVICE_NAMES, withDeviceKnobs, type Device, type DeviceKnob} from './engine/devices.ts';
import {DEFAULT_PARAMS, ENGINE_KNOB_DOCS, POLICY_NAMES, checkParam, isParam, isPolicy, type NumericParam} from './engine/params.ts';
import type {Params, PolicyName} from './engine/snapshot.ts';
import {sanitize, UsageError} from './errors.ts';
import {canonicalKnob, kernelNamesOf, MAX_SIM_SECONDS, maxOf, rangeOf, type DeviceLimits} from './knob-ranges.ts';
import {findScenario} from './scenario-file.ts';
import {DEFAULT_SCENARIO, WORKLOAD_KINDS, type ScenarioSpec} from './workload/scenarios.ts';

export {findScenario, loadScenarioFile} from './scenario-file.ts';

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
  /** The knobs given explicitly (scenario file and --set), by aswap's names, for trace headers. */
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

/** Engine knobs settable with --set, beyond the device's and the workload's: the engine's own table. */
export const ENGINE_KNOB_HELP: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ENGINE_KNOB_DOCS).map(([key, d]) => [key, `${d.doc} (${d.default})`]),
);

export const DEFAULT_SEED = 1;
/** The largest seed: every random stream is seeded with a 31-bit integer. */
const MAX_SEED = 2 ** 31 - 1;

/** Parses a number in range; `what` names it in the error (a function when the name costs something to build). */
function parseNumber(what: string | (() => string), raw: string | number, opts: {integer?: boolean; min?: number; max?: number; why?: string}): number {
  const v = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    const kind = opts.integer ? 'an integer' : 'a number';
    const range =
      opts.min !== undefined && opts.max !== undefined ? ` in ${opts.min}–${opts.max}` : opts.min !== undefined ? ` ≥ ${opts.min}` : opts.max !== undefined ? ` ≤ ${opts.max}` : '';
    const name = typeof what === 'string' ? what : what();
    throw new UsageError(`invalid ${name} '${sanitize(String(raw), 40)}': expected ${kind}${range}${opts.why ? ` (${opts.why})` : ''}`);
  }
  return v;
}

/** Every knob of a workload, by aswap's name. */
export function allKnobNames(workload: string): string[] {
  const kind = WORKLOAD_KINDS[workload]!;
  return [...Object.keys(kind.knobs), ...Object.keys(ENGINE_KNOB_HELP), ...DEVICE_KNOBS];
}

/** `maxCacheEntries (max_cache_entries)`: a knob with its kernel or lmkd names, as errors and listings show it. */
export function knobLabel(knob: string): string {
  const names = kernelNamesOf(knob);
  return names.length ? `${knob} (${names.join(', ')})` : knob;
}

function limitsOf(device: Device): DeviceLimits {
  const cpus = device.clusters.reduce((n, c) => n + c.count, 0);
  const nodes = new Set(device.clusters.map((c) => c.node)).size;
  return {ramMB: device.ramMB, swapMB: device.zramDiskMB, cpus, nodes};
}

/** Parses one knob's value against its range on this device (its label is built only for an error). */
function knobValue(key: string, raw: string | number, limits: DeviceLimits, device: string, given = true): number {
  const range = rangeOf(key);
  const max = maxOf(range, limits);
  const dependsOnDevice = typeof range.max !== 'number';
  return parseNumber(() => `${given ? '' : 'default '}value for ${knobLabel(key)}`, raw, {
    integer: range.integer,
    min: range.min,
    max,
    why: `${range.why}${dependsOnDevice ? ` on ${device}` : ''}`,
  });
}

/** The knobs a scenario file and --set give, by aswap's names; the last given wins. Throws on an unknown one. */
function rawKnobs(scenario: ScenarioSpec, set: readonly string[]): Map<string, string | number> {
  const valid = new Set(allKnobNames(scenario.workload));
  const raws = new Map<string, string | number>();
  const add = (given: string, raw: string | number): void => {
    const key = canonicalKnob(given);
    if (!valid.has(key)) {
      const names = [...valid].map(knobLabel).join(', ');
      throw new UsageError(`unknown key '${sanitize(given, 60)}' for scenario ${scenario.name}: valid keys are ${names}`);
    }
    raws.set(key, raw);
  };
  for (const [key, raw] of Object.entries(scenario.set)) add(key, raw);
  for (const item of set) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid --set '${sanitize(item, 60)}': expected key=value`);
    add(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  return raws;
}

/** Resolves CLI options (or a scenario file) into a validated RunSpec; throws UsageError before anything is allocated. */
export function resolveRun(opts: RunOptions): RunSpec {
  const scenario = findScenario(opts.scenario ?? DEFAULT_SCENARIO);
  const deviceName = opts.device ?? scenario.device;
  const baseDevice = DEVICES[deviceName];
  if (!baseDevice) throw new UsageError(`unknown device '${deviceName}': choose ${DEVICE_NAMES.join(', ')}`);
  const policy = opts.policy ?? scenario.policy ?? DEFAULT_PARAMS.policy;
  if (!isPolicy(policy)) throw new UsageError(`unknown policy '${policy}': choose ${POLICY_NAMES.join(', ')}`);
  const seed = opts.seed === undefined ? (scenario.seed ?? DEFAULT_SEED) : parseNumber('--seed', opts.seed, {integer: true, min: 0, max: MAX_SEED});
  const simSeconds = opts.simSeconds === undefined ? scenario.simSeconds : parseNumber('--sim-seconds', opts.simSeconds, {min: 0.001, max: MAX_SIM_SECONDS, why: 'a day at most'});

  const raws = rawKnobs(scenario, opts.set ?? []);
  const set: Record<string, number> = {};
  // The device first: the other knobs' ranges depend on its RAM, swap and CPUs. RAM before what
  // depends on it.
  const deviceKnobs: Partial<Record<DeviceKnob, number>> = {};
  const deviceOrder = ['ramMB', ...DEVICE_KNOBS.filter((k) => k !== 'ramMB')] as DeviceKnob[];
  for (const key of deviceOrder) {
    const raw = raws.get(key);
    if (raw === undefined) continue;
    const limits = limitsOf(withDeviceKnobs(baseDevice, deviceKnobs));
    deviceKnobs[key] = set[key] = knobValue(key, raw, limits, deviceName);
  }
  const device = withDeviceKnobs(baseDevice, deviceKnobs);
  const limits = limitsOf(device);
  checkDevice(device);

  const kind = WORKLOAD_KINDS[scenario.workload]!;
  const workloadKnobs: Record<string, number> = {...(kind.knobs as Record<string, number>)};
  let params: Params = {...DEFAULT_PARAMS, policy};
  let nodeAllocFailRate = 0;
  let workAllocFailRate = 0;
  for (const [key, raw] of raws) {
    if ((DEVICE_KNOBS as readonly string[]).includes(key)) continue;
    const value = (set[key] = knobValue(key, raw, limits, deviceName));
    if (key in workloadKnobs) workloadKnobs[key] = value;
    else if (isParam(key)) {
      const err = checkParam(key as NumericParam, value);
      if (err) throw new UsageError(`invalid value for ${knobLabel(key)}: ${err}`);
      params = {...params, [key]: value};
    } else if (key === 'nodeAllocFailPct') nodeAllocFailRate = value / 100;
    else if (key === 'workAllocFailPct') workAllocFailRate = value / 100;
  }
  // The defaults must fit a device whose knobs were changed (a smaller zram) just as well.
  for (const [key, value] of Object.entries(workloadKnobs)) if (!raws.has(key)) knobValue(key, value, limits, deviceName, false);
  checkWorkload(scenario.workload, workloadKnobs, limits, deviceName);
  return {scenario, device, policy, seed, simSeconds, params, workloadKnobs, nodeAllocFailRate, workAllocFailRate, set};
}

/** The watermarks must stay below RAM (__setup_per_zone_wmarks: high = min + 2 · max(min/4, RAM · wsf / 10000)). */
function checkDevice(device: Device): void {
  const minMB = device.minFreeKbytes / 1024;
  const highMB = minMB + 2 * Math.max(minMB / 4, (device.ramMB * device.watermarkScaleFactor) / 10_000);
  if (highMB >= device.ramMB) {
    throw new UsageError(
      `invalid values: vm.min_free_kbytes ${device.minFreeKbytes} and vm.watermark_scale_factor ${device.watermarkScaleFactor} put the high watermark (${Math.round(highMB)} MB) above the RAM of ${device.name} (${device.ramMB} MB)`,
    );
  }
}

/**
 * Processes that a workload starts together, and the parts of each that must fit in the device.
 * The Android world fits its apps into the device itself (kswapd, lmkd, a full zram), so it has none.
 */
const FITS: Readonly<Record<string, {count: (k: Record<string, number>, d: DeviceLimits) => number; countText: string; swap?: string[]; ram?: string[]}>> = {
  'kill-burst': {count: (k) => k.apps!, countText: 'apps', swap: ['swapMBMax'], ram: ['rssMBMax']},
  munmap: {count: (k) => k.procs!, countText: 'procs', swap: ['sizeMB']},
  'numa-server': {count: (k, d) => k.jobsPerNode! * d.nodes, countText: 'jobsPerNode × nodes', swap: ['jobSwapMBMax'], ram: ['jobRssMBMax']},
};

function checkWorkload(workload: string, k: Record<string, number>, d: DeviceLimits, device: string): void {
  for (const [lo, value] of Object.entries(k)) {
    if (!lo.endsWith('Min')) continue;
    const hi = `${lo.slice(0, -3)}Max`;
    if (k[hi] !== undefined && value > k[hi]!) throw new UsageError(`invalid values: ${lo} (${value}) is larger than ${hi} (${k[hi]})`);
  }
  const fit = FITS[workload];
  if (!fit) return;
  const n = fit.count(k, d);
  const check = (parts: string[] | undefined, limit: number, what: string): void => {
    if (!parts || parts.some((p) => k[p] === undefined)) return;
    const each = parts.reduce((s, p) => s + k[p]!, 0);
    if (n * each > limit) {
      const terms = parts.length > 1 ? `(${parts.join(' + ')})` : parts[0];
      throw new UsageError(`invalid values: ${fit.countText} × ${terms} = ${Math.round(n * each)} MB does not fit in ${what} of ${device} (${limit} MB); lower them or raise it`);
    }
  };
  check(fit.swap, d.swapMB, 'the swap (zramDiskMB)');
  check(fit.ram, d.ramMB, 'the RAM (ramMB)');
}

/** What each knob does, for `aswap scenarios`. */
export function knobDocs(workload: string): Record<string, string> {
  return {...(WORKLOAD_KINDS[workload]!.knobDocs as Record<string, string>), ...ENGINE_KNOB_HELP};
}
