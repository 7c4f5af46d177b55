import {formatCompare} from '../report/format.ts';
import {resolveRun} from '../run-config.ts';
import {out, parsePolicies, runOptions, type Opts} from './options.ts';
import {runHeadless} from './run.ts';

/** `aswap compare`: the same seeded workload under each policy, side by side. */
export function compareCommand(o: Opts): void {
  const spec = resolveRun(runOptions(o));
  const policies = parsePolicies(o.policies as string | undefined);
  const results = policies.map((p) => runHeadless(spec, p));
  out(o.json ? JSON.stringify({scenario: spec.scenario.name, seed: spec.seed, results}) : formatCompare(results));
}
