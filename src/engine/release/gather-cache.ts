/**
 * The machinery of v0 1/2 (mm/swapfile.c of the patch), shared by `gather` and `gather-oom`: the
 * global swap_cache_list and its spinlock, cache_count, add_to_swap_gather_cache,
 * flush_cache_if_needed, the async_swap_free workqueue and its work function async_release_func.
 * MODEL.md §2 is the reference for every rule here.
 */
import {FREE_ALL} from '../contention.ts';
import {NS_PER_S} from '../units.ts';
import type {Workqueue, Worker, WorkFn} from '../workqueue.ts';
import {freeInline} from './sync.ts';
import type {Counter, Mechanism, ReleaseContext, ZapTable} from './types.ts';
import {runSize} from '../mm.ts';
import {RunList, type RunCursor} from './run-list.ts';

export const GATHER_CACHE = 'swap_gather_cache';
/** Nodes a worker frees in one segment at most (a segment is one unit of simulated work). */
const GROUP_MAX_NODES = 64;
const HISTORY_SECONDS = 60;

type FlushReason = 'threshold' | 'oom' | 'manual';

/** What one kworker is doing in async_release_func: the list it spliced, and where it is in it. */
interface Batch extends RunCursor {
  list: RunList;
  nodesInWork: number;
}

export class SwapGatherCache implements Mechanism, WorkFn {
  /** swap_cache_list; spliced whole by a worker. */
  list = new RunList();
  /** cache_count */
  cacheCount = 0;
  cachePeak = 0;
  /** Entries on the list or in a worker's spliced batch. */
  entries = 0;
  readonly flushes = {threshold: 0, oom: 0, manual: 0};
  workQueued = 0;
  workEmpty = 0;
  /** vmstat async_swap_count */
  asyncSwapCount = 0;
  readonly allocFailures = {node: 0, work: 0};
  /** Max cache_count per simulated second, the last 60. */
  readonly history: number[] = [];
  private secondMax = 0;
  private lastThresholdLogNs = -Infinity;
  private thresholdSinceLog = 0;
  /** release_wq: WQ_UNBOUND | WQ_HIGHPRI | WQ_MEM_RECLAIM, max_active NUM_ASYNC_SWAP_WORK_ITEMS. */
  readonly wq: Workqueue;
  private readonly batches: Batch[] = [];

  /** The patch's tunables, read once and again when one changes. */
  private maxCacheEntries: number;
  private minExitingTasks: number;
  private swapentsThreshold: number;

  constructor(private readonly ctx: ReleaseContext) {
    this.wq = ctx.pools.alloc('async_swap_free', true, ctx.knob('maxActive'), this);
    this.maxCacheEntries = ctx.knob('maxCacheEntries');
    this.minExitingTasks = ctx.knob('minExitingTasks');
    this.swapentsThreshold = ctx.knob('swapentsThreshold');
  }

  /** The runs of one table: the three eligibility checks hold for a whole table; then per run. */
  zapTable(z: ZapTable): void {
    const ctx = this.ctx;
    let syncEntries = 0;
    let syncRuns = 0;
    let gathered = 0;
    if (this.eligible(z) && !ctx.log.trace && ctx.failRate('node') <= 0 && ctx.failRate('work') <= 0) {
      this.addTable(z);
      return;
    }
    if (this.eligible(z)) {
      const c = ctx.costs;
      for (let j = 0; j < z.runs; j++) {
        const nr = runSize(z.swap, z.runs, j);
        const q = this.add(z, nr);
        if (q < 0) {
          syncEntries += nr;
          syncRuns++;
        } else {
          gathered += nr;
          z.extraWork += c.gatherAddNs + q * c.queueWorkNs;
        }
      }
    } else {
      syncEntries = z.swap;
      syncRuns = z.runs;
    }
    freeInline(ctx, z, syncEntries, syncRuns);
    if (gathered > 0 && ctx.log.trace) ctx.log.ev('zap_pte_range', z.proc.pid, `table=${z.table} gathered=${gathered} sync=${syncEntries}`);
  }

  /**
   * Every run of the table goes on the list, one add_to_swap_gather_cache each, as the loop above
   * does when no allocation can fail and nothing is traced: the same list, counters, queued works,
   * log lines and work, without a call per run.
   */
  private addTable(z: ZapTable): void {
    const ctx = this.ctx;
    const runs = z.runs;
    if (runs === 0) return;
    this.list.push(z.proc.pid, z.swap, runs);
    const before = this.cacheCount;
    this.cacheCount += runs;
    this.entries += z.swap;
    ctx.defer(z.proc, z.swap);
    if (this.cacheCount > this.cachePeak) this.cachePeak = this.cacheCount;
    if (this.cacheCount > this.secondMax) this.secondMax = this.cacheCount;
    // The adds that find cache_count >= max_cache_entries each queue a work.
    const firstQueuing = Math.max(this.maxCacheEntries, before + 1);
    const works = Math.max(0, this.cacheCount - firstQueuing + 1);
    if (works > 0) {
      this.flushes.threshold += works;
      this.workQueued += works;
      this.logFlush('threshold', z.node, firstQueuing, works);
      ctx.pools.queueWorks(this.wq, z.node, works);
    }
    z.extraWork += runs * ctx.costs.gatherAddNs + works * ctx.costs.queueWorkNs;
  }

  /** MIN_EXITING_TASKS_THRESHOLD, task_is_dying() (a reaper is not), MM_SWAPENTS >= 100 * SWAP_CLUSTER_MAX. */
  private eligible(z: ZapTable): boolean {
    if (this.ctx.exitingTasks() < this.minExitingTasks) return false;
    if (!z.dying) return false;
    return z.proc.mm.swapents >= this.swapentsThreshold;
  }

  /** add_to_swap_gather_cache: −1 when the run must be freed synchronously, else the works queued. */
  private add(z: ZapTable, nr: number): number {
    const ctx = this.ctx;
    const proc = z.proc;
    if (ctx.allocRng.chance(ctx.failRate('node'))) {
      this.allocFailures.node++;
      ctx.log.log('alloc-fail', `kmem_cache_alloc(swap_entry_cache) failed: ${proc.comm} frees ${nr} entries inline`);
      if (ctx.log.trace) ctx.log.ev('kmem_cache_alloc_failed', proc.pid, `nr=${nr}`);
      return -1;
    }
    this.list.push(proc.pid, nr, 1);
    this.cacheCount++;
    this.entries += nr;
    ctx.defer(proc, nr);
    if (this.cacheCount > this.cachePeak) this.cachePeak = this.cacheCount;
    if (this.cacheCount > this.secondMax) this.secondMax = this.cacheCount;
    return this.flushIfNeeded(true, z.node, 'threshold');
  }

  /** flush_cache_if_needed(): queue a release work when the list is long enough (or forced). */
  flushIfNeeded(checkCount: boolean, node: number, reason: FlushReason): number {
    const ctx = this.ctx;
    if (!((!checkCount && this.cacheCount > 0) || this.cacheCount >= this.maxCacheEntries)) return 0;
    this.flushes[reason]++;
    if (ctx.allocRng.chance(ctx.failRate('work'))) {
      this.allocFailures.work++;
      ctx.log.log('alloc-fail', `kmalloc(work_struct) failed: ${this.cacheCount} runs wait for the next trigger`);
      if (ctx.log.trace) ctx.log.ev('kmalloc_work_failed', undefined, `cache_count=${this.cacheCount}`);
      return 0;
    }
    this.workQueued++;
    if (ctx.log.trace) ctx.log.ev('queue_work', undefined, `${reason} node=${node} cache_count=${this.cacheCount}`);
    this.logFlush(reason, node);
    ctx.pools.queueWork(this.wq, node);
    return 1;
  }

  forceFlush(reason: 'manual' | 'oom', node: number): number {
    return this.flushIfNeeded(false, node, reason);
  }

  pending(): number {
    return this.entries;
  }

  /** NUM_ASYNC_SWAP_WORK_ITEMS: max_active of async_swap_free. */
  paramChanged(key: string): void {
    if (key === 'maxActive') this.ctx.pools.setMaxActive(this.wq, this.ctx.knob('maxActive'));
    this.maxCacheEntries = this.ctx.knob('maxCacheEntries');
    this.minExitingTasks = this.ctx.knob('minExitingTasks');
    this.swapentsThreshold = this.ctx.knob('swapentsThreshold');
  }

  tick(): void {
    this.history.push(Math.max(this.secondMax, this.cacheCount));
    if (this.history.length > HISTORY_SECONDS) this.history.shift();
    this.secondMax = this.cacheCount;
  }

  /**
   * Threshold flushes come by the thousand: the log gets at most one line per simulated second.
   * `cacheCount` is cache_count at the add that queued; `works` adds queued at one instant log at most once.
   */
  private logFlush(reason: FlushReason, node: number, cacheCount = this.cacheCount, works = 1): void {
    const log = this.ctx.log;
    if (reason !== 'threshold') {
      const what = reason === 'oom' ? 'OOM path' : 'manual';
      log.log(reason === 'oom' ? 'oom' : 'flush', `flush (${what}): cache_count ${cacheCount} → queue_work on node ${node}`);
      return;
    }
    const now = this.ctx.clock.ns;
    const n = ++this.thresholdSinceLog;
    this.thresholdSinceLog += works - 1;
    if (now - this.lastThresholdLogNs < NS_PER_S) return;
    log.log('flush', `flush (threshold): cache_count ${cacheCount} → queue_work on node ${node}${n > 1 ? ` (${n} since the last line)` : ''}`);
    this.lastThresholdLogNs = now;
    this.thresholdSinceLog = works - 1;
  }

  // ---- async_release_func ------------------------------------------------------------------------

  private batchOf(w: Worker): Batch {
    let b = this.batches[w.index];
    if (!b) {
      b = {list: new RunList(), rec: 0, off: 0, endRec: 0, endOff: 0, groupNodes: 0, groupEntries: 0, nodesInWork: 0};
      this.batches[w.index] = b;
    }
    return b;
  }

  /** Entries in workers' spliced batches, not yet freed. */
  entriesInWorkers(): number {
    let n = 0;
    for (const b of this.batches) if (b) n += b.list.entriesFrom(b);
    return n;
  }

  start(w: Worker): number {
    const ctx = this.ctx;
    const b = this.batchOf(w);
    if (this.cacheCount === 0) {
      this.workEmpty++;
      if (ctx.log.trace) ctx.log.ev('async_release_func', undefined, `${w.name} empty`);
      b.list.clear();
      b.rec = 0;
      b.off = 0;
      w.segZram = false;
      return ctx.costs.emptyWorkNs;
    }
    // The worker takes the list; the list goes on in the worker's emptied buffers (no allocation).
    const emptied = b.list;
    emptied.clear();
    b.list = this.list;
    b.rec = 0;
    b.off = 0;
    this.list = emptied;
    if (ctx.log.trace) ctx.log.ev('async_release_func', undefined, `${w.name} spliced ${this.cacheCount}`);
    this.cacheCount = 0;
    return this.startGroup(w, b);
  }

  next(w: Worker): number {
    const b = this.batchOf(w);
    if (b.rec < b.list.records) {
      this.finishGroup(w, b);
      if (b.rec < b.list.records) return this.startGroup(w, b);
    }
    if (b.nodesInWork > 0) {
      // count_vm_events(ASYNC_SWAP_COUNTS, counts)
      this.asyncSwapCount += b.nodesInWork;
      if (this.ctx.log.trace) this.ctx.log.ev('async_swap_count', undefined, `${w.name} +${b.nodesInWork}`);
    }
    b.nodesInWork = 0;
    b.list.clear();
    b.rec = 0;
    b.off = 0;
    return -1;
  }

  /** Free the next group of list nodes (consecutive nodes of one task, at most GROUP_MAX_NODES). */
  private startGroup(w: Worker, b: Batch): number {
    const ctx = this.ctx;
    b.list.group(b, GROUP_MAX_NODES);
    w.segZram = true;
    return b.groupNodes * ctx.costs.nodeFreeNs + ctx.free.cost(w.thread.cpu, b.groupEntries, b.groupNodes, FREE_ALL);
  }

  private finishGroup(w: Worker, b: Batch): void {
    const ctx = this.ctx;
    const pid = b.list.pid(b.rec);
    const nodes = b.groupNodes;
    const entries = b.groupEntries;
    b.rec = b.endRec;
    b.off = b.endOff;
    b.nodesInWork += nodes;
    ctx.pools.credit(w, entries);
    this.entries -= entries;
    ctx.mem.freeSlots(entries);
    ctx.mem.freeZram(entries);
    ctx.deferredFreed(pid, entries);
  }

  counters(): Counter[] {
    return [
      {name: 'cache_count', value: this.cacheCount, unit: 'runs'},
      {name: 'max_cache_entries', value: this.maxCacheEntries, unit: 'runs'},
      {name: 'entries parked', value: this.entries, unit: 'entries'},
      {name: 'zram memory held', value: Math.round(this.ctx.mem.zramBytes(this.entries)), unit: 'bytes'},
      {name: 'async_swap_count', value: this.asyncSwapCount, unit: 'runs'},
      {name: 'works queued', value: this.workQueued, unit: 'works'},
      {name: 'empty works', value: this.workEmpty, unit: 'works'},
    ];
  }
}
