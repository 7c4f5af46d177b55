import type {ExitStats, GatherSnapshot, NodeSnapshot} from '../src/engine/snapshot.ts';
import {fmtBytes, fmtCount, fmtDeltaMs, fmtMs} from './format.ts';
import {panel, type PanelSize} from './panel.ts';
import {kv, pack, paint, seg, type Chunk} from './text.ts';
import type {Theme} from './theme.ts';

export const DIFF_TITLE = 'Difference';

/** What the difference panel reads from one side. */
export interface Side {
  readonly tag: string;
  readonly policy: string;
  readonly exits: ExitStats;
  readonly gather: GatherSnapshot | null;
  readonly nodes: readonly NodeSnapshot[] | null;
  /** Swap entries freed per second by the side's kworkers, over the dashboard's window. */
  readonly freedPerSec: number;
}

export interface CompareDiffProps extends PanelSize {
  /** The source the keys drive. */
  readonly a: Side;
  /** The source that follows it under another policy. */
  readonly b: Side;
}

/** `p50 226 ms vs 318 ms −92 ms (−29%)`, green when A is faster. */
function latencyChunk(name: string, a: number | null, b: number | null, theme: Theme): Chunk {
  const head = [seg(`${name} `, {dim: true}), seg(fmtMs(a), {bold: true}), seg(' vs ', {dim: true}), seg(fmtMs(b), {bold: true})];
  if (a === null || b === null) return head;
  const d = a - b;
  const pct = b > 0 ? ` (${d < 0 ? '−' : '+'}${Math.abs(Math.round((d / b) * 100))}%)` : '';
  return [...head, seg(` ${fmtDeltaMs(d)}${pct}`, {bold: true, color: theme.level(d <= 0 ? 'ok' : 'warn')})];
}

/**
 * What release latency (SIGKILL → last swap entry freed) adds to the exit is the time gathered
 * entries wait on the list: each side's backlog shows the entries parked now, the zram they hold,
 * and how long the kworkers need for them at their current rate.
 */
export function releaseChunk(side: Side): Chunk {
  const g = side.gather;
  if (g === null) return [seg(`${side.tag} `, {bold: true}), seg('no gather list', {dim: true})];
  if (g.entriesParked === 0) return [seg(`${side.tag} `, {bold: true}), seg('nothing parked: release ends with the exit', {dim: true})];
  const rate = side.freedPerSec;
  const drain = rate > 0 ? `≈ ${fmtMs((g.entriesParked / rate) * 1000)} to drain at ${fmtCount(rate)}/s` : 'no kworker freeing now';
  return [
    seg(`${side.tag} `, {bold: true}),
    seg(fmtCount(g.entriesParked), {bold: true}), seg(' parked, ', {dim: true}),
    seg(fmtBytes(g.zramBytesHeld), {bold: true}), seg(' zram held, ', {dim: true}), seg(drain),
  ];
}

/** A against B: exit and release latency percentiles, and what is still waiting to be released. */
export function compareDiffLines({a, b, width, rows}: CompareDiffProps, theme: Theme): string[] {
  const summary: Chunk[] = [[seg(`${a.tag} ${a.policy}`, {bold: true}), seg(' − ', {dim: true}), seg(`${b.tag} ${b.policy}`, {bold: true})]];
  // Three groups, each starting on its own line: exit latency, release latency, the backlog.
  const exit: Chunk[] = [[seg('exit', {bold: true})], latencyChunk('p50', a.exits.p50Ms, b.exits.p50Ms, theme), latencyChunk('p99', a.exits.p99Ms, b.exits.p99Ms, theme), kv('exits', `${a.exits.exits} vs ${b.exits.exits}`)];
  const release: Chunk[] = [[seg('release', {bold: true})], latencyChunk('p50', a.exits.releaseP50Ms ?? null, b.exits.releaseP50Ms ?? null, theme), latencyChunk('p99', a.exits.releaseP99Ms ?? null, b.exits.releaseP99Ms ?? null, theme)];
  const backlog: Chunk[] = [[seg('backlog', {bold: true})], releaseChunk(a), releaseChunk(b)];
  const body = [...pack(exit, width), ...pack(release, width), ...pack(backlog, width)].map((line) => paint(line, width));
  return panel(DIFF_TITLE, summary, body, {width, rows}, theme);
}
