import {PART_CORE, PART_CORE_LINES, PART_MARK, PART_SLOT, PART_ZS} from '../contention.ts';
import {NS_PER_MS} from '../units.ts';
import type {Workqueue, Worker, WorkFn} from '../workqueue.ts';
import {Backlog} from './backlog.ts';
import {definePolicy, type Counter, type Mechanism, type ReleaseContext, type ReleasePolicy, type ZapTable} from './types.ts';

/**
 * `zram-async-gc` (a 2026 proposal): zram_slot_free_notify only marks the slot freed and queues it
 * for a garbage collector; a GC work on the unbound workqueue (system_unbound_wq, nice 0) later
 * does what zram_free_page did inline: zram's stats and zs_free under zsmalloc's locks. Every
 * free goes this way (the dying task, a reaper, a munmap): the caller pays only the swap core part
 * and the mark. The swap slot is free at once; the zram memory stays held until the GC runs.
 *
 * Parameters: gcBatchEntries (4096: the GC is queued at once when this many slots wait) and
 * gcDelayMs (10: otherwise it runs this long after the first slot was marked, like a delayed work).
 * Both are estimates of what such a GC would use. A forced flush and the OOM path queue the GC now.
 */
export const zramAsyncGcPolicy = definePolicy({
  name: 'zram-async-gc',
  description: 'zram marks freed slots and a GC worker does zs_free later: the exit pays only the swap core part',
  knobs: {
    gcBatchEntries: {doc: 'zram-async-gc: marked slots that queue the GC at once', default: 4096, min: 1, max: 1 << 26, integer: true},
    gcDelayMs: {doc: 'zram-async-gc: delay of the GC after the first marked slot, ms', default: 10, min: 0, max: 60_000, integer: false},
  },
  create: (ctx) => ({
    gc: ctx.mechanism(ZRAM_GC, () => new ZramGc(ctx)),
    zapTable(z: ZapTable): void {
      this.gc.mark(z);
    },
    oomPath(node: number): number {
      return this.gc.forceFlush('oom', node);
    },
    counters(): readonly Counter[] {
      return this.gc.counters();
    },
  }) satisfies ReleasePolicy & {gc: ZramGc},
});

const ZRAM_GC = 'zram_gc';
/** Entries the GC frees in one segment at most (a segment is one unit of simulated work). */
const GC_SEGMENT = 4096;

export class ZramGc implements Mechanism, WorkFn {
  readonly backlog = new Backlog();
  private readonly wq: Workqueue;
  /**
   * The GC work is queued or running. A work item never runs on two workers at once, and the
   * running GC loops until the backlog is empty, so marks made meanwhile need no new queue_work.
   */
  private active = false;
  private timerArmed = false;
  private segment = 0;
  gcRuns = 0;
  freedByGc = 0;

  constructor(private readonly ctx: ReleaseContext) {
    this.wq = ctx.pools.system();
  }

  /** The table's swap entries: swap core inline, the zram slots marked for the GC. */
  mark(z: ZapTable): void {
    const ctx = this.ctx;
    z.slotEntries += z.swap;
    z.freeWork += ctx.free.cost(z.cpu, z.swap, z.runs, PART_CORE | PART_CORE_LINES | PART_MARK);
    z.zramWork += ctx.free.zramWork;
    ctx.defer(z.proc, z.swap);
    this.backlog.push(z.proc.pid, z.swap, z.runs);
    if (this.backlog.total >= ctx.knob('gcBatchEntries')) this.queue(z.node);
    else if (!this.timerArmed && !this.active) {
      this.timerArmed = true;
      const node = z.node;
      ctx.after(ctx.knob('gcDelayMs') * NS_PER_MS, () => {
        this.timerArmed = false;
        if (!this.backlog.empty) this.queue(node);
      });
    }
  }

  /** queue_work of the GC's one work_struct: nothing when it is already pending. */
  private queue(node: number): number {
    if (this.active) return 0;
    this.active = true;
    if (this.ctx.log.trace) this.ctx.log.ev('queue_work', undefined, `zram_gc node=${node} backlog=${this.backlog.total}`);
    this.ctx.pools.queueWork(this.wq, node, this);
    return 1;
  }

  forceFlush(_reason: 'manual' | 'oom', node: number): number {
    return this.backlog.empty ? 0 : this.queue(node);
  }

  pending(): number {
    return this.backlog.total + this.segment;
  }

  start(w: Worker): number {
    this.gcRuns++;
    if (this.ctx.log.trace) this.ctx.log.ev('zram_gc', undefined, `${w.name} backlog=${this.backlog.total}`);
    return this.startSegment(w);
  }

  next(w: Worker): number {
    this.finishSegment(w);
    if (!this.backlog.empty) return this.startSegment(w);
    this.active = false;
    return -1;
  }

  private startSegment(w: Worker): number {
    if (!this.backlog.take(GC_SEGMENT)) {
      w.segZram = false;
      return this.ctx.costs.emptyWorkNs;
    }
    this.segment = this.backlog.takenEntries;
    w.segZram = true;
    return this.ctx.free.cost(w.thread.cpu, this.segment, 0, PART_SLOT | PART_ZS);
  }

  private finishSegment(w: Worker): void {
    const n = this.segment;
    if (n === 0) return;
    this.segment = 0;
    this.freedByGc += n;
    this.ctx.pools.credit(w, n);
    this.ctx.mem.freeZram(n);
    this.ctx.deferredFreed(this.backlog.takenPid, n);
  }

  counters(): Counter[] {
    const held = this.pending();
    return [
      {name: 'gc backlog', value: held, unit: 'entries'},
      {name: 'zram memory held', value: Math.round(this.ctx.mem.zramBytes(held)), unit: 'bytes'},
      {name: 'gc runs', value: this.gcRuns, unit: 'works'},
      {name: 'freed by gc', value: this.freedByGc, unit: 'entries'},
    ];
  }
}
