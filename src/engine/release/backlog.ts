/**
 * Swap entries of several tasks waiting for a worker, in order, as (pid, entries, runs) segments:
 * what a batch page, a per-CPU handle buffer or a GC backlog holds. The worker takes them from the
 * front; a segment's entries are credited back to their task as they are freed.
 */
export class Backlog {
  private pids: number[] = [];
  private entries: number[] = [];
  private runs: number[] = [];
  private head = 0;
  /** Entries held. */
  total = 0;
  /** What the last `take` took. */
  takenPid = 0;
  takenEntries = 0;
  takenRuns = 0;

  get empty(): boolean {
    return this.total === 0;
  }

  /** Append `entries` of task `pid` in `runs` runs (merged with the last segment if it is the same task). */
  push(pid: number, entries: number, runs: number): void {
    if (entries <= 0) return;
    const last = this.pids.length - 1;
    if (last >= this.head && this.pids[last] === pid) {
      this.entries[last] = this.entries[last]! + entries;
      this.runs[last] = this.runs[last]! + runs;
    } else {
      this.pids.push(pid);
      this.entries.push(entries);
      this.runs.push(runs);
    }
    this.total += entries;
  }

  /** Take up to `max` entries of the first task's segment (runs in proportion); false when empty. */
  take(max: number): boolean {
    if (this.head >= this.pids.length) return false;
    const i = this.head;
    const have = this.entries[i]!;
    const n = Math.min(have, max);
    const runs = n === have ? this.runs[i]! : Math.min(this.runs[i]!, Math.max(1, Math.round((this.runs[i]! * n) / have)));
    this.takenPid = this.pids[i]!;
    this.takenEntries = n;
    this.takenRuns = runs;
    this.total -= n;
    if (n === have) {
      this.head++;
      if (this.head > 256 && this.head * 2 > this.pids.length) this.compact();
    } else {
      this.entries[i] = have - n;
      this.runs[i] = this.runs[i]! - runs;
    }
    return true;
  }

  /** Move everything into a new backlog (a batch page handed to a worker) and leave this one empty. */
  detach(): Backlog {
    const out = new Backlog();
    out.pids = this.pids.slice(this.head);
    out.entries = this.entries.slice(this.head);
    out.runs = this.runs.slice(this.head);
    out.total = this.total;
    this.pids = [];
    this.entries = [];
    this.runs = [];
    this.head = 0;
    this.total = 0;
    return out;
  }

  private compact(): void {
    this.pids = this.pids.slice(this.head);
    this.entries = this.entries.slice(this.head);
    this.runs = this.runs.slice(this.head);
    this.head = 0;
  }
}
