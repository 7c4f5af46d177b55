/**
 * The invariants of the gather machinery (MODEL.md §2) as one check over an engine's state, meant
 * to run after every step: it returns the violations as readable lines, so a property test can
 * assert `toEqual([])` and print what broke.
 */
import type {Engine, Proc} from '../../src/engine/engine.ts';
import {GATHER_CACHE, type SwapGatherCache} from '../../src/engine/release/gather-cache.ts';

export interface InvariantOptions {
  /**
   * max_active was lowered during the run: works already active stay active (the kernel never
   * deactivates them), so nr_active may exceed max_active for a while, but must not grow past it.
   */
  readonly maxActiveLowered?: boolean;
  /** nr_active of each pool at the previous check (for the relaxed max_active rule). */
  readonly prevNrActive?: readonly number[];
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Every violated invariant, as a line; [] when all hold. `procs` are all processes ever spawned. */
export function invariantViolations(engine: Engine, procs: readonly Proc[], opts: InvariantOptions = {}): string[] {
  const out: string[] = [];
  const bad = (what: string): void => {
    out.push(`t=${engine.nowNs}: ${what}`);
  };

  // The list and its counters.
  if (engine.cacheCount !== engine.listPids.length || engine.cacheCount !== engine.listNrs.length) {
    bad(`cache_count ${engine.cacheCount} but the list has ${engine.listPids.length} pids / ${engine.listNrs.length} nrs`);
  }
  for (const [name, v] of [
    ['cache_count', engine.cacheCount],
    ['entriesParked', engine.entriesParked],
    ['exiting_task_count', engine.exitingTaskCount],
    ['async_swap_count', engine.asyncSwapCount],
    ['zramPages', engine.zramPages],
  ] as const) {
    if (v < 0) bad(`${name} is negative: ${v}`);
  }
  if (engine.listNrs.some((nr) => nr < 1 || nr > 512)) bad(`a list node holds a run outside 1..512: ${engine.listNrs.join(',')}`);

  // Parked entries: on v0's list, or in a worker's spliced batch and not yet freed, or held by
  // another policy's mechanism (buffers, batches, a GC backlog).
  const v0 = engine.release.find(GATHER_CACHE) as SwapGatherCache;
  const inWorkers = v0.entriesInWorkers();
  const onList = sum(engine.listNrs);
  const other = engine.release.pending() - v0.pending();
  if (v0.pending() !== onList + inWorkers) bad(`v0 entries ${v0.pending()} ≠ list ${onList} + worker batches ${inWorkers}`);
  if (engine.entriesParked !== onList + inWorkers + other) bad(`entriesParked ${engine.entriesParked} ≠ list ${onList} + worker batches ${inWorkers} + other policies ${other}`);

  // The workqueue.
  engine.wq.pools.forEach((pool, i) => {
    const busy = pool.workers.filter((w) => w.busy).length;
    for (const [name, v] of [
      ['nr_active', pool.nrActive],
      ['worklist', pool.worklist],
      ['inactive', pool.inactive],
      ['waking', pool.waking],
    ] as const) {
      if (v < 0) bad(`pool ${i}: ${name} is negative: ${v}`);
    }
    if (pool.nrActive !== pool.worklist + busy) bad(`pool ${i}: nr_active ${pool.nrActive} ≠ worklist ${pool.worklist} + busy workers ${busy}`);
    for (const pwq of pool.pwqs) {
      const name = `pool ${i} ${pwq.wq.name}`;
      if (pwq.nrActive > pwq.maxActive) {
        const prev = opts.prevNrActive?.[i] ?? 0;
        if (!opts.maxActiveLowered) bad(`${name}: nr_active ${pwq.nrActive} > max_active ${pwq.maxActive}`);
        else if (pwq.nrActive > prev) bad(`${name}: nr_active grew to ${pwq.nrActive} over max_active ${pwq.maxActive}`);
      }
      if (pwq.inactive > 0 && pwq.nrActive < pwq.maxActive) bad(`${name}: ${pwq.inactive} inactive works with nr_active ${pwq.nrActive} < max_active ${pwq.maxActive}`);
    }
    // No lost wakeup: a pending work always has a worker on its way or a busy worker that will loop to it.
    if (pool.worklist > 0 && pool.waking === 0 && busy === 0) bad(`pool ${i}: ${pool.worklist} works pending and no worker coming`);
  });

  // exiting_task_count: +1 at do_exit, −1 before do_task_dead.
  const inDoExit = procs.filter((p) => p.state === 'do_exit').length;
  if (engine.exitingTaskCount !== inDoExit) bad(`exiting_task_count ${engine.exitingTaskCount} ≠ ${inDoExit} tasks in do_exit`);

  // Per process: nothing lost, nothing freed twice.
  let parked = 0;
  for (const p of procs) {
    parked += p.parked;
    if (p.parked < 0 || p.freedSync < 0 || p.freedAsync < 0) bad(`${p.pid}: negative counter (parked ${p.parked}, sync ${p.freedSync}, async ${p.freedAsync})`);
    if (p.gathered !== p.parked + p.freedAsync) bad(`${p.pid}: gathered ${p.gathered} ≠ parked ${p.parked} + freedAsync ${p.freedAsync}`);
    if (p.state !== 'alive' && p.freedSync + p.gathered > p.entriesAtKill) bad(`${p.pid}: freed or gathered ${p.freedSync + p.gathered} > ${p.entriesAtKill} at kill`);
    if (p.state === 'dead' && p.freedSync + p.gathered !== p.entriesAtKill) bad(`${p.pid}: dead with sync ${p.freedSync} + gathered ${p.gathered} ≠ ${p.entriesAtKill}`);
    if (p.state === 'dead' && p.mm.swapents !== 0) bad(`${p.pid}: dead with MM_SWAPENTS ${p.mm.swapents}`);
  }
  if (parked !== engine.entriesParked) bad(`Σ proc.parked ${parked} ≠ entriesParked ${engine.entriesParked}`);
  const accounted = engine.totalFreedSync + engine.totalFreedAsync + engine.entriesParked;
  if (accounted > engine.totalEntriesAtKill) bad(`freed + parked ${accounted} > entries at kill ${engine.totalEntriesAtKill}`);
  return out;
}

/** All pools quiet: nothing on the list, in flight or queued. */
export function quiescent(engine: Engine): boolean {
  return (
    engine.cacheCount === 0 &&
    engine.entriesParked === 0 &&
    engine.wq.pools.every((p) => p.nrActive === 0 && p.inactive === 0 && p.waking === 0) &&
    engine.wq.workers.every((w) => !w.busy)
  );
}
