import {DEVICES, DEVICE_KNOBS, DEVICE_NAMES} from '../engine/devices.ts';
import {DEFAULT_PARAMS, POLICIES} from '../engine/params.ts';
import {rangeOf, rangeText} from '../knob-ranges.ts';
import {ENGINE_KNOB_HELP, findScenario, knobLabel} from '../run-config.ts';
import {BUILTIN_SCENARIOS, DEFAULT_SCENARIO, WORKLOAD_KINDS} from '../workload/scenarios.ts';
import {out} from './options.ts';

function scenariosList(): string {
  const lines = ['Scenarios (--scenario NAME, or a JSON file; `aswap scenarios show NAME` prints one):'];
  const w = Math.max(...BUILTIN_SCENARIOS.map((s) => s.name.length));
  for (const s of BUILTIN_SCENARIOS) lines.push(`  ${s.name.padEnd(w)}  ${s.description} [${s.device}]${s.name === DEFAULT_SCENARIO ? ' (default)' : ''}`);
  lines.push('', 'Policies (--policy NAME):');
  const pw = Math.max(...POLICIES.map((p) => p.name.length));
  for (const p of POLICIES) lines.push(`  ${p.name.padEnd(pw)}  ${p.description}${p.name === DEFAULT_PARAMS.policy ? ' (default)' : ''}`);
  lines.push('', 'Devices (--device NAME):');
  const dw = Math.max(...DEVICE_NAMES.map((d) => d.length));
  for (const d of DEVICE_NAMES) lines.push(`  ${d.padEnd(dw)}  ${DEVICES[d]!.description}`);
  lines.push('', "Knobs (--set key=value; kernel and lmkd names in brackets work too), with their ranges and defaults:");
  const knobLine = (k: string, width: number, doc: string | undefined, def: number | undefined): string => {
    const range = rangeOf(k);
    return `    ${knobLabel(k).padEnd(width)}  ${doc ? `${doc}; ` : ''}${rangeText(range)} (${range.why})${def !== undefined ? ` (default ${def})` : ''}`;
  };
  const width = (keys: readonly string[]): number => Math.max(...keys.map((k) => knobLabel(k).length));
  for (const [name, kind] of Object.entries(WORKLOAD_KINDS)) {
    lines.push(`  ${name}: ${kind.description}`);
    const docs = kind.knobDocs as Record<string, string>;
    const w = width(Object.keys(docs));
    for (const [k, doc] of Object.entries(docs)) lines.push(knobLine(k, w, doc, (kind.knobs as Record<string, number>)[k]));
  }
  lines.push('  every scenario: the patch and the workqueue');
  const engine = ENGINE_KNOB_HELP;
  const ew = width(Object.keys(engine));
  for (const [k, doc] of Object.entries(engine)) lines.push(knobLine(k, ew, doc, undefined));
  lines.push("  every device (ramMB, zramDiskMB and the CPUs bound the ranges above; src/engine/devices.md sources each figure):");
  const dw2 = width(DEVICE_KNOBS);
  for (const k of DEVICE_KNOBS) lines.push(knobLine(k, dw2, undefined, undefined));
  lines.push('  A workload\'s processes must also fit in the device together (apps × the largest size, in swap and in RAM).');
  return lines.join('\n');
}

function scenarioJson(name: string): string {
  const s = findScenario(name);
  const kind = WORKLOAD_KINDS[s.workload]!;
  const full = {...s, set: {...(kind.knobs as Record<string, number>), ...s.set}};
  return JSON.stringify(full, null, 2);
}

/** `aswap scenarios`: built-in scenarios, policies, devices and knobs. */
export function scenariosCommand(): void {
  out(scenariosList());
}

/** `aswap scenarios show NAME`: a scenario's JSON, a starting point for a file of one's own. */
export function scenarioShowCommand(name: string): void {
  out(scenarioJson(name));
}
