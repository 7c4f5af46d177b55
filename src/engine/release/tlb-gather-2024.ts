import {FREE_ALL} from '../contention.ts';
import type {Proc} from '../proc.ts';
import type {Workqueue, Worker, WorkFn} from '../workqueue.ts';
import {Backlog} from './backlog.ts';
import {freeInline} from './sync.ts';
import {definePolicy, type Counter, type Mechanism, type ReleaseContext, type ReleasePolicy, type ZapTable} from './types.ts';

/**
 * `tlb-gather-2024`: the earlier attempt by the same company (2024, "mm: batch/async release of
 * swap entries of an exiting process" through the mmu_gather). While a task exits, the swap
 * entries its own zap finds are stored, one swp_entry_t each, in batch pages chained to its
 * mmu_gather (TLB_SWAP_BATCH: 510 entries per page, allocated GFP_NOWAIT; a failed allocation frees
 * inline). Only when at least 2 tasks are exiting and MM_SWAPENTS ≥ SWAP_CLUSTER_MAX (32); a
 * reaper and a munmap free inline. The chain is handed to one unbound HIGHPRI workqueue with
 * max_active 1 when it reaches tlbBatchPages pages and at tlb_finish_mmu; its worker frees the
 * entries (free_swap_and_cache_nr per run) and the pages, chain after chain.
 *
 * Parameters: tlbMinExitingTasks (2), tlbSwapentsThreshold (32), tlbBatchPages (19, as
 * MAX_GATHER_BATCH_COUNT caps the mmu_gather's own page batches: 10000 / 510). The 2024 series has
 * no OOM-path hook; a forced flush (`f`) hands every exiting task's chain to the worker at once.
 */
export const tlbGather2024Policy = definePolicy({
  name: 'tlb-gather-2024',
  description: "2024: an exiting task's swap entries batched in its mmu_gather, freed by one HIGHPRI worker (max_active 1)",
  knobs: {
    tlbMinExitingTasks: {doc: 'tlb-gather-2024: exiting tasks needed to batch', default: 2, min: 0, max: 100_000, integer: true},
    tlbSwapentsThreshold: {doc: 'tlb-gather-2024: MM_SWAPENTS needed to batch', default: 32, min: 0, max: 1 << 30, integer: true},
    tlbBatchPages: {doc: 'tlb-gather-2024: batch pages an mmu_gather holds before handing them off', default: 19, min: 1, max: 1 << 20, integer: true},
  },
  create: (ctx) => ({
    tlb: ctx.mechanism(TLB_BATCHES, () => new TlbSwapBatches(ctx)),
    zapTable(z: ZapTable): void {
      this.tlb.zapTable(z);
    },
    oomPath(): number {
      return 0;
    },
    counters(): readonly Counter[] {
      return this.tlb.counters();
    },
  }) satisfies ReleasePolicy & {tlb: TlbSwapBatches},
});

const TLB_BATCHES = 'tlb_swap_batches';
/** swp_entry_t per batch page: (PAGE_SIZE − the batch header) / 8, as MAX_GATHER_BATCH. */
const TLB_SWAP_BATCH = 510;
/** Entries a worker frees in one segment at most. */
const SEGMENT = 8192;

/** A chain of batch pages: the entries and the pages holding them. */
interface Chain {
  readonly entries: Backlog;
  pages: number;
}

export class TlbSwapBatches implements Mechanism, WorkFn {
  /** Each exiting task's mmu_gather chain, by pid. */
  private readonly gathers = new Map<number, Chain>();
  /** Chains handed off, per node, in order. */
  private readonly queued: Chain[][];
  private readonly running: (Chain | null)[] = [];
  /** Entries in each worker's current segment. */
  private readonly segmentEntries: number[] = [];
  private readonly wq: Workqueue;
  pages = 0;
  chainsQueued = 0;
  allocFailures = 0;

  constructor(private readonly ctx: ReleaseContext) {
    this.queued = Array.from({length: ctx.pools.nodeCount}, () => []);
    this.wq = ctx.pools.alloc('tlb_swap_free', true, 1, this);
  }

  zapTable(z: ZapTable): void {
    const ctx = this.ctx;
    if (!z.dying || ctx.exitingTasks() < ctx.knob('tlbMinExitingTasks') || z.proc.mm.swapents < ctx.knob('tlbSwapentsThreshold')) {
      freeInline(ctx, z, z.swap, z.runs);
      return;
    }
    let chain = this.gathers.get(z.proc.pid);
    if (!chain) {
      chain = {entries: new Backlog(), pages: 0};
      this.gathers.set(z.proc.pid, chain);
    }
    // Pages for the new entries, one GFP_NOWAIT allocation each; the first failure frees the rest inline.
    let room = chain.pages * TLB_SWAP_BATCH - chain.entries.total;
    let batched = z.swap;
    let newPages = 0;
    while (room < batched) {
      if (ctx.allocRng.chance(ctx.failRate('work'))) {
        this.allocFailures++;
        batched = room;
        break;
      }
      chain.pages++;
      this.pages++;
      newPages++;
      room += TLB_SWAP_BATCH;
    }
    const runs = batched === z.swap ? z.runs : Math.max(batched > 0 ? 1 : 0, Math.round((z.runs * batched) / z.swap));
    if (batched > 0) {
      chain.entries.push(z.proc.pid, batched, runs);
      ctx.defer(z.proc, batched);
      z.extraWork += batched * ctx.costs.tlbBatchAddNs + newPages * ctx.costs.batchPageNs;
    }
    freeInline(ctx, z, z.swap - batched, z.runs - runs);
    if (chain.pages >= ctx.knob('tlbBatchPages')) this.handOff(z.proc.pid, chain, z.node);
  }

  /** tlb_finish_mmu: the task's last batch pages go to the worker. */
  zapDone(proc: Proc, node: number): void {
    const chain = this.gathers.get(proc.pid);
    if (chain) this.handOff(proc.pid, chain, node);
  }

  private handOff(pid: number, chain: Chain, node: number): void {
    this.gathers.delete(pid);
    if (chain.entries.empty && chain.pages === 0) return;
    this.queued[node]!.push(chain);
    this.chainsQueued++;
    if (this.ctx.log.trace) this.ctx.log.ev('queue_work', undefined, `tlb_swap_free node=${node} pages=${chain.pages} entries=${chain.entries.total}`);
    this.ctx.pools.queueWork(this.wq, node);
  }

  /** `f`: every exiting task's chain goes to the worker now (the task starts a new one). */
  forceFlush(_reason: 'manual' | 'oom', node: number): number {
    let works = 0;
    for (const [pid, chain] of [...this.gathers]) {
      if (chain.entries.empty) continue;
      this.handOff(pid, chain, node);
      works++;
    }
    return works;
  }

  pending(): number {
    let n = 0;
    for (const c of this.gathers.values()) n += c.entries.total;
    for (const q of this.queued) for (const c of q) n += c.entries.total;
    for (const c of this.running) if (c) n += c.entries.total;
    for (const e of this.segmentEntries) n += e ?? 0;
    return n;
  }

  start(w: Worker): number {
    const chain = this.queued[w.node]!.shift() ?? null;
    this.running[w.index] = chain;
    if (this.ctx.log.trace) this.ctx.log.ev('tlb_swap_free', undefined, `${w.name} entries=${chain?.entries.total ?? 0}`);
    return this.segment(w, chain);
  }

  next(w: Worker): number {
    const chain = this.running[w.index] ?? null;
    const n = this.segmentEntries[w.index] ?? 0;
    if (n > 0) {
      this.segmentEntries[w.index] = 0;
      this.ctx.pools.credit(w, n);
      this.ctx.mem.freeSlots(n);
      this.ctx.mem.freeZram(n);
      this.ctx.deferredFreed(chain!.entries.takenPid, n);
    }
    if (chain && !chain.entries.empty) return this.segment(w, chain);
    if (chain) {
      this.pages -= chain.pages;
      this.running[w.index] = null;
    }
    return -1;
  }

  /** Free the next entries of one task from the chain; the last segment also frees the pages. */
  private segment(w: Worker, chain: Chain | null): number {
    const ctx = this.ctx;
    if (!chain || !chain.entries.take(SEGMENT)) {
      w.segZram = false;
      return ctx.costs.emptyWorkNs + (chain ? chain.pages * ctx.costs.batchPageNs : 0);
    }
    const b = chain.entries;
    this.segmentEntries[w.index] = b.takenEntries;
    w.segZram = true;
    const pagesFreed = b.empty ? chain.pages * ctx.costs.batchPageNs : 0;
    return ctx.free.cost(w.thread.cpu, b.takenEntries, b.takenRuns, FREE_ALL) + pagesFreed;
  }

  counters(): Counter[] {
    const held = this.pending();
    return [
      {name: 'entries batched', value: held, unit: 'entries'},
      {name: 'batch pages', value: this.pages, unit: 'pages'},
      {name: 'batches queued', value: this.queued.reduce((n, q) => n + q.length, 0), unit: 'chains'},
      {name: 'batch page alloc failures', value: this.allocFailures, unit: 'pages'},
      {name: 'zram memory held', value: Math.round(this.ctx.mem.zramBytes(held)), unit: 'bytes'},
    ];
  }
}
