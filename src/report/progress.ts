/**
 * A progress bar with an ETA for long sweeps, on stderr, and only when stderr is a terminal: a pipe
 * or a file never gets control characters or partial lines.
 */
export interface Progress {
  tick(): void;
  done(): void;
}

const NONE: Progress = {tick: () => {}, done: () => {}};

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The bar's text after `done` of `total` points, `elapsedMs` in. */
export function progressLine(done: number, total: number, elapsedMs: number, width = 30): string {
  const share = total > 0 ? done / total : 1;
  const filled = Math.round(share * width);
  const eta = done > 0 && done < total ? `, ${clock(((total - done) * elapsedMs) / done / 1000)} left` : '';
  return `aswap: [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} points ${Math.floor(share * 100)}%${eta}`;
}

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr, now: () => number = () => performance.now()): Progress {
  if (!stream.isTTY) return NONE;
  const start = now();
  let done = 0;
  let last = -Infinity;
  const draw = (): void => {
    stream.write(`\r${progressLine(done, total, now() - start)}\x1b[K`);
  };
  draw();
  // Ctrl-C in the middle of a sweep: leave a clean line, not half a bar, for the shell's prompt.
  const interrupted = (): void => {
    stream.write('\r\x1b[K');
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  return {
    tick() {
      done++;
      // At most ten redraws a second however fast points finish.
      if (now() - last < 100 && done < total) return;
      last = now();
      draw();
    },
    done() {
      process.off('SIGINT', interrupted);
      stream.write('\r\x1b[K');
    },
  };
}
