import {PART_CORE, PART_CORE_LINES, PART_SLOT, PART_ZS} from '../contention.ts';
import type {Workqueue, Worker, WorkFn} from '../workqueue.ts';
import {Backlog} from './backlog.ts';
import {definePolicy, type Counter, type Mechanism, type ReleaseContext, type ReleasePolicy, type ZapTable} from './types.ts';

/**
 * `zs-deferred` (a 2026 proposal): zs_free is deferred. Each CPU has a one-page buffer of handles
 * (512); zram_free_page appends the handle instead of calling zs_free. A full buffer is swapped for
 * a fresh page from a small pool and queued to an unbound worker (system_unbound_wq, nice 0) that
 * drains it (zs_free on each handle, in order) and gives the page back to the pool. When the pool
 * is empty the full buffer stays and the caller calls zs_free itself, synchronously. Every free
 * goes this way (the dying task, a reaper, a munmap); the swap core part and zram's own part stay
 * inline. The swap slot is free at once; the zsmalloc memory is held until the drain.
 *
 * Parameters: zsPoolPages (8, an estimate of "a small pool") and zsBufferHandles (512: one page of
 * handles). A forced flush and the OOM path queue every non-empty buffer now.
 */
export const zsDeferredPolicy = definePolicy({
  name: 'zs-deferred',
  description: 'per-CPU buffers of deferred zs_free drained by an unbound worker; synchronous when the pool is empty',
  knobs: {
    zsPoolPages: {doc: 'zs-deferred: spare buffer pages in the pool', default: 8, min: 0, max: 1 << 20, integer: true},
    zsBufferHandles: {doc: 'zs-deferred: handles per buffer page', default: 512, min: 1, max: 1 << 20, integer: true},
  },
  create: (ctx) => ({
    zs: ctx.mechanism(ZS_DEFERRED, () => new ZsDeferred(ctx)),
    zapTable(z: ZapTable): void {
      this.zs.zapTable(z);
    },
    oomPath(node: number): number {
      return this.zs.forceFlush('oom', node);
    },
    counters(): readonly Counter[] {
      return this.zs.counters();
    },
  }) satisfies ReleasePolicy & {zs: ZsDeferred},
});

const ZS_DEFERRED = 'zs_deferred';

export class ZsDeferred implements Mechanism, WorkFn {
  /** Each CPU's current buffer; null when it gave its page away and the pool had none. */
  private readonly buffers: (Backlog | null)[];
  /** Pages free in the pool. */
  poolFree: number;
  /** Full (or flushed) buffers waiting for the drain, per node, in the order they were queued. */
  private readonly queued: Backlog[][];
  /** The buffer each worker is draining. */
  private readonly draining: (Backlog | null)[] = [];
  private readonly wq: Workqueue;
  buffersQueued = 0;
  drained = 0;
  /** Entries whose zs_free the caller did itself because the pool was empty. */
  syncFrees = 0;

  constructor(private readonly ctx: ReleaseContext) {
    this.buffers = Array.from({length: ctx.sched.count}, () => new Backlog());
    this.poolFree = ctx.knob('zsPoolPages');
    this.queued = Array.from({length: ctx.pools.nodeCount}, () => []);
    this.wq = ctx.pools.system();
  }

  zapTable(z: ZapTable): void {
    const ctx = this.ctx;
    const cpu = Math.max(0, z.cpu);
    const cap = ctx.knob('zsBufferHandles');
    let left = z.swap;
    let deferred = 0;
    while (left > 0) {
      let buf = this.buffers[cpu] ?? this.refill(cpu);
      if (!buf) break;
      if (buf.total >= cap) {
        if (this.poolFree === 0) break;
        this.handOff(cpu, buf, z.node);
        buf = this.refill(cpu)!;
      }
      const n = Math.min(cap - buf.total, left);
      buf.push(z.proc.pid, n, 0);
      deferred += n;
      left -= n;
      // A buffer that just filled is swapped for a fresh page at once, if the pool has one.
      if (buf.total >= cap && this.poolFree > 0) this.handOff(cpu, buf, z.node);
    }
    const sync = left;
    this.syncFrees += sync;
    z.syncEntries += sync;
    z.slotEntries += deferred;
    if (deferred > 0) ctx.defer(z.proc, deferred);
    let work = ctx.free.cost(z.cpu, z.swap, z.runs, PART_CORE | PART_CORE_LINES | PART_SLOT);
    let zram = ctx.free.zramWork;
    if (sync > 0) {
      work += ctx.free.cost(z.cpu, sync, 0, PART_ZS);
      zram += ctx.free.zramWork;
    }
    z.freeWork += work + deferred * ctx.costs.deferHandleNs;
    z.zramWork += zram + deferred * ctx.costs.deferHandleNs;
    z.zram = true;
  }

  /** A CPU without a buffer takes a page from the pool, if there is one. */
  private refill(cpu: number): Backlog | null {
    if (this.poolFree === 0) {
      this.buffers[cpu] = null;
      return null;
    }
    this.poolFree--;
    const buf = new Backlog();
    this.buffers[cpu] = buf;
    return buf;
  }

  /** The buffer goes to the drain queue of the node; the CPU is left without one until it refills. */
  private handOff(cpu: number, buf: Backlog, node: number): void {
    this.buffers[cpu] = null;
    this.queued[node]!.push(buf);
    this.buffersQueued++;
    if (this.ctx.log.trace) this.ctx.log.ev('queue_work', undefined, `zs_deferred node=${node} cpu=${cpu} handles=${buf.total}`);
    this.ctx.pools.queueWork(this.wq, node, this);
  }

  forceFlush(_reason: 'manual' | 'oom', node: number): number {
    let works = 0;
    this.buffers.forEach((buf, cpu) => {
      if (buf && !buf.empty) {
        this.handOff(cpu, buf, node);
        this.refill(cpu);
        works++;
      }
    });
    return works;
  }

  pending(): number {
    let n = 0;
    for (const b of this.buffers) if (b) n += b.total;
    for (const q of this.queued) for (const b of q) n += b.total;
    for (const b of this.draining) if (b) n += b.total;
    return n;
  }

  start(w: Worker): number {
    const buf = this.queued[w.node]!.shift();
    if (!buf) {
      w.segZram = false;
      return this.ctx.costs.emptyWorkNs;
    }
    this.draining[w.index] = buf;
    if (this.ctx.log.trace) this.ctx.log.ev('zs_deferred_drain', undefined, `${w.name} handles=${buf.total}`);
    w.segZram = true;
    return this.ctx.free.cost(w.thread.cpu, buf.total, 0, PART_ZS) + this.ctx.costs.batchPageNs;
  }

  /** The buffer is drained: every handle's task gets its entries back, the page goes to the pool. */
  next(w: Worker): number {
    const buf = this.draining[w.index];
    if (!buf) return -1;
    const n = buf.total;
    while (buf.take(Infinity)) this.ctx.deferredFreed(buf.takenPid, buf.takenEntries);
    this.draining[w.index] = null;
    this.drained += n;
    this.ctx.pools.credit(w, n);
    this.ctx.mem.freeZram(n);
    this.poolFree++;
    return -1;
  }

  counters(): Counter[] {
    const held = this.pending();
    return [
      {name: 'deferred handles', value: held, unit: 'entries'},
      {name: 'pool pages free', value: this.poolFree, unit: 'pages'},
      {name: 'buffers queued', value: this.queued.reduce((n, q) => n + q.length, 0), unit: 'buffers'},
      {name: 'zs_free inline (pool empty)', value: this.syncFrees, unit: 'entries'},
      {name: 'zram memory held', value: Math.round(this.ctx.mem.zramBytes(held)), unit: 'bytes'},
    ];
  }
}
