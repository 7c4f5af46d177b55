import {runSize} from '../mm.ts';

/** A position in a RunList (node `off` of record `rec`) and the group `group` measured from it. */
export interface RunCursor {
  rec: number;
  off: number;
  /** Where the group ends, its nodes and entries. */
  endRec: number;
  endOff: number;
  groupNodes: number;
  groupEntries: number;
}

/**
 * swap_cache_list's nodes, stored by table: a zap adds the runs of one PTE table together, so the
 * list keeps one record per table (pid, entries, runs), run j of which holds runSize(entries, runs,
 * j) entries, as the zap split them (a single add_to_swap_gather_cache is a record of one run).
 * Counting is still per node (cache_count, async_swap_count, a worker's groups); adding a table
 * costs one record instead of one node per run. Grows by doubling; never shrinks.
 */
export class RunList {
  private pids = new Int32Array(64);
  private entriesOf = new Int32Array(64);
  private runsOf = new Int32Array(64);
  /** Records in the list. */
  records = 0;
  /** Nodes (runs) in the list. */
  nodes = 0;

  /** `runs` nodes of process `pid` holding `entries` entries in all (runs ≥ 1). */
  push(pid: number, entries: number, runs: number): void {
    if (this.records === this.pids.length) this.grow();
    const r = this.records++;
    this.pids[r] = pid;
    this.entriesOf[r] = entries;
    this.runsOf[r] = runs;
    this.nodes += runs;
  }

  clear(): void {
    this.records = 0;
    this.nodes = 0;
  }

  pid(r: number): number {
    return this.pids[r]!;
  }

  runs(r: number): number {
    return this.runsOf[r]!;
  }

  /** Entries held by nodes [a, b) of record r. */
  entries(r: number, a: number, b: number): number {
    const swap = this.entriesOf[r]!;
    const runs = this.runsOf[r]!;
    const base = Math.floor(swap / runs);
    // Runs below `swap − base·runs` hold one entry more (runSize).
    const bigger = swap - base * runs;
    return (b - a) * base + Math.max(0, Math.min(b, bigger) - a);
  }

  /** The cursor's group: the nodes from its position that belong to its pid, at most `maxNodes`. */
  group(c: RunCursor, maxNodes: number): void {
    const pid = this.pids[c.rec]!;
    let r = c.rec;
    let off = c.off;
    let nodes = 0;
    let entries = 0;
    while (r < this.records && this.pids[r] === pid && nodes < maxNodes) {
      const runs = this.runsOf[r]!;
      const take = Math.min(runs - off, maxNodes - nodes);
      entries += this.entries(r, off, off + take);
      nodes += take;
      off += take;
      if (off === runs) {
        r++;
        off = 0;
      }
    }
    c.endRec = r;
    c.endOff = off;
    c.groupNodes = nodes;
    c.groupEntries = entries;
  }

  /** Entries from the cursor's position to the end of the list. */
  entriesFrom(c: RunCursor): number {
    let n = 0;
    for (let r = c.rec; r < this.records; r++) n += this.entries(r, r === c.rec ? c.off : 0, this.runsOf[r]!);
    return n;
  }

  /** The nodes as (pid, nr) arrays, in list order (copies: for tests and inspection). */
  expand(): {pids: number[]; nrs: number[]} {
    const pids: number[] = [];
    const nrs: number[] = [];
    for (let r = 0; r < this.records; r++) {
      for (let j = 0; j < this.runsOf[r]!; j++) {
        pids.push(this.pids[r]!);
        nrs.push(runSize(this.entriesOf[r]!, this.runsOf[r]!, j));
      }
    }
    return {pids, nrs};
  }

  private grow(): void {
    const n = this.pids.length * 2;
    const grown = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.pids = grown(this.pids);
    this.entriesOf = grown(this.entriesOf);
    this.runsOf = grown(this.runsOf);
  }
}
