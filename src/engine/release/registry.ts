/**
 * The release policies, in the order the dashboard's `m` key cycles through them. Adding a policy
 * is one module in this directory and one line here.
 */
import {gatherOomPolicy} from './gather-oom.ts';
import {gatherPolicy} from './gather.ts';
import {swapTablePolicy} from './swap-table.ts';
import {syncPolicy} from './sync.ts';
import {tlbGather2024Policy} from './tlb-gather-2024.ts';
import type {KnobDoc, PolicyModule} from './types.ts';
import {zramAsyncGcPolicy} from './zram-async-gc.ts';
import {zsDeferredPolicy} from './zs-deferred.ts';

export const POLICY_MODULES = [syncPolicy, gatherPolicy, gatherOomPolicy, tlbGather2024Policy, zramAsyncGcPolicy, zsDeferredPolicy, swapTablePolicy] as const;

type Modules = typeof POLICY_MODULES;
/** The policies' names, as a string-literal union. */
export type PolicyName = Modules[number]['name'];
type KnobsOf<M> = M extends {readonly knobs: infer R} ? keyof R & string : never;
/** Knobs the policies add to the engine's. */
export type PolicyKnobName = KnobsOf<Modules[number]>;

export const POLICIES: readonly {readonly name: PolicyName; readonly description: string}[] = POLICY_MODULES.map((m) => ({name: m.name, description: m.description}));
export const POLICY_NAMES: readonly PolicyName[] = POLICY_MODULES.map((m) => m.name);

export function policyModule(name: PolicyName): PolicyModule {
  return POLICY_MODULES.find((m) => m.name === name)! as PolicyModule;
}

/** Every policy's knobs, by name. */
export const POLICY_KNOB_DOCS: Readonly<Record<string, KnobDoc>> = Object.assign({}, ...POLICY_MODULES.map((m) => m.knobs as Record<string, KnobDoc>));
