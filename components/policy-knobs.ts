/**
 * Which knobs a release policy reads: v0's four (the gather list's thresholds and its workqueue's
 * max_active, the ones the dashboard's keys change) for the two gather policies, the policy's own
 * knobs from the engine's registry for the others, none for sync. The header shows a policy's
 * knobs, and the knob keys say so when what they change does not apply to the running policy.
 */
import {policyModule} from '../src/engine/release/registry.ts';
import {isPolicy} from '../src/engine/params.ts';
import type {Params} from '../src/engine/snapshot.ts';

/** Policies that park swap runs on the global gather list of v0 1/2 (and read its knobs). */
export const GATHER_POLICIES: ReadonlySet<string> = new Set(['gather', 'gather-oom']);

/** Whether `policy` reads v0's knobs (MM_SWAPENTS threshold, max_cache_entries, MIN_EXITING_TASKS_THRESHOLD, max_active). */
export const usesCoreKnobs = (policy: string): boolean => GATHER_POLICIES.has(policy);

/** One of a policy's own knobs, as `--set` names it. */
export interface OwnKnob {
  readonly key: string;
  readonly value: number;
  /** The registry's description without the policy's name. */
  readonly doc: string;
}

/** The knobs a policy other than the gather ones brings (registry order), with their values in `params` (or defaults, for older traces). */
export function ownKnobs(policy: string, params: Params): OwnKnob[] {
  if (!isPolicy(policy)) return [];
  const values = params as unknown as Readonly<Record<string, number | undefined>>;
  return Object.entries(policyModule(policy).knobs).map(([key, d]) => ({key, value: values[key] ?? d.default, doc: d.doc.replace(/^[\w-]+: /, '')}));
}

/** The core knobs apply if any of the policies shown (one, or both sides of a comparison) reads them. */
export const coreKnobsApply = (policies: readonly string[]): boolean => policies.some(usesCoreKnobs);
