import {NS_PER_S, PAGE_SIZE} from '../../engine/engine.ts';
import type {AndroidKnobs} from './knobs.ts';
import type {FileGroup} from './page-cache.ts';
import type {Actor, AndroidWorld} from './world.ts';
import {DOUBLE_MINUS_ONE, DOUBLE_ZERO} from '../../engine/units.ts';

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
 * a first read is plain I/O wait. `next` runs when the data is there, with a cost object that is
 * only valid during the call. `readBefore`: pages of the group this reader already read (a
 * sequential reader; 0 for readers that come back to pages).
 */
export function readFiles(w: AndroidWorld, actor: Actor, group: FileGroup, pages: number, readBefore: number, next: (cost: ReadCost) => void): void {
  const e = w.engine;
  if (pages <= 0) {
    next(FREE);
    return;
  }
  const t = w.cache.touch(group, pages, e.nowNs, readBefore);
  if (t.refaults + t.reads === 0) {
    next(FREE);
    return;
  }
  const r = w.io.readOf(actor);
  r.start(group, t.refaults, t.reads, e.nowNs, next);
  if (w.mem.alloc(actor, t.refaults + t.reads, r.allocated)) r.allocated();
}

/**
 * The read a thread has in flight, reused from one read to the next (a task reads once at a time:
 * it goes on only when `next` has run, and a cancelled read never calls back), so that a read
 * allocates no closure or result.
 */
class FileRead {
  private group: FileGroup = 'system';
  private refaults = 0;
  private reads = 0;
  private t0 = DOUBLE_ZERO;
  private next: (cost: ReadCost) => void = () => undefined;
  private readonly cost = {memStallNs: DOUBLE_ZERO, ioNs: DOUBLE_ZERO, refaults: 0};
  /** The missing pages are allocated: they go into the cache and the task waits for storage. */
  readonly allocated = (): void => {
    const w = this.w;
    const e = w.engine;
    const allocNs = e.nowNs - this.t0;
    w.cache.add(this.group, this.refaults, true, e.nowNs);
    w.cache.add(this.group, this.reads, false, e.nowNs);
    const ns = ioNs(w.k, this.refaults + this.reads);
    const refault = this.refaults > 0;
    const c = this.cost;
    c.memStallNs = allocNs + (refault ? ns : 0);
    c.ioNs = ns;
    c.refaults = this.refaults;
    w.io.wait(this.actor, ns, refault, this.done);
  };
  private readonly done = (): void => this.next(this.cost);

  constructor(
    private readonly w: AndroidWorld,
    readonly actor: Actor,
  ) {}

  start(group: FileGroup, refaults: number, reads: number, nowNs: number, next: (cost: ReadCost) => void): void {
    this.group = group;
    this.refaults = refaults;
    this.reads = reads;
    this.t0 = nowNs;
    this.next = next;
  }
}

/** Tasks sleeping in I/O, by thread id (small and dense): each wakes with its own `io-done` event. */
export class IoWaits {
  /** When each thread's wait ends (−1: not waiting). */
  private readonly atNs: number[] = [];
  private readonly memstall: boolean[] = [];
  private readonly then: ((() => void) | null)[] = [];
  private readonly reads: (FileRead | null)[] = [];

  constructor(private readonly w: AndroidWorld) {}

  /** The actor's reusable read (a new one when another actor took over the thread: the old one may still be in flight). */
  readOf(actor: Actor): FileRead {
    const id = actor.thread.id;
    this.grow(id);
    let r = this.reads[id];
    if (!r || r.actor !== actor) {
      r = new FileRead(this.w, actor);
      this.reads[id] = r;
    }
    return r;
  }

  /** The actor is gone (its thread too): drop its reusable read. */
  forget(actor: Actor): void {
    const id = actor.thread.id;
    if (this.reads[id]?.actor === actor) this.reads[id] = null;
  }

  /** The actor sleeps in I/O for `ns` (a memory stall when it reads back evicted pages), then `then` runs. */
  wait(actor: Actor, ns: number, memstall: boolean, then: () => void): void {
    const w = this.w;
    const e = w.engine;
    w.sleep(actor);
    w.attach(actor);
    const atNs = e.nowNs + Math.max(1, ns);
    const id = actor.thread.id;
    this.grow(id);
    this.atNs[id] = atNs;
    this.memstall[id] = memstall;
    this.then[id] = then;
    if (memstall) w.mem.ioStall(1);
    e.at(atNs, 'io-done', id);
  }

  /** The actor stops waiting for its read (its task died or gave up). */
  cancel(actor: Actor): void {
    const id = actor.thread.id;
    if (!(this.atNs[id]! >= 0)) return;
    this.atNs[id] = -1;
    this.then[id] = null;
    if (this.memstall[id]) this.w.mem.ioStall(-1);
  }

  /** The 'io-done' event of thread `threadId`. */
  done(threadId: number): void {
    const atNs = this.atNs[threadId];
    if (atNs === undefined || atNs < 0 || atNs !== this.w.engine.nowNs) return;
    const then = this.then[threadId]!;
    this.atNs[threadId] = -1;
    this.then[threadId] = null;
    if (this.memstall[threadId]) this.w.mem.ioStall(-1);
    then();
  }

  /** Make room for thread `id` in the per-thread arrays. */
  private grow(id: number): void {
    while (this.atNs.length <= id) {
      this.atNs.push(DOUBLE_MINUS_ONE);
      this.memstall.push(false);
      this.then.push(null);
      this.reads.push(null);
    }
  }
}
