/**
 * Runs the release policies of an engine: builds each policy the first time it is chosen (and the
 * boot-time ones at once), keeps the deferred state of every policy that ran (switching policy
 * while running leaves what the old one holds to drain), and routes the engine's hooks. It knows
 * no policy by name.
 */
import type {Proc} from '../proc.ts';
import {POLICY_MODULES, policyModule, type PolicyName} from './registry.ts';
import type {Counter, Mechanism, ReleaseContext, ReleasePolicy, ZapTable} from './types.ts';

export class ReleaseHost {
  private readonly policies = new Map<string, ReleasePolicy>();
  private readonly mechanisms = new Map<string, Mechanism>();
  readonly ctx: ReleaseContext;
  private active: ReleasePolicy;

  constructor(base: Omit<ReleaseContext, 'mechanism'>, initial: PolicyName) {
    this.ctx = {...base, mechanism: (key, make) => this.mechanismOf(key, make)};
    for (const m of POLICY_MODULES) if (m.boot) this.policy(m.name);
    this.active = this.policy(initial);
  }

  private mechanismOf<T extends Mechanism>(key: string, make: () => T): T {
    let m = this.mechanisms.get(key);
    if (!m) {
      m = make();
      this.mechanisms.set(key, m);
    }
    return m as T;
  }

  private policy(name: PolicyName): ReleasePolicy {
    let p = this.policies.get(name);
    if (!p) {
      p = policyModule(name).create(this.ctx);
      this.policies.set(name, p);
    }
    return p;
  }

  /** The policy new zaps use from now on. */
  use(name: PolicyName): void {
    this.active = this.policy(name);
  }

  /** A mechanism by key, if some policy built it. */
  find(key: string): Mechanism | undefined {
    return this.mechanisms.get(key);
  }

  zapTable(z: ZapTable): void {
    this.active.zapTable(z);
  }

  zapDone(proc: Proc, node: number): void {
    for (const m of this.mechanisms.values()) m.zapDone?.(proc, node);
  }

  /** `f` on the dashboard: every mechanism pushes what it holds towards its workers. */
  forceFlush(node: number): number {
    let works = 0;
    for (const m of this.mechanisms.values()) works += m.forceFlush('manual', node);
    return works;
  }

  oomPath(node: number): number {
    return this.active.oomPath(node);
  }

  paramChanged(key: string): void {
    for (const m of this.mechanisms.values()) m.paramChanged?.(key);
  }

  tick(): void {
    for (const m of this.mechanisms.values()) m.tick?.();
  }

  /** Entries whose free is deferred and still pending, over every mechanism. */
  pending(): number {
    let n = 0;
    for (const m of this.mechanisms.values()) n += m.pending();
    return n;
  }

  counters(): readonly Counter[] {
    return this.active.counters();
  }
}
