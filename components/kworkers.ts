import type {KworkerSnapshot, NodeSnapshot, WorkqueueSnapshot} from '../src/engine/snapshot.ts';
import {workqueuesOf} from './extensions.ts';
import {fmtCount, fmtPct} from './format.ts';
import type {NodeRate} from './history.ts';
import {NO_PATCH, panel, unavailable, type PanelSize} from './panel.ts';
import {fitOne, kv, pack, paint, seg, spin, type Chunk} from './text.ts';
import {LEVEL_MARKER, levelOf, THRESHOLDS, type Theme} from './theme.ts';

export const KWORKERS_TITLE = 'Kworkers';

export interface KworkersProps extends PanelSize {
  /** One entry per NUMA node; null when the kernel lacks the patch. */
  readonly nodes: readonly NodeSnapshot[] | null;
  /** Rates over the dashboard's sliding window; null: the snapshot's own per-second figures. */
  readonly rates: ReadonlyMap<number, NodeRate> | null;
  /** Spinners on busy nodes and kworkers; off while paused. */
  readonly animate: boolean;
}

const busyOf = (n: NodeSnapshot) => n.kworkers.filter((k) => k.busy);

/** A node's throughput and CPU share: the window's when known. */
const rateOf = (n: NodeSnapshot, rates: KworkersProps['rates']): NodeRate => rates?.get(n.node) ?? {freedPerSec: n.entriesFreedPerSec, cpuPct: n.cpuBusyPct};

/**
 * A node's workqueues, each once. The engine has one events_unbound that every policy queues on,
 * but traces recorded before it did may hold two of that name (one per policy used): on the
 * screen they are the one queue they are in the kernel, their counts added up.
 */
export function mergedQueues(n: NodeSnapshot): WorkqueueSnapshot[] {
  const queues = workqueuesOf(n);
  if (!queues || queues.length === 0) return [{name: '', nrActive: n.nrActive, maxActive: n.maxActive, pending: n.pending}];
  const byName = new Map<string, WorkqueueSnapshot>();
  for (const q of queues) {
    const seen = byName.get(q.name);
    byName.set(q.name, seen ? {name: q.name, nrActive: seen.nrActive + q.nrActive, maxActive: Math.max(seen.maxActive, q.maxActive), pending: seen.pending + q.pending} : q);
  }
  return [...byName.values()];
}

/**
 * `nr_active/max_active async_swap_free 2/128 · 1 pending`, then the node's other workqueues, the
 * busy ones first (an idle queue of another policy matters least); one chunk each, so a line wraps
 * between queues rather than cutting one.
 */
function queueChunks(n: NodeSnapshot, theme: Theme): Chunk[] {
  const queues = mergedQueues(n);
  const busy = (q: WorkqueueSnapshot) => q.nrActive > 0 || q.pending > 0;
  const ordered = [...queues.filter(busy), ...queues.filter((q) => !busy(q))];
  return ordered.map((q, i) => [
    ...(i === 0 ? [seg('nr_active/max_active ', {dim: true})] : []),
    ...(q.name ? [seg(`${q.name} `, {dim: !busy(q)})] : []),
    seg(`${q.nrActive}/${q.maxActive}`, {bold: true, color: q.nrActive > 0 ? theme.busy : undefined}),
    ...(q.pending > 0 ? [seg(' · ', {dim: true}), seg(String(q.pending), {bold: true}), seg(' pending', {dim: true})] : []),
  ]);
}

/**
 * The node's facts, most telling first (a narrow panel drops the last lines whole): pool state,
 * CPU share, throughput (when the title's total is not the same figure), workqueues, works run.
 */
export function nodeChunks(n: NodeSnapshot, rate: NodeRate, animate: boolean, theme: Theme, single = false): Chunk[] {
  const busy = busyOf(n).length;
  const cpu = levelOf(rate.cpuPct, THRESHOLDS.nodeCpuBusyPct);
  return [
    [seg(busy > 0 ? spin(animate) : ' ', {color: theme.busy}), seg(` node${n.node}`, {bold: true}), seg(` u${(n.poolIds ?? [n.poolId]).join(' u')}`, {dim: true})],
    [seg('busy ', {dim: true}), seg(String(busy), {bold: true, color: busy > 0 ? theme.busy : undefined}), seg(' idle ', {dim: true}), seg(String(n.kworkers.length - busy), {bold: true})],
    [seg('CPU ', {dim: true}), seg(fmtPct(rate.cpuPct), {bold: true, color: theme.level(cpu)}), ...(cpu === 'ok' ? [] : [seg(` ${LEVEL_MARKER[cpu]}`, {color: theme.level(cpu)})])],
    ...(single ? [] : [[seg('freed ', {dim: true}), seg(fmtCount(rate.freedPerSec), {bold: true}), seg('/s', {dim: true})]]),
    ...queueChunks(n, theme),
    kv('works', fmtCount(n.worksRun)),
  ];
}

/** One line per busy kworker, when there is room for it. */
function kworkerChunks(k: KworkerSnapshot, animate: boolean, theme: Theme): Chunk[] {
  return [
    [seg('  '), seg(spin(animate), {color: theme.busy}), seg(` ${k.name}`, {bold: true})],
    kv('on CPU', k.cpu === null ? '-' : String(k.cpu)),
    kv('works', fmtCount(k.worksRun)),
    kv('freed', fmtCount(k.entriesFreed)),
    kv('runtime', `${Math.round(k.cpuMs)} ms`),
  ];
}

/** Cells a continuation line of a node's facts is indented by (one space and the gap). */
const INDENT = 3;

/** A node's facts packed into lines, the lines after the first indented (so packed narrower). */
function factLines(n: NodeSnapshot, p: Pick<KworkersProps, 'nodes' | 'rates' | 'animate' | 'width'>, theme: Theme): Chunk[][] {
  const chunks = nodeChunks(n, rateOf(n, p.rates), p.animate, theme, p.nodes?.length === 1);
  const first = pack(chunks, p.width)[0] ?? [];
  return [first, ...pack(chunks.slice(first.length), p.width - INDENT)];
}

/** Lines for one node within `budget` rows: its facts (two lines when narrow), then its busy kworkers by name. */
function nodeLines(n: NodeSnapshot, facts: readonly Chunk[][], budget: number, p: KworkersProps, theme: Theme): string[] {
  if (budget <= 0) return [];
  const {width} = p;
  const busy = busyOf(n);
  // Facts first, but keep a row for the busy kworkers' names when there are any.
  const factRows = Math.max(1, Math.min(facts.length, busy.length > 0 ? budget - 1 : budget));
  const lines = facts.slice(0, factRows).map((chunks, i) => paint(i === 0 ? chunks : [[seg(' ')], ...chunks], width));
  const extra = budget - lines.length;
  if (extra <= 0) return lines;
  if (busy.length > 0 && busy.length <= extra) {
    for (const k of busy) lines.push(paint(fitOne(kworkerChunks(k, p.animate, theme), width), width));
    return lines;
  }
  if (n.kworkers.length === 0) return lines;
  // Too many busy kworkers for a line each (or none busy): their names, packed.
  const names = (busy.length > 0 ? busy : n.kworkers).map((k) => [seg(k.name, {dim: busy.length === 0})]);
  const label = [seg(busy.length > 0 ? '  busy:' : '  idle:', {dim: true})];
  const packed = pack([label, ...names], width, 1).slice(0, extra);
  return [...lines, ...packed.map((chunks) => paint(chunks, width, 1))];
}

/** Splits the rows after the title among nodes that want `wants` rows each: a line per node first, then what each can use, in turn. */
export function nodeBudgets(wants: readonly number[], rows: number): number[] {
  const budgets = wants.map(() => 0);
  let left = rows;
  for (let round = 0; left > 0; round++) {
    let gave = false;
    for (let i = 0; i < wants.length && left > 0; i++) {
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

/** The release workqueue's pool_workqueue on each node's unbound HIGHPRI worker_pool. */
export function kworkersLines(p: KworkersProps, theme: Theme): string[] {
  const {nodes, width, rows} = p;
  if (nodes === null) return panel(KWORKERS_TITLE, [], [unavailable(`async_swap_free: ${NO_PATCH}`, width)], {width, rows: Math.min(rows, 2)}, theme);
  const busy = nodes.reduce((s, n) => s + busyOf(n).length, 0);
  const total = nodes.reduce((s, n) => s + n.kworkers.length, 0);
  const rate = nodes.reduce((s, n) => s + rateOf(n, p.rates).freedPerSec, 0);
  const summary: Chunk[] = [kv('busy', `${busy}/${total}`), [seg('freed ', {dim: true}), seg(fmtCount(rate), {bold: true}), seg(p.rates ? '/s (last 0.5 s)' : '/s', {dim: true})]];
  const facts = nodes.map((n) => factLines(n, p, theme));
  // Each node wants its facts and a line per busy kworker (or one for the idle ones' names).
  const budgets = nodeBudgets(nodes.map((n, i) => facts[i]!.length + Math.max(1, busyOf(n).length)), rows - 1);
  const body = nodes.flatMap((n, i) => nodeLines(n, facts[i]!, budgets[i]!, p, theme));
  return panel(KWORKERS_TITLE, summary, body, p, theme);
}
