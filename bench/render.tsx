/**
 * What one dashboard frame costs to draw, in process, without a terminal (run by bench/render.js,
 * `npm run bench:render`, which bundles this file with and without the CLI's Ink patches).
 *
 * Scenarios are cut into frames at 10 Hz (snapshots taken first, so the engine's own cost is not
 * counted) and each frame is given to a live Ink instance writing to a fake TTY (120×40 unless
 * BENCH_RENDER_COLS / BENCH_RENDER_ROWS say otherwise), as the dashboard does (incremental
 * rendering). A run with another seed warms the JIT first (its frames differ, so the caches start
 * cold for the measured runs). Each frame is timed on its own (CPU time: React, layout, Ink's
 * output, log-update) and counted as a kill-wave frame when tasks are between SIGKILL and
 * do_task_dead (the exiting tasks' table is on screen), else as a quiet frame: the first 20 s of
 * camera-launch seeds 1–3, and of kill-burst seed 1 (a dozen tasks exiting at once). Figures only,
 * never assertions.
 */
import React from 'react';
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {advance, emptyHistory, type History} from '../components/history.ts';
import {Screen} from '../components/screen.tsx';
import type {Snapshot} from '../src/engine/snapshot.ts';
import {resolveRun} from '../src/run-config.ts';
import {SimSource} from '../src/sources/sim.ts';

const cols = Number(process.env.BENCH_RENDER_COLS ?? 120);
const rows = Number(process.env.BENCH_RENDER_ROWS ?? 40);
const SECONDS = 20;

class Tty extends EventEmitter {
  readonly isTTY = true;
  bytes = 0;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string) => {
    this.bytes += chunk.length;
    return true;
  };
}

interface Frame {
  readonly snapshot: Snapshot;
  readonly history: History;
}

function framesOf(seed: number, scenario?: string): Frame[] {
  const sim = new SimSource(resolveRun({seed, set: [], ...(scenario ? {scenario} : {})}), {manual: true});
  const frames: Frame[] = [];
  let history = emptyHistory;
  for (let i = 0; i < SECONDS * 10; i++) {
    sim.advance(100_000_000);
    sim.publish();
    history = advance(history, sim.getSnapshot());
    frames.push({snapshot: sim.getSnapshot(), history});
  }
  return frames;
}

const supports = new SimSource(resolveRun({set: []}), {manual: true}).supports;
const status = {paused: false, speed: 1, note: null};
const screen = (f: Frame) => <Screen snapshot={f.snapshot} history={f.history} status={status} supports={supports} kind="sim" cols={cols} rows={rows} color />;

interface Tally {
  ms: number;
  bytes: number;
  n: number;
}
const tally = (): Tally => ({ms: 0, bytes: 0, n: 0});

const stdout = new Tty(cols, rows);
const instance = render(screen(framesOf(9)[0]!), {
  stdout: stdout as unknown as NodeJS.WriteStream,
  // maxFps 0: no throttle, each rerender is drawn at once (the dashboard's throttle only merges frames).
  maxFps: 0,
  incrementalRendering: true,
  exitOnCtrlC: false,
  patchConsole: false,
});

/** Draws `frames` in order, each timed on its own, into the wave or quiet tally. */
function draw(frames: readonly Frame[], wave: Tally, quiet: Tally): void {
  for (const f of frames) {
    const b0 = stdout.bytes;
    const t0 = process.cpuUsage();
    instance.rerender(screen(f));
    const used = process.cpuUsage(t0);
    const t = f.snapshot.tasks.length > 0 ? wave : quiet;
    t.ms += (used.user + used.system) / 1000;
    t.bytes += stdout.bytes - b0;
    t.n++;
  }
}

const line = (label: string, r: Tally) =>
  `  ${label.padEnd(34)} ${(r.ms / Math.max(1, r.n)).toFixed(2).padStart(6)} CPU ms per frame  ${(r.bytes / Math.max(1, r.n) / 1024).toFixed(1).padStart(4)} KB written per frame  (${r.n} frames)`;
const sum = (a: Tally, b: Tally): Tally => ({ms: a.ms + b.ms, bytes: a.bytes + b.bytes, n: a.n + b.n});

const cold = {wave: tally(), quiet: tally()};
draw(framesOf(2), cold.wave, cold.quiet);
const camera = {wave: tally(), quiet: tally()};
for (const seed of [1, 3, 4]) draw(framesOf(seed), camera.wave, camera.quiet);
const burst = {wave: tally(), quiet: tally()};
draw(framesOf(1, 'kill-burst'), burst.wave, burst.quiet);
console.log(`dashboard render bench: ${cols}×${rows}, ${SECONDS} s of each run at 10 Hz (after a warm-up on camera-launch seed 2)`);
console.log(line('warm-up (seed 2, cold caches)', sum(cold.wave, cold.quiet)));
console.log(line('camera-launch seeds 1, 3, 4: all', sum(camera.wave, camera.quiet)));
console.log(line('  tasks exiting (the table)', camera.wave));
console.log(line('  none exiting', camera.quiet));
console.log(line('kill-burst seed 1: tasks exiting', burst.wave));
instance.unmount();
process.exit(0);
