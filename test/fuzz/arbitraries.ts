/**
 * What a careless or hostile user can type: command lines and scenario files built from the real
 * names (commands, options, scenarios, policies, devices, every knob by both its names) with values
 * that are mostly plausible, often out of range, and sometimes garbage (escape sequences, huge
 * numbers, deep nesting). Runs stay short: simulated time is drawn small.
 */
import fc from 'fast-check';
import {DEVICE_KNOBS, DEVICE_NAMES} from '../../src/engine/devices.ts';
import {POLICY_NAMES} from '../../src/engine/params.ts';
import {canonicalKnob, KERNEL_NAMES, rangeOf} from '../../src/knob-ranges.ts';
import {allKnobNames} from '../../src/run-config.ts';
import {BUILTIN_SCENARIOS, WORKLOAD_KINDS} from '../../src/workload/scenarios.ts';

const WORKLOADS = Object.keys(WORKLOAD_KINDS);
const KNOBS = [...new Set([...WORKLOADS.flatMap((w) => allKnobNames(w)), ...DEVICE_KNOBS, ...Object.keys(KERNEL_NAMES)])];
/** A workload's knobs by both names, and now and then one of another workload's. */
const knobOf = (workload: string): fc.Arbitrary<string> => {
  const own = allKnobNames(workload);
  const kernel = Object.entries(KERNEL_NAMES).filter(([, camel]) => own.includes(camel)).map(([k]) => k);
  return fc.oneof({weight: 12, arbitrary: fc.constantFrom(...own)}, {weight: 2, arbitrary: fc.constantFrom(...kernel)}, {weight: 1, arbitrary: fc.constantFrom(...KNOBS)});
};

/** A string a terminal would not like: escapes, C1 controls, bidi overrides, lone surrogates. */
export const hostileText = fc.oneof(
  fc.constantFrom('\x1b]0;pwned\x07', '\x1b[2J\x1b[H', '\x9b31m', '\u202e', '\ud800', '\x00', '\r\n', '%s%n', '../../etc/passwd', ''),
  fc.string({unit: 'binary', maxLength: 20}),
);

/** A number for a knob: mostly small and plausible, sometimes at or past the edges. */
export const knobNumber = fc.oneof(
  {weight: 6, arbitrary: fc.integer({min: 0, max: 64})},
  {weight: 3, arbitrary: fc.double({min: 0, max: 2000, noNaN: true})},
  {weight: 1, arbitrary: fc.constantFrom(-1, 1e9, 1e12, 1e300, 0.5, 2 ** 31, 32_768, 32_769, 512, 513, 1e-9)},
);

/** What comes after `=` in --set, or a flag's value. */
const valueText = fc.oneof(
  {weight: 18, arbitrary: knobNumber.map(String)},
  {weight: 1, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e', '0x10', ' ', '1,5', '١٢')},
  {weight: 1, arbitrary: hostileText},
);

/** A value for `knob`: mostly within its range (the low end of it: runs stay short), else anything. */
const valueFor = (knob: string): fc.Arbitrary<number> => {
  const r = rangeOf(canonicalKnob(knob));
  const max = typeof r.max === 'number' ? Math.min(r.max, r.min + 1000) : r.min + 64;
  const inRange = r.integer ? fc.integer({min: Math.ceil(r.min), max: Math.floor(max)}) : fc.double({min: r.min, max, noNaN: true});
  return fc.oneof({weight: 4, arbitrary: inRange}, {weight: 1, arbitrary: knobNumber});
};

const setItem = (workload: string): fc.Arbitrary<string> =>
  fc.oneof(
    {weight: 15, arbitrary: knobOf(workload).chain((k) => valueFor(k).map((v) => `${k}=${v}`))},
    {weight: 4, arbitrary: fc.tuple(knobOf(workload), valueText).map(([k, v]) => `${k}=${v}`)},
    {weight: 1, arbitrary: fc.oneof(hostileText, fc.constantFrom('=1', 'apps', 'apps==1', 'nokey=1'))},
  );

const rarely = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({weight: 15, arbitrary: usual}, {weight: 1, arbitrary: odd});

/** A scenario file's text for `workload`: a valid shape with random values, or something that is not one at all. */
export const scenarioFileText = (workload: string): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 16,
      arbitrary: fc
        .record(
          {
            name: rarely(fc.constant('fuzz'), hostileText),
            description: fc.string({maxLength: 30}),
            workload: rarely(fc.constant(workload), hostileText),
            device: rarely(fc.constantFrom(...DEVICE_NAMES), hostileText),
            policy: rarely(fc.constantFrom(...POLICY_NAMES), hostileText),
            seed: rarely(fc.integer({min: 0, max: 2 ** 31 - 1}), fc.constant(-1)),
            simSeconds: rarely(fc.double({min: 0.001, max: 0.3, noNaN: true}), fc.constantFrom(0, -1, 1e9)),
            set: fc
              .uniqueArray(knobOf(workload), {maxLength: 4})
              .chain((keys) => fc.tuple(...keys.map((k) => rarely(valueFor(k), fc.anything({maxDepth: 2}) as fc.Arbitrary<number>))).map((vs) => Object.fromEntries(keys.map((k, i) => [k, vs[i]])))),
            extra: fc.constant(true),
          },
          {requiredKeys: ['name', 'workload', 'device', 'simSeconds']},
        )
        // An unknown field, now and then.
        .chain((o) => rarely(fc.constant(false), fc.constant(true)).map((odd) => JSON.stringify(odd && o.extra ? {...o, extra: undefined, colour: 'blue'} : {...o, extra: undefined}))),
    },
    {weight: 1, arbitrary: fc.anything({maxDepth: 3}).map((v) => JSON.stringify(v) ?? 'undefined')},
    {weight: 1, arbitrary: fc.integer({min: 1, max: 20_000}).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`)},
    {weight: 1, arbitrary: fc.string({unit: 'binary', maxLength: 200})},
  );

export interface FuzzCase {
  readonly command: 'run' | 'compare' | 'snapshot' | 'record' | 'dashboard' | 'scenarios-show';
  /** The scenario: a built-in name, `FILE` (the case's scenario file) or garbage. */
  readonly scenario: string | null;
  readonly file: string;
  readonly flags: readonly string[];
  readonly sets: readonly string[];
}

const flag = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<string[]> => value.map((v) => [name, v]);
/**
 * A duration flag (--sim-seconds, --at, --duration, --speed): short, or a mistake, never a long valid
 * one (a day-long run takes minutes; its memory is checked by hand and in bench/, not here).
 */
const small = (max: number): fc.Arbitrary<string> =>
  rarely(fc.double({min: 0.001, max, noNaN: true}).map(String), fc.oneof(fc.constantFrom('0', '-1', '1e9', '86401', 'NaN', '', '0x1'), hostileText));
const common = fc.oneof(
  {weight: 3, arbitrary: flag('--policy', rarely(fc.constantFrom(...POLICY_NAMES), hostileText))},
  {weight: 2, arbitrary: flag('--device', rarely(fc.constantFrom(...DEVICE_NAMES), hostileText))},
  {weight: 3, arbitrary: flag('--seed', rarely(fc.integer({min: 0, max: 2 ** 31 - 1}).map(String), valueText))},
  {weight: 2, arbitrary: fc.constant(['--json'])},
  {weight: 1, arbitrary: fc.constantFrom(['--bogus'], ['--sim-seconds'], ['--', 'x'])},
);

const byCommand: Record<FuzzCase['command'], fc.Arbitrary<string[]>> = {
  run: fc.array(fc.oneof(common, flag('--sim-seconds', small(0.3))), {maxLength: 4}).map((fs) => ['--sim-seconds', '0.05', ...fs.flat()]),
  compare: fc
    .array(fc.oneof(common, flag('--sim-seconds', small(0.2)), flag('--policies', fc.subarray([...POLICY_NAMES, 'zz']).map((p) => p.join(',')))), {maxLength: 4})
    .map((fs) => ['--sim-seconds', '0.05', ...fs.flat()]),
  snapshot: fc
    .array(fc.oneof(common, flag('--at', small(0.3)), fc.constant(['--cols', '100', '--rows', '30']), rarely(fc.constant<string[]>(['--cols', '120', '--rows', '40']), valueText.map((v) => ['--cols', v]))), {maxLength: 4})
    .map((fs) => ['--at', '0.05', ...fs.flat()]),
  record: fc.array(fc.oneof(common, flag('--duration', small(0.3)), flag('--speed', small(50)), fc.constant(['--cols', '80', '--rows', '24'])), {maxLength: 3}).map((fs) => ['--duration', '0.2', ...fs.flat()]),
  // Without a terminal the dashboard prints the headless summary of the scenario's whole length:
  // it only ever gets a scenario file (short), or a mistake.
  dashboard: fc.array(fc.oneof(common, flag('--speed', small(50)), flag('--compare', fc.constantFrom(...POLICY_NAMES, 'zz'))), {maxLength: 3}).map((fs) => fs.flat()),
  'scenarios-show': fc.constant([]),
};

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.constantFrom<FuzzCase['command']>('run', 'run', 'run', 'compare', 'snapshot', 'snapshot', 'record', 'dashboard', 'scenarios-show'), fc.constantFrom(...WORKLOADS))
  .chain(([command, workload]) => {
    const builtins = BUILTIN_SCENARIOS.filter((s) => s.workload === workload).map((s) => s.name);
    return fc.record({
      command: fc.constant(command),
      scenario:
        command === 'dashboard'
          ? fc.constant('FILE')
          : fc.oneof(
              {weight: 5, arbitrary: fc.constant('FILE')},
              {weight: 4, arbitrary: fc.constantFrom(...builtins)},
              {weight: 1, arbitrary: rarely(fc.constantFrom(...builtins), fc.constantFrom('nope', '/dev/zero', '/nonexistent.json', '/'))},
            ),
      file: scenarioFileText(workload),
      flags: byCommand[command],
      sets: fc.array(setItem(workload), {maxLength: 3}),
    });
  });

/** The argv of a case, its scenario file at `path`, its recording (if any) at `out`. */
export function argvOf(c: FuzzCase, path: string, out: string): string[] {
  const scenario = c.scenario === 'FILE' ? path : c.scenario;
  if (c.command === 'scenarios-show') return ['scenarios', 'show', scenario ?? path];
  const args = [...(scenario === null ? [] : ['--scenario', scenario]), ...c.flags, ...c.sets.flatMap((s) => ['--set', s])];
  if (c.command === 'dashboard') return args;
  if (c.command === 'record') return ['record', out, ...args];
  return [c.command, ...args];
}
