/**
 * The whole screen as blocks (painted rows, the tasks' table, columns): a pure function of the
 * snapshots, what the dashboard remembers of earlier ones, the source's pace and the UI state. The
 * live App and the recorders without a terminal (`aswap record`, `aswap snapshot`) draw exactly
 * these blocks (screen.tsx).
 */
import type {Snapshot} from '../src/engine/snapshot.ts';
import type {CommandType, Source, SourceStatus} from '../src/sources/source.ts';
import {compareDiffLines, type Side} from './compare-diff.ts';
import {cpusLines} from './cpus.ts';
import {eventLogLines, type LogScroll, type TaggedEntry} from './event-log.ts';
import {beside, fitBlocks, merge, rowsBlock, type Block} from './blocks.ts';
import {exitingTasksBlocks} from './exiting-tasks.ts';
import {lmkdOf, releaseOf} from './extensions.ts';
import {footerLine} from './footer.ts';
import {gatherCacheLines} from './gather-cache.ts';
import {headerLines} from './header.ts';
import {helpLines} from './help-overlay.ts';
import {advance, emptyHistory, nodeRates, psiSeconds, psiWindow, type History} from './history.ts';
import {kworkersLines} from './kworkers.ts';
import {absentOf, computeCompareLayout, computeLayout, MIN_COLS, MIN_ROWS, type CompareLayout, type DashboardLayout, type LayoutShape, type Region} from './layout.ts';
import {memoPanel} from './memo.ts';
import {memoryVerdict, pressureLines} from './pressure.ts';
import {paintSegs, seg} from './text.ts';
import type {Theme} from './theme.ts';

export interface FrameProps {
  readonly snapshot: Snapshot;
  /** The compare source's snapshot (`--compare`), if any. */
  readonly other?: Snapshot;
  readonly status: SourceStatus;
  readonly supports: ReadonlySet<CommandType>;
  readonly kind: Source['kind'];
  /** The layout size: the terminal's. */
  readonly cols: number;
  readonly rows: number;
  /** @default false */
  readonly helpOpen?: boolean;
  /** The status line. @default null */
  readonly notice?: string | null;
  /** What the dashboard remembers of `snapshot`'s run (and `other`'s); a single reading without. */
  readonly history?: History;
  readonly otherHistory?: History;
  /** @default null (follow the newest entry) */
  readonly logScroll?: LogScroll | null;
}

/** The help reads better as a block than stretched over a wide terminal. */
const HELP_WIDTH = 110;
/** Seconds of PSI stall the sparkline shows. */
const PSI_SECONDS = 20;

/**
 * The panels whose inputs often stay the same from one frame to the next, memoized by value
 * (memo.ts); the header and the pressure panel show the clock and PSI, which move every frame.
 */
const tasksPanel = memoPanel(exitingTasksBlocks);
const gatherPanel = memoPanel(gatherCacheLines);
const nodesPanel = memoPanel(kworkersLines);
const cpusPanel = memoPanel(cpusLines);
const logPanel = memoPanel(eventLogLines);
const footerPanel = memoPanel(footerLine);
const layoutOf = memoPanel((p: {readonly compare: boolean; readonly cols: number; readonly rows: number; readonly shape: LayoutShape}) =>
  p.compare ? computeCompareLayout(p.cols, p.rows, p.shape) : computeLayout(p.cols, p.rows, p.shape),
);

/** `lines` made exactly `rows` long (blank lines below). */
const fill = (lines: readonly string[], rows: number): string[] => {
  const out = lines.slice(0, rows);
  while (out.length < rows) out.push('');
  return out;
};

const historyOf = (h: History | undefined, s: Snapshot): History => h ?? advance(emptyHistory, s);

/** Spinners turn while the clock runs; a paused or finished run holds still. */
const animated = (status: SourceStatus): boolean => !status.paused && status.ended !== true;

/** The panels of one source, cut to their regions. */
function panels(s: Snapshot, h: History, p: Readonly<Record<string, Region>>, animate: boolean, theme: Theme) {
  return {
    tasks: (): readonly Block[] => tasksPanel({exitingTasks: s.exitingTasks, tasks: s.tasks, exits: s.exits, policy: s.params.policy, workload: s.workload, animate, ...p['tasks']!}, theme),
    gather: () => gatherPanel({gather: s.gather, policy: s.params.policy, release: releaseOf(s), ...p['gather']!}, theme),
    nodes: () => nodesPanel({nodes: s.nodes, rates: nodeRates(h), animate, ...p['nodes']!}, theme),
    pressure: () => pressureLines({psi: s.psi, memory: s.memory, psiWindow: psiWindow(h), psiSeconds: psiSeconds(h, PSI_SECONDS), lmkd: lmkdOf(s), nowNs: s.nowNs, ...p['pressure']!}, theme),
    cpus: () => (p['cpus'] && p['cpus'].rows > 0 ? cpusPanel({cpus: s.cpus, foreground: s.foreground, ...p['cpus']}, theme) : []),
  };
}

function dashboardBlocks(s: Snapshot, h: History, layout: DashboardLayout, props: FrameProps, theme: Theme): Block[] {
  const p = layout.panels;
  const make = panels(s, h, p, animated(props.status), theme);
  const log = () => logPanel({entries: h.log, scroll: props.logScroll ?? null, ...p.log}, theme);
  if (layout.kind === 'single') {
    return merge([
      ...fitBlocks(make.tasks(), p.tasks.rows),
      rowsBlock(fill(make.gather(), p.gather.rows)),
      rowsBlock(fill(make.nodes(), p.nodes.rows)),
      rowsBlock(fill(make.cpus(), p.cpus.rows)),
      rowsBlock(fill(make.pressure(), p.pressure.rows)),
      rowsBlock(fill(log(), p.log.rows)),
    ]);
  }
  const top = p.tasks.rows;
  const right = [...fill(make.gather(), p.gather.rows), ...fill(make.nodes(), p.nodes.rows), ...fill(make.pressure(), p.pressure.rows), ...fill(make.cpus(), p.cpus.rows)];
  return merge([...beside(make.tasks(), p.tasks.width, [rowsBlock(right)], p.gather.width, top), rowsBlock(fill(log(), p.log.rows))]);
}

/** Both sides' logs in time order, each entry tagged with its side; an entry both sides logged alike shows once as `AB`. */
export function mergeLogs(a: History, b: History): TaggedEntry[] {
  const out: TaggedEntry[] = [];
  let i = 0;
  let j = 0;
  const ea = a.log;
  const eb = b.log;
  // The merged view anchors its scrolling on time: both sides' sequence numbers differ.
  while (i < ea.length || j < eb.length) {
    const x = ea[i];
    const y = eb[j];
    if (x && y && x.tNs === y.tNs && x.kind === y.kind && x.text === y.text) {
      out.push({...x, seq: x.tNs, tag: 'AB'});
      i++;
      j++;
    } else if (x && (!y || x.tNs <= y.tNs)) {
      out.push({...x, seq: x.tNs, tag: 'A'});
      i++;
    } else {
      out.push({...y!, seq: y!.tNs, tag: 'B'});
      j++;
    }
  }
  return out;
}

let lastMerged: {readonly a: History['log']; readonly b: History['log']; readonly merged: TaggedEntry[]} | null = null;

/** `mergeLogs`, again only when either side's log changed: the memoized log panel then compares nothing. */
function mergedLog(a: History, b: History): TaggedEntry[] {
  if (lastMerged?.a !== a.log || lastMerged.b !== b.log) lastMerged = {a: a.log, b: b.log, merged: mergeLogs(a, b)};
  return lastMerged.merged;
}

function compareBlocks(a: Snapshot, b: Snapshot, ha: History, hb: History, layout: CompareLayout, props: FrameProps, theme: Theme): Block[] {
  const animate = animated(props.status);
  const rate = (h: History, s: Snapshot) => {
    const r = nodeRates(h);
    return (s.nodes ?? []).reduce((sum, n) => sum + (r?.get(n.node)?.freedPerSec ?? n.entriesFreedPerSec), 0);
  };
  const side = (tag: string, s: Snapshot, h: History): Side => ({tag, policy: s.params.policy, exits: s.exits, gather: s.gather, nodes: s.nodes, freedPerSec: rate(h, s)});
  const column = (tag: string, s: Snapshot, h: History): Block[] => {
    const make = panels(s, h, layout.panels, animate, theme);
    const p = layout.panels;
    return merge([
      rowsBlock([paintSegs([seg(` ${tag}  ${s.params.policy} `, {bold: true, inverse: theme.color, color: theme.title})], layout.column.width)]),
      ...fitBlocks(make.tasks(), p.tasks.rows),
      rowsBlock(fill(make.gather(), p.gather.rows)),
      rowsBlock(fill(make.nodes(), p.nodes.rows)),
      rowsBlock(fill(make.pressure(), p.pressure.rows)),
    ]);
  };
  const width = layout.column.width;
  return merge([
    rowsBlock(fill(compareDiffLines({a: side('A', a, ha), b: side('B', b, hb), ...layout.diff}, theme), layout.diff.rows)),
    ...beside(column('A', a, ha), width, column('B', b, hb), layout.width - width - 1, layout.column.rows),
    rowsBlock(fill(logPanel({entries: mergedLog(ha, hb), scroll: props.logScroll ?? null, ...layout.log}, theme), layout.log.rows)),
  ]);
}

/** Every block of the frame: one row less than the terminal has (see layout.ts), none wider than it. */
export function frameBlocks(props: FrameProps, theme: Theme): Block[] {
  const {snapshot: s, other, cols, rows} = props;
  const compare = other !== undefined;
  const shape = {nodeCount: s.nodes?.length ?? 0, cpuCount: s.cpus.length, absent: absentOf(s)};
  const layout = layoutOf({compare, cols, rows, shape}, theme);
  // Whole, even if it wraps: cut short it would not say what is wrong.
  if (layout.kind === 'too-small') return [rowsBlock([`aswap needs at least ${MIN_COLS}×${MIN_ROWS}; this terminal is ${cols}×${rows}`])];
  const h = historyOf(props.history, s);
  const footer = footerPanel({supports: props.supports, compare, notice: props.notice ?? null, width: layout.footer.width}, theme);
  if (props.helpOpen) {
    // The help covers the header too: every binding fits at 80×24.
    const rowsAbove = layout.header.rows + layout.body.rows;
    return [rowsBlock([...fill(helpLines({supports: props.supports, compare, kind: props.kind, width: Math.min(cols, HELP_WIDTH), rows: rowsAbove}, theme), rowsAbove), footer])];
  }
  const header = headerLines(
    {
      source: s.source, scenario: s.scenario, device: s.device, seed: s.seed, nowNs: s.nowNs, params: s.params,
      policy: other ? `${s.params.policy} vs ${other.params.policy}` : s.params.policy,
      policies: other ? [s.params.policy, other.params.policy] : [s.params.policy],
      status: props.status, foreground: s.foreground, launchStartNs: h.launchStartNs,
      memory: s.psi || s.memory ? memoryVerdict(s.psi, s.memory, psiWindow(h)) : null,
      exiting: s.exitingTasks, knobKeys: props.supports.has('set-param'), ...layout.header,
    },
    theme,
  );
  const body = layout.kind === 'compare' && other ? compareBlocks(s, other, h, historyOf(props.otherHistory, other), layout, props, theme) : layout.kind !== 'compare' ? dashboardBlocks(s, h, layout, props, theme) : [];
  return merge([rowsBlock(fill(header, layout.header.rows)), ...fitBlocks(body, layout.body.rows), rowsBlock([footer])]);
}
