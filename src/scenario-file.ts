/**
 * Scenario files (`--scenario FILE.json`, as `aswap scenarios show` prints them), read without
 * trusting them: at most 1 MB, a regular file, and every error one line that quotes at most a
 * short, sanitized excerpt of what was found.
 */
import {createRequire} from 'node:module';
import type {z as Zod} from 'zod';
import {BoundedReadError, readBounded} from './bounded-read.ts';
import {DEVICE_NAMES} from './engine/devices.ts';
import {POLICY_NAMES} from './engine/params.ts';
import type {PolicyName} from './engine/snapshot.ts';
import {excerpt, UsageError} from './errors.ts';
import {MAX_SIM_SECONDS} from './knob-ranges.ts';
import {BUILTIN_SCENARIOS, WORKLOAD_KINDS, type ScenarioSpec} from './workload/scenarios.ts';

/** A scenario file is a few hundred bytes; a megabyte is surely something else. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

const FIELDS = 'name, description, workload, device, policy, seed, simSeconds, set';

/**
 * zod is loaded when a scenario FILE is read, not at every start: a built-in scenario needs no
 * schema, and evaluating zod costs about 36 ms of CPU (resolveRun is synchronous, hence require).
 */
let schema: ReturnType<typeof buildSchema> | null = null;
function scenarioFileSchema(): ReturnType<typeof buildSchema> {
  schema ??= buildSchema((createRequire(import.meta.url)('zod') as {z: typeof Zod}).z);
  return schema;
}

const buildSchema = (z: typeof Zod) =>
  z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).default(''),
    workload: z.enum(Object.keys(WORKLOAD_KINDS) as [string, ...string[]]),
    device: z.enum(DEVICE_NAMES as [string, ...string[]]),
    policy: z.enum(POLICY_NAMES as [PolicyName, ...PolicyName[]]).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    simSeconds: z.number().positive().max(MAX_SIM_SECONDS),
    set: z.record(z.string(), z.number()).default({}),
  })
  .strict();

function expectation(issue: Zod.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_type':
      return issue.expected;
    case 'too_small':
      return `at least ${String(issue.minimum)}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

/** Reads and validates a scenario file; one-line errors naming the field, the value and what was expected. */
export function loadScenarioFile(path: string): ScenarioSpec {
  let text: string;
  try {
    text = readBounded(path, {maxBytes: MAX_SCENARIO_BYTES, pipes: true});
  } catch (err) {
    const why = err instanceof BoundedReadError ? `${err.code.startsWith('ASWAP_') ? '' : `${err.code}: `}${err.message}` : String(err);
    throw new UsageError(`cannot read scenario file ${path}: ${why}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // V8 quotes the file's text after the reason ("Unexpected token 'h', "this is …" is not valid JSON"):
    // keep the reason and the position only.
    const reason = (err as Error).message
      .split('\n')[0]!
      .replace(/, ".*$/s, '')
      .replace(/^(Unexpected token) '.*?'/s, '$1')
      .replace(/ in JSON at position (\d+).*$/s, ' at byte $1');
    throw new UsageError(`scenario file ${path} is not valid JSON: ${reason}`);
  }
  const parsed = scenarioFileSchema().safeParse(json, {reportInput: true});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new UsageError(`scenario file ${path}: unknown field ${issue.keys.map((k) => excerpt(k)).join(', ')}; the fields are ${FIELDS}`);
    }
    const field = issue.path.length ? issue.path.map((p) => excerpt(String(p), 60).replace(/^"|"$/g, '')).join('.') : '(top level)';
    const got = 'input' in issue ? excerpt(issue.input) : 'an invalid value';
    throw new UsageError(`scenario file ${path}: field ${field}: got ${got}, expected ${expectation(issue)}`);
  }
  return parsed.data;
}

/** A built-in scenario by name, or a scenario file (a name ending in .json or holding a slash). */
export function findScenario(nameOrFile: string): ScenarioSpec {
  const builtin = BUILTIN_SCENARIOS.find((s) => s.name === nameOrFile);
  if (builtin) return builtin;
  if (nameOrFile.endsWith('.json') || nameOrFile.includes('/')) return loadScenarioFile(nameOrFile);
  throw new UsageError(`unknown scenario '${nameOrFile}': choose ${BUILTIN_SCENARIOS.map((s) => s.name).join(', ')} or a .json file`);
}
