/**
 * The host source: a read-only monitor of this machine's /proc and /sys (or a copy of them under
 * `--proc-root DIR`), polled once a wall-clock second. It cannot change the kernel, so it supports
 * no command: the simulation keys show as unavailable.
 */
import {statSync} from 'node:fs';
import {join} from 'node:path';
import type {Snapshot} from '../engine/snapshot.ts';
import {UsageError} from '../errors.ts';
import {readHostSample, type HostSample} from './host-sample.ts';
import {HostMonitor} from './host-snapshot.ts';
import type {Command, CommandType, Source, SourceStatus} from './source.ts';

export interface HostSourceOptions {
  /** Root holding `proc/` and `sys/`. @default '/' */
  readonly procRoot?: string;
  /** Poll period in wall ms. @default 1000 */
  readonly intervalMs?: number;
  /** Wall clock in ms, for nowNs and rates. @default performance.now */
  readonly now?: () => number;
  /** Reads one sample; tests may swap it. @default readHostSample */
  readonly read?: (root: string) => HostSample;
}

const STATUS: SourceStatus = {paused: false, speed: 1, note: null};

const isDir = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** `--proc-root DIR` must be a directory holding a copy of proc/ or sys/ (or both); else a UsageError. */
export function checkProcRoot(dir: string): void {
  let stat;
  try {
    stat = statSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--proc-root ${dir}: ${code === 'ENOENT' ? 'no such directory' : (code ?? 'cannot be read')}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`--proc-root ${dir}: not a directory`);
  if (!isDir(join(dir, 'proc')) && !isDir(join(dir, 'sys'))) {
    throw new UsageError(`--proc-root ${dir} holds neither proc/ nor sys/: it takes a directory with a copy of /proc in DIR/proc and /sys in DIR/sys`);
  }
}

export class HostSource implements Source {
  readonly kind = 'host' as const;
  readonly supports: ReadonlySet<CommandType> = new Set<CommandType>();

  private readonly root: string;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly read: (root: string) => HostSample;
  private readonly monitor = new HostMonitor();
  private readonly startMs: number;
  private readonly listeners = new Set<() => void>();
  private snapshot: Snapshot;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** Takes the first sample at once, so getSnapshot() has real data before start(). A bad procRoot throws a UsageError. */
  constructor(options: HostSourceOptions = {}) {
    if (options.procRoot !== undefined) checkProcRoot(options.procRoot);
    this.root = options.procRoot ?? '/';
    this.intervalMs = options.intervalMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.read = options.read ?? readHostSample;
    this.startMs = this.now();
    this.snapshot = this.monitor.update(this.read(this.root), 0);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  getStatus = (): SourceStatus => STATUS;

  control(_command: Command): void {
    // Read-only: nothing to control.
  }

  /** Reads a new sample now and notifies listeners once. start() calls it every interval. */
  poll(): void {
    const nowNs = Math.max(0, Math.round((this.now() - this.startMs) * 1e6));
    this.snapshot = this.monitor.update(this.read(this.root), nowNs);
    for (const listener of [...this.listeners]) listener();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poll(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
