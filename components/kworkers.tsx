import React, {memo} from 'react';
import {Box} from 'ink';
import type {KworkerSnapshot, NodeSnapshot} from '../src/engine/snapshot.ts';
import {fmtCount, fmtPct} from './format.ts';
import {fitOne, kv, Line, pack, seg, type Chunk} from './line.tsx';
import {NO_PATCH, Panel, titleRoom, Unavailable} from './panel.tsx';
import {sameProps} from './same.ts';
import {LEVEL_MARKER, levelOf, makeTheme, THRESHOLDS, useTheme, type Theme} from './theme.ts';

export const KWORKERS_TITLE = 'Kworkers';

interface KworkersProps {
  /** One entry per NUMA node; null when the kernel lacks the patch. */
  readonly nodes: readonly NodeSnapshot[] | null;
  /** Columns the panel may use. */
  readonly width: number;
  /** Rows the panel may use, title included. */
  readonly rows: number;
  /** Spinners on busy nodes and kworkers. @default true */
  readonly animate?: boolean;
}

const busyOf = (n: NodeSnapshot) => n.kworkers.filter((k) => k.busy);

/** The node line: pool state, nr_active/max_active, throughput and CPU share. */
export function nodeChunks(n: NodeSnapshot, animate: boolean, theme: Theme): Chunk[] {
  const busy = busyOf(n).length;
  const cpu = levelOf(n.cpuBusyPct, THRESHOLDS.nodeCpuBusyPct);
  return [
    [
      seg(busy > 0 ? '●' : ' ', {spin: busy > 0 && animate, color: theme.busy}),
      seg(` node${n.node}`, {bold: true}),
      seg(` u${n.poolId}`, {dim: true}),
    ],
    [
      ...kv('nr_active/max_active', `${n.nrActive}/${n.maxActive}`),
      ...(n.pending > 0 ? [seg(' · ', {dim: true}), seg(String(n.pending), {bold: true}), seg(' pending', {dim: true})] : []),
    ],
    [seg('busy ', {dim: true}), seg(String(busy), {bold: true, color: busy > 0 ? theme.busy : undefined}), seg(' idle ', {dim: true}), seg(String(n.kworkers.length - busy), {bold: true})],
    [seg('CPU ', {dim: true}), seg(fmtPct(n.cpuBusyPct), {bold: true, color: theme.level(cpu)}), ...(cpu === 'ok' ? [] : [seg(` ${LEVEL_MARKER[cpu]}`, {color: theme.level(cpu)})])],
    [seg('freed ', {dim: true}), seg(fmtCount(n.entriesFreedPerSec), {bold: true}), seg('/s', {dim: true})],
    kv('works', fmtCount(n.worksRun)),
  ];
}

/** One line per busy kworker, when there is room for it. */
function kworkerChunks(k: KworkerSnapshot, animate: boolean, theme: Theme): Chunk[] {
  return [
    [seg('  '), seg('●', {spin: animate, color: theme.busy}), seg(` ${k.name}`, {bold: true})],
    kv('on CPU', k.cpu === null ? '-' : String(k.cpu)),
    kv('works', fmtCount(k.worksRun)),
    kv('freed', fmtCount(k.entriesFreed)),
    kv('runtime', `${Math.round(k.cpuMs)} ms`),
  ];
}

/** A line and the gap between its chunks. */
interface NodeLine {
  readonly chunks: Chunk[];
  readonly gap: number;
}

/** Lines for one node within `budget` rows: its facts (two lines when narrow), then its busy kworkers by name. */
function nodeLines(n: NodeSnapshot, budget: number, width: number, animate: boolean, theme: Theme): NodeLine[] {
  if (budget <= 0) return [];
  const facts = pack(nodeChunks(n, animate, theme), width);
  const busy = busyOf(n);
  // Facts first, but keep a row for the busy kworkers' names when there are any.
  const factRows = Math.max(1, Math.min(facts.length, busy.length > 0 ? budget - 1 : budget));
  const lines: NodeLine[] = facts.slice(0, factRows).map((chunks, i) => ({chunks: i === 0 ? chunks : [[seg('  ')], ...chunks], gap: 2}));
  const extra = budget - lines.length;
  if (extra <= 0) return lines;
  if (busy.length > 0 && busy.length <= extra) {
    for (const k of busy) lines.push({chunks: fitOne(kworkerChunks(k, animate, theme), width), gap: 2});
    return lines;
  }
  if (n.kworkers.length === 0) return lines;
  // Too many busy kworkers for a line each (or none busy): their names, packed.
  const names = (busy.length > 0 ? busy : n.kworkers).map((k) => [seg(k.name, {dim: busy.length === 0})]);
  const label = [seg(busy.length > 0 ? '  busy:' : '  idle:', {dim: true})];
  const packed = pack([label, ...names], width, 1).slice(0, extra);
  return [...lines, ...packed.map((chunks) => ({chunks, gap: 1}))];
}

/** Splits the rows after the title: a line per node first, then what each node can use, in turn. */
export function nodeBudgets(nodes: readonly NodeSnapshot[], rows: number, width: number): number[] {
  const budgets = nodes.map(() => 0);
  const wants = nodes.map((n) => pack(nodeChunks(n, false, makeTheme(false)), width).length + Math.max(1, busyOf(n).length));
  let left = rows;
  for (let round = 0; left > 0; round++) {
    let gave = false;
    for (let i = 0; i < nodes.length && left > 0; i++) {
      if (budgets[i]! < wants[i]! && budgets[i]! === round) {
        budgets[i]!++;
        left--;
        gave = true;
      }
    }
    if (!gave) break;
  }
  return budgets;
}

/** The async_swap_free pool_workqueue on each node's unbound HIGHPRI worker_pool. */
function KworkersView({nodes, width, rows, animate = true}: KworkersProps) {
  const theme = useTheme();
  if (nodes === null) {
    return (
      <Panel title={KWORKERS_TITLE} width={width} rows={Math.min(rows, 2)}>
        <Unavailable text={`async_swap_free: ${NO_PATCH}`} />
      </Panel>
    );
  }
  const busy = nodes.reduce((s, n) => s + busyOf(n).length, 0);
  const total = nodes.reduce((s, n) => s + n.kworkers.length, 0);
  const rate = nodes.reduce((s, n) => s + n.entriesFreedPerSec, 0);
  const summary = fitOne([kv('async_swap_free busy', `${busy}/${total}`), [seg('freed ', {dim: true}), seg(fmtCount(rate), {bold: true}), seg('/s', {dim: true})]], titleRoom(KWORKERS_TITLE, width));
  const budgets = nodeBudgets(nodes, rows - 1, width);
  return (
    <Panel title={KWORKERS_TITLE} summary={summary} width={width} rows={rows}>
      {nodes.map((n, i) => (
        <Box key={n.node} flexDirection="column">
          {nodeLines(n, budgets[i]!, width, animate, theme).map((line, j) => (
            <Line key={j} chunks={line.chunks} gap={line.gap} />
          ))}
        </Box>
      ))}
    </Panel>
  );
}

export const Kworkers = memo(KworkersView, sameProps);
