/**
 * Contention on the free path of a swap entry, built from what concurrent frees share (MODEL.md §7).
 *
 * Resources. Each shared cache line or lock the free path writes is a station with a hold time (the
 * work done while owning it, ns at capacity 1.0, slower on a slower core) and a visit count per
 * freed entry:
 *   zram stats line      2 visits/entry  1.5 × atomicNs notify_free before zs_free; compr_data_size
 *                                                      and pages_stored after it
 *   pool->lock line      2 visits/entry  atomicNs       read_lock and read_unlock (an atomic each)
 *   class->lock (each)   p_c per entry   zsClassHoldShare × zramNs   the object's size class
 *   pages_allocated      Σ p_c/objs_c    atomicNs       only when a zspage empties
 * and, once per run of entries, nr_swap_pages and si->inuse_pages (swap core) and one page_counter
 * per shared memcg level. The swap cluster lock and the slot's own lock are private to one exiting
 * task in practice and are not stations. A resource with a zero hold is not visited at all, so with
 * zero holds the model is the uncontended cost.
 *
 * Transfers. A visit to a line another core wrote last moves the line: `lineTransfers` transfers of
 * the core-to-core latency between the two (same cluster < across clusters < across sockets, per
 * device profile). The line was last written by another core with probability 1 − e^−(N−1) for a
 * line every freeing core visits regularly (N cores visiting at the same rate, Poisson in time) and
 * (N − 1)/N for a class line, whose visits are random in class. The line is busy while it moves, so
 * a transfer is part of the station's service time: N cores hammering one line serialize on it and
 * its throughput is bounded by 1 / (hold + transfer).
 *
 * Method: exact mean-value analysis of a closed network, solved per set of freeing CPUs. The N CPUs
 * freeing at this moment are the customers (contexts time-sharing one CPU never spin against each
 * other: the locks are spinlocks with preemption off); each cycles through its private work (the
 * think time: the uncontended cost per entry minus the holds) and a visit to every station. MVA
 * fits a discrete-event engine: it is exact for this network, O(N × stations), needs no
 * simulated spinning per entry (a swap run is one unit of work), and its result depends only on
 * which CPUs are freeing, so it is memoised by that set (and the network itself by N and the
 * customers' means, which many sets share). Waiting for a station is spinning: it is
 * added to the segment's CPU work, so it shows in CPU accounting. With one CPU freeing there is
 * no transfer and no wait.
 *
 * Simplification: the customers are averaged (mean capacity, mean think time); a CPU's own cost then
 * uses its own mean transfer latency to the others. Waiting is taken from the solution for the
 * whole free path, also for a policy whose caller visits only some stations.
 */
import type {Device} from './device-types.ts';
import {zsClasses} from './zs-classes.ts';

/** Parts of free_swap_and_cache_nr a piece of work does (bit flags). */
export const PART_CORE = 1;
/** The swap device's counters (nr_swap_pages, si->inuse_pages) are contended lines. */
export const PART_CORE_LINES = 2;
/** zram_slot_free_notify / zram_free_page outside zs_free: the zram stats line. */
export const PART_SLOT = 4;
/** zs_free: pool->lock, class->lock, pages_allocated. */
export const PART_ZS = 8;
/** zram-async-gc: the slot is only marked for the GC. */
export const PART_MARK = 16;
export const FREE_ALL = PART_CORE | PART_CORE_LINES | PART_SLOT | PART_ZS;

/** The network solved for one N, mean capacity, think time and transfer latency. */
interface Mva {
  /** Waiting per visit of each station. */
  readonly wait: Float64Array;
  /** Probability that a regular (a random-in-class) line was last written by another core. */
  readonly pRegular: number;
  readonly pRandom: number;
}

interface Station {
  readonly part: number;
  readonly visits: number;
  readonly hold: number;
  /** Visits random in time across cores (class lines) rather than regular. */
  readonly random: boolean;
}

/** Extras per CPU, in ns: [slot per entry, zs per entry, swap counters per run, memcg per run]. */
export const EXTRA_SLOT = 0;
export const EXTRA_ZS = 1;
export const EXTRA_RUN_SWAP = 2;
export const EXTRA_RUN_MEMCG = 3;
const EXTRAS = 4;

/** Models by device signature: engines of the same device share one (and its memo). */
const MODELS = new Map<string, Contention>();

export class Contention {
  /** The model of a device, shared by every engine running it. */
  static of(device: Device): Contention {
    const c = device.costs;
    const key = JSON.stringify([device.clusters, device.crossClusterLineNs, device.crossNodeLineNs, device.zramRatio, c.swapCoreNs, c.zramNs, c.atomicNs, c.zsClassHoldShare, c.lineTransfers, c.memcgLevels]);
    let model = MODELS.get(key);
    if (!model) {
      model = new Contention(device);
      MODELS.set(key, model);
    }
    return model;
  }

  readonly cpus: number;
  private readonly capacity: Float64Array;
  /** Line transfer latency between CPU i and j: lineNs[i * cpus + j]. */
  private readonly lineNs: Float64Array;
  private readonly stations: Station[] = [];
  private readonly memo = new Map<number, Float64Array>();
  private readonly entryNs: number;
  private readonly transfers: number;
  private readonly runSwapLines: number;
  private readonly runMemcgLines: number;
  /** The stations as flat arrays for the per-CPU pass: visits, random in time, the zram stats line. */
  private readonly visits: Float64Array;
  private readonly random: Uint8Array;
  private readonly slotPart: Uint8Array;
  private readonly mvaMemo = new Map<string, Mva>();
  /** Scratch of `solve`: the freeing CPUs, each one's mean latency to the others, first CPU of each latency. */
  private readonly active: Int32Array;
  private readonly own: Float64Array;
  private readonly firstOf: Int32Array;

  constructor(device: Device) {
    const c = device.costs;
    const cpus: {cluster: number; node: number; core: number; cap: number}[] = [];
    device.clusters.forEach((cl, cluster) => {
      const cores = cl.count / (cl.threadsPerCore ?? 1);
      for (let i = 0; i < cl.count; i++) cpus.push({cluster, node: cl.node, core: i % cores, cap: cl.capacity});
    });
    this.cpus = cpus.length;
    // CPU sets are sums of powers of two, exact in a double up to 2^53.
    if (this.cpus > 53) throw new Error(`the contention model handles up to 53 CPUs, the device has ${this.cpus}`);
    this.capacity = Float64Array.from(cpus, (x) => x.cap);
    this.lineNs = new Float64Array(this.cpus * this.cpus);
    for (let i = 0; i < this.cpus; i++) {
      for (let j = 0; j < this.cpus; j++) {
        const a = cpus[i]!;
        const b = cpus[j]!;
        const cl = device.clusters[a.cluster]!;
        let ns = 0;
        if (i === j) ns = 0;
        else if (a.node !== b.node) ns = device.crossNodeLineNs;
        else if (a.cluster !== b.cluster) ns = device.crossClusterLineNs;
        else if (a.core === b.core) ns = cl.smtLineNs ?? cl.lineNs;
        else ns = cl.lineNs;
        this.lineNs[i * this.cpus + j] = ns;
      }
    }
    this.entryNs = c.swapCoreNs + c.zramNs;
    this.transfers = c.lineTransfers;
    const add = (part: number, visits: number, hold: number, random: boolean): void => {
      if (hold > 0 && visits > 0) this.stations.push({part, visits, hold, random});
    };
    add(PART_SLOT, 2, 1.5 * c.atomicNs, false);
    add(PART_ZS, 2, c.atomicNs, false);
    const classes = zsClasses(device.zramRatio);
    for (const cls of classes) add(PART_ZS, cls.p, c.zsClassHoldShare * c.zramNs, true);
    add(
      PART_ZS,
      classes.reduce((n, cls) => n + cls.p / cls.objsPerZspage, 0),
      c.atomicNs,
      false,
    );
    this.runSwapLines = c.atomicNs > 0 ? 2 : 0;
    this.runMemcgLines = c.atomicNs > 0 ? c.memcgLevels : 0;
    this.visits = Float64Array.from(this.stations, (st) => st.visits);
    this.random = Uint8Array.from(this.stations, (st) => (st.random ? 1 : 0));
    this.slotPart = Uint8Array.from(this.stations, (st) => (st.part === PART_SLOT ? 1 : 0));
    this.active = new Int32Array(this.cpus);
    this.own = new Float64Array(this.cpus);
    this.firstOf = new Int32Array(this.cpus);
  }

  /**
   * Extra ns (transfers and spinning) for each CPU of `mask` (bit i = CPU i frees right now), as
   * [slot, zs per entry; swap counters, memcg per run] at index cpu * 4 + k. All zero for one CPU.
   */
  extras(mask: number): Float64Array {
    let row = this.memo.get(mask);
    if (!row) {
      row = this.solve(mask);
      this.memo.set(mask, row);
    }
    return row;
  }

  /** Bit of CPU `cpu` in a mask (masks are sums of powers of two: exact up to 53 CPUs). */
  static bit(cpu: number): number {
    return 2 ** cpu;
  }

  private solve(mask: number): Float64Array {
    const out = new Float64Array(this.cpus * EXTRAS);
    const active = this.active;
    let n = 0;
    for (let i = 0, m = mask; i < this.cpus && m > 0; i++, m = Math.floor(m / 2)) if (m % 2 === 1) active[n++] = i;
    if (n <= 1) return out;
    // The average customer: capacity, think time, transfer latency between two of the N.
    let cap = 0;
    let entry = 0;
    let pairs = 0;
    const own = this.own;
    for (let a = 0; a < n; a++) {
      const i = active[a]!;
      cap += this.capacity[i]!;
      entry += this.entryNs / this.capacity[i]!;
      let li = 0;
      for (let b = 0; b < n; b++) {
        const j = active[b]!;
        if (j !== i) li += this.lineNs[i * this.cpus + j]!;
      }
      own[i] = li / (n - 1);
      pairs += li;
    }
    cap /= n;
    entry /= n;
    const meanLine = pairs / (n * (n - 1));
    const mva = this.mvaOf(n, cap, entry, meanLine);
    const k = this.stations.length;
    const {visits, random, slotPart} = this;
    const {wait, pRegular, pRandom} = mva;
    // CPUs with the same mean transfer latency to the others get the same extras: computed once.
    let distinct = 0;
    for (let a = 0; a < n; a++) {
      const i = active[a]!;
      const o = own[i]!;
      let same = -1;
      for (let d = 0; d < distinct; d++) if (own[active[this.firstOf[d]!]!] === o) same = active[this.firstOf[d]!]!;
      if (same >= 0) {
        for (let x = 0; x < EXTRAS; x++) out[i * EXTRAS + x] = out[same * EXTRAS + x]!;
        continue;
      }
      this.firstOf[distinct++] = a;
      let slot = 0;
      let zs = 0;
      for (let s = 0; s < k; s++) {
        const mine = visits[s]! * (wait[s]! + (random[s] ? pRandom : pRegular) * this.transfers * o);
        if (slotPart[s]) slot += mine;
        else zs += mine;
      }
      const perRun = pRegular * this.transfers * o;
      out[i * EXTRAS + EXTRA_SLOT] = slot;
      out[i * EXTRAS + EXTRA_ZS] = zs;
      out[i * EXTRAS + EXTRA_RUN_SWAP] = this.runSwapLines * perRun;
      out[i * EXTRAS + EXTRA_RUN_MEMCG] = this.runMemcgLines * perRun;
    }
    return out;
  }

  /**
   * The network solved for N average customers: it depends on the set of CPUs only through N, the
   * mean capacity, the mean think time and the mean transfer latency, so sets alike share it.
   */
  private mvaOf(n: number, cap: number, entry: number, meanLine: number): Mva {
    const key = `${n} ${cap} ${entry} ${meanLine}`;
    let mva = this.mvaMemo.get(key);
    if (mva) return mva;
    const pRegular = 1 - Math.exp(-(n - 1));
    const pRandom = (n - 1) / n;
    const k = this.stations.length;
    const service = new Float64Array(k);
    const demand = new Float64Array(k);
    let holds = 0;
    for (let s = 0; s < k; s++) {
      const st = this.stations[s]!;
      holds += (st.visits * st.hold) / cap;
      service[s] = st.hold / cap + (st.random ? pRandom : pRegular) * this.transfers * meanLine;
      demand[s] = st.visits * service[s]!;
    }
    const think = Math.max(0, entry - holds);
    // Exact MVA: R_k(m) = D_k (1 + Q_k(m − 1)), X(m) = m / (Z + Σ R), Q_k(m) = X(m) R_k(m).
    const queue = new Float64Array(k);
    const resid = new Float64Array(k);
    for (let m = 1; m <= n; m++) {
      let total = think;
      for (let s = 0; s < k; s++) {
        resid[s] = demand[s]! * (1 + queue[s]!);
        total += resid[s]!;
      }
      const x = m / total;
      for (let s = 0; s < k; s++) queue[s] = x * resid[s]!;
    }
    // Waiting per visit (spinning), beyond the service itself.
    const wait = new Float64Array(k);
    for (let s = 0; s < k; s++) wait[s] = Math.max(0, resid[s]! / this.stations[s]!.visits - service[s]!);
    mva = {wait, pRegular, pRandom};
    this.mvaMemo.set(key, mva);
    return mva;
  }
}
