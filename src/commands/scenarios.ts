import {DEVICES, DEVICE_NAMES} from '../engine/devices.ts';
import {POLICIES} from '../engine/params.ts';
import {findScenario, knobDocs} from '../run-config.ts';
import {BUILTIN_SCENARIOS, DEFAULT_SCENARIO, WORKLOAD_KINDS} from '../workload/scenarios.ts';
import {out} from './options.ts';

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

/** `aswap scenarios`: built-in scenarios, policies, devices and knobs. */
export function scenariosCommand(): void {
  out(scenariosList());
}

/** `aswap scenarios show NAME`: a scenario's JSON, a starting point for a file of one's own. */
export function scenarioShowCommand(name: string): void {
  out(scenarioJson(name));
}
