/**
 * Progress of a long headless run on stderr, when stderr is a terminal: one line, rewritten in
 * place, with the share simulated and an estimate of the wall time left. Nothing for runs that end
 * within a second, nothing at all when stderr is a file or a pipe.
 */
import {sanitize} from '../errors.ts';

export interface Progress {
  /** `done` of `total` simulated nanoseconds are behind. Cheap: it looks at the clock only. */
  update(doneNs: number): void;
  /** Takes the line away again. */
  end(): void;
}

const QUIET_MS = 1000;
const EVERY_MS = 250;

/** m:ss or h:mm:ss */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor(s / 60) % 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** The line for `fraction` done after `elapsedMs`: `aswap: run kill-burst: 42% simulated, 1:10 elapsed, about 1:37 left`. */
export function progressLine(label: string, fraction: number, elapsedMs: number): string {
  const pct = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
  const left = fraction > 0 ? (elapsedMs * (1 - fraction)) / fraction : NaN;
  return `aswap: ${sanitize(label, 80)}: ${pct}% simulated, ${clockText(elapsedMs)} elapsed${Number.isFinite(left) ? `, about ${clockText(left)} left` : ''}`;
}

/** A progress line on `stream` (stderr) if it is a terminal, else null. */
export function createProgress(label: string, totalNs: number, stream: NodeJS.WriteStream = process.stderr, now: () => number = () => performance.now()): Progress | null {
  if (!stream.isTTY) return null;
  const start = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(doneNs) {
      const t = now();
      if (t - start < QUIET_MS || t - last < EVERY_MS) return;
      last = t;
      shown = true;
      stream.write(`\r${progressLine(label, totalNs > 0 ? doneNs / totalNs : 1, t - start)}\x1b[K`);
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
