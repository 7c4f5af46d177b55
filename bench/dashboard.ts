/**
 * `npm run bench:dashboard`: CPU and memory of the live dashboard, measured from outside, side by
 * side with htop at the same refresh rate when htop is installed.
 *
 * The real CLI runs in a pseudo-terminal (node-pty) at 120×40 whose output a headless xterm
 * consumes, at its default frame rate (10 Hz while anything moves). `htop -d 1` (a refresh every
 * tenth of a second) runs at the same time in a terminal of the same size, so both see the same
 * machine. After a start-up of BENCH_DASH_WARMUP seconds (default 3), utime+stime and RSS come from
 * /proc/PID/stat and status every 10 s (or once, for shorter runs).
 *
 * BENCH_DASH_SECONDS sets the length (default 15, the measurement; 600 for the ten-minute
 * memory check), BENCH_DASH_ARGS the dashboard's arguments (default `--seed 1`), BENCH_DASH_HTOP=0
 * skips htop. Figures only: timings belong here, never in tests.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {spawn, type IPty} from 'node-pty';
import xterm from '@xterm/headless';

const seconds = Number(process.env.BENCH_DASH_SECONDS ?? 15);
const warmupS = Number(process.env.BENCH_DASH_WARMUP ?? 3);
const args = (process.env.BENCH_DASH_ARGS ?? '--seed 1').split(' ').filter(Boolean);
const COLS = 120;
const ROWS = 40;
const TICKS = 100; // USER_HZ

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
}

function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function hasHtop(): boolean {
  if (process.env.BENCH_DASH_HTOP === '0') return false;
  try {
    execFileSync('htop', ['--version'], {stdio: 'ignore'});
    return true;
  } catch {
    return false;
  }
}

interface Running {
  readonly pty: IPty;
  bytes: number;
}

/** A command in a 120×40 pty whose output a headless xterm consumes, as a terminal would. */
function run(file: string, argv: readonly string[]): Running {
  const term = new xterm.Terminal({cols: COLS, rows: ROWS, allowProposedApi: true});
  const env = {...process.env, TERM: 'xterm-256color'} as Record<string, string>;
  // Ink renders only the final frame when it believes it runs in CI.
  delete env.CI;
  const pty = spawn(file, [...argv], {name: 'xterm-256color', cols: COLS, rows: ROWS, cwd: process.cwd(), env});
  const r: Running = {pty, bytes: 0};
  pty.onData((d) => {
    r.bytes += d.length;
    term.write(d);
  });
  return r;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const aswap = run(process.execPath, ['bin/aswap.js', ...args]);
const htop = hasHtop() ? run('htop', ['-d', '1']) : null;
await sleep(warmupS * 1000); // start-up and the first frames are not the steady state
const t0 = performance.now();
const a0 = cpuTicks(aswap.pty.pid);
const h0 = htop ? cpuTicks(htop.pty.pid) : 0;
const b0 = aswap.bytes;
console.log(`aswap dashboard bench: ${COLS}×${ROWS}, ${seconds} s after ${warmupS} s of start-up, args: ${args.join(' ') || '(none)'}`);
console.log(htop ? '  side by side with htop -d 1 (a refresh every 0.1 s) in a terminal of the same size' : '  (htop not installed or BENCH_DASH_HTOP=0: no comparison)');
const checkpoints = [...Array.from({length: Math.ceil(seconds / 10) - 1}, (_, i) => (i + 1) * 10), seconds];
let last = {a: 0, h: 0, t: 0};
for (const s of checkpoints) {
  await sleep(Math.max(0, t0 + s * 1000 - performance.now()));
  const wallS = (performance.now() - t0) / 1000;
  const a = cpuTicks(aswap.pty.pid) - a0;
  const pct = (ticks: number) => ((ticks / TICKS / wallS) * 100).toFixed(1);
  const h = htop ? cpuTicks(htop.pty.pid) - h0 : 0;
  const lastPct = (ticks: number) => (((ticks / TICKS) / Math.max(1e-9, wallS - last.t)) * 100).toFixed(1);
  let line = `  t=${String(s).padStart(4)} s  aswap ${String(a).padStart(5)} ticks (${pct(a)}% of a core; ${lastPct(a - last.a)}% since the last line)  RSS ${rssMB(aswap.pty.pid).toFixed(1)} MB  output ${((aswap.bytes - b0) / 1024 / wallS).toFixed(1)} KB/s`;
  if (htop) line += `  |  htop ${String(h).padStart(5)} ticks (${pct(h)}%; ${lastPct(h - last.h)}%)  aswap/htop ${h > 0 ? (a / h).toFixed(2) : '∞'}×`;
  last = {a, h, t: wallS};
  console.log(line);
}
aswap.pty.write('q');
htop?.pty.write('q');
await sleep(1000);
aswap.pty.kill();
htop?.pty.kill();
process.exit(0);
