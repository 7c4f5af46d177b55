/**
 * What one dashboard frame costs to draw, in process, without a terminal (run by bench/render.js,
 * `npm run bench:render`, which bundles this file with and without the CLI's Ink patches).
 *
 * The default scenario is cut into frames at 10 Hz (snapshots taken first, so the engine's own cost
 * is not counted) and each frame is given to a live Ink instance writing to a fake 120×40 TTY, as
 * the dashboard does (incremental rendering). A run with another seed warms the JIT first (its
 * frames differ, so the caches start cold for the measured run). Reports CPU ms per frame (React,
 * layout, Ink's output, log-update) over the first 20 s of seed 1, and over its kill wave alone.
 * Figures only, never assertions.
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
/** The default scenario's kill wave, simulated seconds. */
const WAVE = [3.2, 5.2] as const;

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

function framesOf(seed: number): Frame[] {
  const sim = new SimSource(resolveRun({seed, set: []}), {manual: true});
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
const screen = (f: Frame, i: number) => <Screen snapshot={f.snapshot} history={f.history} status={status} supports={supports} kind="sim" cols={cols} rows={rows} color tick={i} />;

const stdout = new Tty(cols, rows);
const warm = framesOf(2);
const measured = framesOf(1);
const instance = render(screen(warm[0]!, 0), {
  stdout: stdout as unknown as NodeJS.WriteStream,
  // maxFps 0: no throttle, each rerender is drawn at once (the dashboard's throttle only merges frames).
  maxFps: 0,
  incrementalRendering: true,
  exitOnCtrlC: false,
  patchConsole: false,
});

function draw(frames: readonly Frame[], from: number, to: number): {ms: number; bytes: number; n: number} {
  const b0 = stdout.bytes;
  const t0 = process.cpuUsage();
  for (let i = from; i < to; i++) instance.rerender(screen(frames[i]!, i));
  const used = process.cpuUsage(t0);
  return {ms: (used.user + used.system) / 1000, bytes: stdout.bytes - b0, n: to - from};
}

const cold = draw(warm, 0, warm.length);
const wave = [Math.round(WAVE[0] * 10), Math.round(WAVE[1] * 10)] as const;
const before = draw(measured, 0, wave[0]);
const during = draw(measured, wave[0], wave[1]);
const after = draw(measured, wave[1], measured.length);
const all = {ms: before.ms + during.ms + after.ms, bytes: before.bytes + during.bytes + after.bytes, n: measured.length};
const line = (label: string, r: {ms: number; bytes: number; n: number}) =>
  `  ${label.padEnd(22)} ${(r.ms / r.n).toFixed(2).padStart(6)} CPU ms per frame  ${(r.bytes / r.n / 1024).toFixed(1).padStart(4)} KB written per frame  (${r.n} frames)`;
console.log(`dashboard render bench: ${cols}×${rows}, camera-launch seed 1 at 10 Hz (after a warm-up on seed 2)`);
console.log(line(`warm-up (seed 2, cold)`, cold));
console.log(line(`0–${SECONDS} s`, all));
console.log(line(`kill wave ${WAVE[0]}–${WAVE[1]} s`, during));
console.log(line('the rest', {ms: before.ms + after.ms, bytes: before.bytes + after.bytes, n: before.n + after.n}));
instance.unmount();
process.exit(0);
