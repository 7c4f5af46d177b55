import {NS_PER_S, PAGE_SIZE} from '../../engine/engine.ts';
import type {AndroidKnobs} from './knobs.ts';
import type {FileGroup} from './page-cache.ts';
import type {Actor, AndroidWorld} from './world.ts';
import {DOUBLE_ZERO} from '../../engine/units.ts';

const MB = 1024 * 1024;

/** How long a read of `pages` a task needs takes on the phone's storage, ns. */
export function ioNs(k: AndroidKnobs, pages: number): number {
  if (pages <= 0) return 0;
  const requests = Math.ceil(pages / Math.max(1, k.ioPagesPerRequest));
  return Math.round(requests * k.ioLatencyUs * 1000 + (pages * PAGE_SIZE * NS_PER_S) / (k.ioReadMBps * MB));
}

/** What a read cost its task: time stalled on memory (allocation, refault I/O) and time in I/O. */
export interface ReadCost {
  readonly memStallNs: number;
  readonly ioNs: number;
  readonly refaults: number;
}

const FREE: ReadCost = {memStallNs: DOUBLE_ZERO, ioNs: DOUBLE_ZERO, refaults: 0};

/**
 * `actor` touches `pages` of a file group (filemap_fault / filemap_read): hits cost nothing here;
 * the missing pages are allocated through the page allocator (which may stall in direct reclaim),
 * added to the page cache and read from storage while the task sleeps. A read that brings back
 * evicted pages (a refault) is a memory stall for PSI (psi_memstall_enter in filemap_read_folio);
 * a first read is plain I/O wait. `next` runs when the data is there. `readBefore`: pages of the
 * group this reader already read (a sequential reader; 0 for readers that come back to pages).
 */
export function readFiles(w: AndroidWorld, actor: Actor, group: FileGroup, pages: number, readBefore: number, next: (cost: ReadCost) => void): void {
  const e = w.engine;
  if (pages <= 0) {
    next(FREE);
    return;
  }
  const t = w.cache.touch(group, pages, e.nowNs, readBefore);
  const miss = t.refaults + t.reads;
  if (miss === 0) {
    next(FREE);
    return;
  }
  const t0 = e.nowNs;
  const read = (): void => {
    const allocNs = e.nowNs - t0;
    w.cache.add(group, t.refaults, true, e.nowNs);
    w.cache.add(group, t.reads, false, e.nowNs);
    const ns = ioNs(w.k, miss);
    const refault = t.refaults > 0;
    w.io.wait(actor, ns, refault, () => next({memStallNs: allocNs + (refault ? ns : 0), ioNs: ns, refaults: t.refaults}));
  };
  if (w.mem.alloc(actor, miss, read)) read();
}

interface IoWait {
  readonly atNs: number;
  readonly memstall: boolean;
  readonly then: () => void;
}

/** Tasks sleeping in I/O, by thread: each wakes with its own `io-done` event. */
export class IoWaits {
  private readonly waits = new Map<number, IoWait>();

  constructor(private readonly w: AndroidWorld) {}

  /** The actor sleeps in I/O for `ns` (a memory stall when it reads back evicted pages), then `then` runs. */
  wait(actor: Actor, ns: number, memstall: boolean, then: () => void): void {
    const w = this.w;
    const e = w.engine;
    w.sleep(actor);
    w.attach(actor);
    const atNs = e.nowNs + Math.max(1, ns);
    this.waits.set(actor.thread.id, {atNs, memstall, then});
    if (memstall) w.mem.ioStall(1);
    e.at(atNs, 'io-done', actor.thread.id);
  }

  /** The actor stops waiting for its read (its task died or gave up). */
  cancel(actor: Actor): void {
    const io = this.waits.get(actor.thread.id);
    if (!io) return;
    this.waits.delete(actor.thread.id);
    if (io.memstall) this.w.mem.ioStall(-1);
  }

  /** The 'io-done' event of thread `threadId`. */
  done(threadId: number): void {
    const io = this.waits.get(threadId);
    if (!io || io.atNs !== this.w.engine.nowNs) return;
    this.waits.delete(threadId);
    if (io.memstall) this.w.mem.ioStall(-1);
    io.then();
  }
}
