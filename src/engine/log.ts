import type {Clock} from './units.ts';

export type LogKind = 'kill' | 'exit' | 'flush' | 'oom' | 'alloc-fail' | 'param' | 'launch' | 'info';

export interface LogEntry {
  /** Increases by one per entry since the start: consumers spot new entries by it. */
  readonly seq: number;
  readonly tNs: number;
  readonly kind: LogKind;
  readonly text: string;
}

/** One line of the exact trace; `ev` is the kernel function name. */
export interface TraceEntry {
  readonly tNs: number;
  readonly ev: string;
  readonly pid?: number;
  readonly detail?: string;
}

const LOG_MAX = 200;

/**
 * The event log the dashboard shows (the last 200 lines) and, for tests, an exact trace of the exit
 * path and the release machinery. Hot paths check `trace !== null` before building a detail string.
 */
export class EngineLog {
  private readonly entries: LogEntry[] = [];
  private nextSeq = 0;
  readonly trace: TraceEntry[] | null;

  constructor(
    private readonly clock: Clock,
    trace: boolean,
  ) {
    this.trace = trace ? [] : null;
  }

  get seq(): number {
    return this.nextSeq;
  }

  get view(): readonly LogEntry[] {
    return this.entries;
  }

  log(kind: LogKind, text: string): void {
    this.entries.push({seq: this.nextSeq++, tNs: this.clock.ns, kind, text});
    if (this.entries.length > LOG_MAX) this.entries.shift();
  }

  ev(ev: string, pid?: number, detail?: string): void {
    if (!this.trace) return;
    const e: {tNs: number; ev: string; pid?: number; detail?: string} = {tNs: this.clock.ns, ev};
    if (pid !== undefined) e.pid = pid;
    if (detail !== undefined) e.detail = detail;
    this.trace.push(e);
  }
}
