/**
 * `npm run bench:dashboard`: CPU and memory of the live dashboard, measured from outside.
 * The real CLI runs in a pseudo-terminal (node-pty) at 120×40 whose output a headless xterm
 * consumes, at its default frame rate; utime+stime and RSS come from /proc/PID/stat and status.
 * BENCH_DASH_SECONDS sets the length (default 60); memory is sampled every 10 s.
 */
import {readFileSync} from 'node:fs';
import {spawn} from 'node-pty';
import xterm from '@xterm/headless';

const seconds = Number(process.env.BENCH_DASH_SECONDS ?? 60);
const args = (process.env.BENCH_DASH_ARGS ?? '').split(' ').filter(Boolean);
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

const term = new xterm.Terminal({cols: 120, rows: 40, allowProposedApi: true});
const env = {...process.env, TERM: 'xterm-256color'} as Record<string, string>;
delete env.CI;
const child = spawn('node', ['bin/aswap.js', ...args], {name: 'xterm-256color', cols: 120, rows: 40, cwd: process.cwd(), env});
let bytes = 0;
child.onData((d) => {
  bytes += d.length;
  term.write(d);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
await sleep(3000); // start-up (tsx compile, first frames) is not the steady state
const pid = child.pid;
const t0 = performance.now();
const c0 = cpuTicks(pid);
const b0 = bytes;
console.log(`aswap dashboard bench: 120×40, ${seconds} s, args: ${args.join(' ') || '(default scenario)'}`);
for (let s = 10; s <= seconds; s += 10) {
  await sleep(10_000);
  const cpu = ((cpuTicks(pid) - c0) / TICKS / ((performance.now() - t0) / 1000)) * 100;
  console.log(`  t=${String(s).padStart(4)} s  CPU ${cpu.toFixed(1)}% of a core  RSS ${rssMB(pid).toFixed(1)} MB  output ${((bytes - b0) / 1024 / s).toFixed(1)} KB/s`);
}
child.write('q');
await sleep(1000);
child.kill();
process.exit(0);
