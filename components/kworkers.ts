import type {KworkerSnapshot, NodeSnapshot} from '../src/engine/snapshot.ts';
import {workqueuesOf} from './extensions.ts';
import {fmtCount, fmtPct} from './format.ts';
import type {NodeRate} from './history.ts';
import {NO_PATCH, panel, unavailable, type PanelSize} from './panel.ts';
import {fitOne, kv, pack, paint, seg, spinner, type Chunk} from './text.ts';
import {LEVEL_MARKER, levelOf, makeTheme, THRESHOLDS, type Theme} from './theme.ts';

export const KWORKERS_TITLE = 'Kworkers';

export interface KworkersProps extends PanelSize {
  /** One entry per NUMA node; null when the kernel lacks the patch. */
  readonly nodes: readonly NodeSnapshot[] | null;
  /** Rates over the dashboard's sliding window; null: the snapshot's own per-second figures. */
  readonly rates: ReadonlyMap<number, NodeRate> | null;
  readonly tick: number;
  /** Spinners on busy nodes and kworkers. */
  readonly animate: boolean;
}

const busyOf = (n: NodeSnapshot) => n.kworkers.filter((k) => k.busy);

/** A node's throughput and CPU share: the window's when known. */
const rateOf = (n: NodeSnapshot, rates: KworkersProps['rates']): NodeRate => rates?.get(n.node) ?? {freedPerSec: n.entriesFreedPerSec, cpuPct: n.cpuBusyPct};

/** `async_swap_free 2/128 · 1 pending`, or each workqueue of the node when the source lists them. */
function queueChunks(n: NodeSnapshot): Chunk[] {
  const pending = (count: number): Chunk => (count > 0 ? [seg(' · ', {dim: true}), seg(String(count), {bold: true}), seg(' pending', {dim: true})] : []);
  const queues = workqueuesOf(n);
  if (queues && queues.length > 0) return queues.map((q) => [...kv(`${q.name} nr_active/max_active`, `${q.nrActive}/${q.maxActive}`), ...pending(q.pending)]);
  return [[...kv('nr_active/max_active', `${n.nrActive}/${n.maxActive}`), ...pending(n.pending)]];
}

/** The node line: pool state, nr_active/max_active, throughput and CPU share. */
export function nodeChunks(n: NodeSnapshot, rate: NodeRate, tick: number, animate: boolean, theme: Theme): Chunk[] {
  const busy = busyOf(n).length;
  const cpu = levelOf(rate.cpuPct, THRESHOLDS.nodeCpuBusyPct);
  return [
    [seg(busy > 0 ? spinner(tick, animate) : ' ', {color: theme.busy}), seg(` node${n.node}`, {bold: true}), seg(` u${n.poolId}`, {dim: true})],
    ...queueChunks(n),
    [seg('busy ', {dim: true}), seg(String(busy), {bold: true, color: busy > 0 ? theme.busy : undefined}), seg(' idle ', {dim: true}), seg(String(n.kworkers.length - busy), {bold: true})],
    [seg('CPU ', {dim: true}), seg(fmtPct(rate.cpuPct), {bold: true, color: theme.level(cpu)}), ...(cpu === 'ok' ? [] : [seg(` ${LEVEL_MARKER[cpu]}`, {color: theme.level(cpu)})])],
    [seg('freed ', {dim: true}), seg(fmtCount(rate.freedPerSec), {bold: true}), seg('/s', {dim: true})],
    kv('works', fmtCount(n.worksRun)),
  ];
}

/** One line per busy kworker, when there is room for it. */
function kworkerChunks(k: KworkerSnapshot, tick: number, animate: boolean, theme: Theme): Chunk[] {
  return [
    [seg('  '), seg(spinner(tick, animate), {color: theme.busy}), seg(` ${k.name}`, {bold: true})],
    kv('on CPU', k.cpu === null ? '-' : String(k.cpu)),
    kv('works', fmtCount(k.worksRun)),
    kv('freed', fmtCount(k.entriesFreed)),
    kv('runtime', `${Math.round(k.cpuMs)} ms`),
  ];
}

/** Lines for one node within `budget` rows: its facts (two lines when narrow), then its busy kworkers by name. */
function nodeLines(n: NodeSnapshot, budget: number, p: KworkersProps, theme: Theme): string[] {
  if (budget <= 0) return [];
  const {width} = p;
  const facts = pack(nodeChunks(n, rateOf(n, p.rates), p.tick, p.animate, theme), width);
  const busy = busyOf(n);
  // Facts first, but keep a row for the busy kworkers' names when there are any.
  const factRows = Math.max(1, Math.min(facts.length, busy.length > 0 ? budget - 1 : budget));
  const lines = facts.slice(0, factRows).map((chunks, i) => paint(i === 0 ? chunks : [[seg('  ')], ...chunks], width));
  const extra = budget - lines.length;
  if (extra <= 0) return lines;
  if (busy.length > 0 && busy.length <= extra) {
    for (const k of busy) lines.push(paint(fitOne(kworkerChunks(k, p.tick, p.animate, theme), width), width));
    return lines;
  }
  if (n.kworkers.length === 0) return lines;
  // Too many busy kworkers for a line each (or none busy): their names, packed.
  const names = (busy.length > 0 ? busy : n.kworkers).map((k) => [seg(k.name, {dim: busy.length === 0})]);
  const label = [seg(busy.length > 0 ? '  busy:' : '  idle:', {dim: true})];
  const packed = pack([label, ...names], width, 1).slice(0, extra);
  return [...lines, ...packed.map((chunks) => paint(chunks, width, 1))];
}

/** Splits the rows after the title: a line per node first, then what each node can use, in turn. */
export function nodeBudgets(nodes: readonly NodeSnapshot[], rows: number, width: number): number[] {
  const budgets = nodes.map(() => 0);
  const plain = makeTheme(false);
  const wants = nodes.map((n) => pack(nodeChunks(n, {freedPerSec: n.entriesFreedPerSec, cpuPct: n.cpuBusyPct}, 0, false, plain), width).length + Math.max(1, busyOf(n).length));
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

/** The release workqueue's pool_workqueue on each node's unbound HIGHPRI worker_pool. */
export function kworkersLines(p: KworkersProps, theme: Theme): string[] {
  const {nodes, width, rows} = p;
  if (nodes === null) return panel(KWORKERS_TITLE, [], [unavailable(`async_swap_free: ${NO_PATCH}`, width)], {width, rows: Math.min(rows, 2)}, theme);
  const busy = nodes.reduce((s, n) => s + busyOf(n).length, 0);
  const total = nodes.reduce((s, n) => s + n.kworkers.length, 0);
  const rate = nodes.reduce((s, n) => s + rateOf(n, p.rates).freedPerSec, 0);
  const summary: Chunk[] = [kv('busy', `${busy}/${total}`), [seg('freed ', {dim: true}), seg(fmtCount(rate), {bold: true}), seg(p.rates ? '/s (last 0.5 s)' : '/s', {dim: true})]];
  const budgets = nodeBudgets(nodes, rows - 1, width);
  const body = nodes.flatMap((n, i) => nodeLines(n, budgets[i]!, p, theme));
  return panel(KWORKERS_TITLE, summary, body, p, theme);
}
