/**
 * The shape of a device profile: CPUs (capacity relative to the profile's reference core, NUMA
 * node, cluster topology for cache-line transfers), memory, zram, and the per-operation costs.
 */
/** Costs of the exit path and of the patch's machinery, in ns at capacity 1.0. */
export interface Costs {
  /** Swap core part of free_swap_and_cache_nr per entry: swap_map, cluster, memcg uncharge, shadow. */
  readonly swapCoreNs: number;
  /** zram part per entry: zram_slot_free_notify → zs_free, with zsmalloc's pool and class locks. */
  readonly zramNs: number;
  /** Per call of free_swap_and_cache_nr (one swap run). */
  readonly runNs: number;
  /** Walking one PTE table in zap_pte_range (512 PTEs, TLB batching). */
  readonly pteTableNs: number;
  /** Everything exit_mmap does per resident page (rmap, memcg, freeing, file-backed mappings). */
  readonly presentPageNs: number;
  /** add_to_swap_gather_cache for one run: checks, kmem_cache_alloc, spin_lock_irq, list_add_tail. */
  readonly gatherAddNs: number;
  /** kmalloc of a work_struct and queue_work. */
  readonly queueWorkNs: number;
  /** A kworker waking to run a work item (scheduler and worker_thread overhead). */
  readonly workerWakeNs: number;
  /** create_worker: a new kworker kthread. */
  readonly workerCreateNs: number;
  /** A release work that finds cache_count 0: kfree(work). */
  readonly emptyWorkNs: number;
  /** Per list node in async_release_func: list walk and kmem_cache_free. */
  readonly nodeFreeNs: number;
  /** do_exit up to exit_mm (signals, exit_task counters). */
  readonly exitPrologueNs: number;
  /** do_exit after exit_mm: the thread group, binder, files, fs, exit_notify. */
  readonly exitEpilogueNs: number;
  // ---- the contention model (contention.ts) ----
  /** An atomic read-modify-write on a cache line the core already owns: the hold of a line visit. */
  readonly atomicNs: number;
  /** class->lock's critical section in zs_free (object free, fullness fix, stats) as a share of zramNs. */
  readonly zsClassHoldShare: number;
  /** Share of zramNs spent in zs_free (the rest: zram_slot_free_notify, slot lock, zram stats). */
  readonly zsFreeShare: number;
  /**
   * Line transfers per contended visit of a shared line: the one parameter fitted on a contended
   * figure (the Raspberry Pi's two processes), the same on every device.
   */
  readonly lineTransfers: number;
  /** memcg levels (below the root) the freeing tasks share: page_counter_uncharge writes each. */
  readonly memcgLevels: number;
  // ---- the alternative policies' own steps ----
  /** tlb-gather-2024: storing one swap entry in the mmu_gather's batch page. */
  readonly tlbBatchAddNs: number;
  /** Allocating (GFP_NOWAIT) or freeing one batch page. */
  readonly batchPageNs: number;
  /** zram-async-gc: marking one slot freed and queueing it for the GC. */
  readonly gcMarkNs: number;
  /** zs-deferred: appending one handle to the per-CPU buffer. */
  readonly deferHandleNs: number;
}

export interface ClusterSpec {
  readonly name: string;
  /** CPUs (hardware threads). */
  readonly count: number;
  readonly capacity: number;
  readonly node: number;
  /** A cache line moving between two cores of this cluster (core-to-core latency), ns. */
  readonly lineNs: number;
  /**
   * Hardware threads per core (SMT): the cluster's CPUs are numbered thread-major, so CPU i and
   * CPU i + count/threadsPerCore are siblings of one core. @default 1
   */
  readonly threadsPerCore?: number;
  /** A line moving between SMT siblings of one core, ns. */
  readonly smtLineNs?: number;
}

export interface Device {
  readonly name: string;
  readonly description: string;
  readonly clusters: readonly ClusterSpec[];
  readonly ramMB: number;
  readonly zramDiskMB: number;
  /** zram compression ratio (orig / compressed). */
  readonly zramRatio: number;
  /** vm.min_free_kbytes */
  readonly minFreeKbytes: number;
  /** vm.watermark_scale_factor (in 1/10000 of memory) */
  readonly watermarkScaleFactor: number;
  /** A cache line moving between cores of two clusters of one node (socket), ns. */
  readonly crossClusterLineNs: number;
  /** A cache line moving between NUMA nodes (sockets), ns. */
  readonly crossNodeLineNs: number;
  readonly costs: Costs;
}
