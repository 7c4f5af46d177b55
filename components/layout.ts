/**
 * The row budget: how many rows and columns each panel gets at a terminal size. Pure, so the
 * "never taller than the terminal" promise is tested at every size without rendering.
 *
 * The frame is one row shorter than the terminal: when Ink's output is as tall as the terminal it
 * clears the whole screen before every frame (ink/build/ink.js, `lastOutputHeight >= rows`), which
 * is exactly the flicker a dashboard must not have.
 */
import {CPU_CELL} from './cpus.ts';

export const MIN_COLS = 80;
export const MIN_ROWS = 24;
/** From here the tasks table and the log get a column of their own, wide enough for every column. */
export const TWO_COLUMN_COLS = 160;
/** A single column this tall has room for the CPUs panel too. */
const CPUS_IN_SINGLE_ROWS = 50;
/** Identity, the moment (foreground phase, memory, slow motion), the tunables with their keys. */
const HEADER_ROWS = 3;
const FOOTER_ROWS = 1;

export interface Region {
  readonly width: number;
  readonly rows: number;
}

export type PanelName = 'tasks' | 'gather' | 'nodes' | 'cpus' | 'pressure' | 'log';

export interface DashboardLayout {
  readonly kind: 'single' | 'double';
  readonly width: number;
  /** Rows the frame uses: the terminal's minus one. */
  readonly height: number;
  readonly header: Region;
  readonly footer: Region;
  /** Everything between header and footer (where the help overlay goes). */
  readonly body: Region;
  /** A panel with 0 rows is not shown. */
  readonly panels: Readonly<Record<PanelName, Region>>;
}

export interface TooSmall {
  readonly kind: 'too-small';
  readonly width: number;
  readonly height: number;
}

/** What the layout needs to know about the data: stable over a run, so the layout does not jump. */
export interface LayoutShape {
  readonly nodeCount: number;
  readonly cpuCount: number;
  /** Sections the source cannot fill: they take two rows (title and one line). */
  readonly absent: ReadonlySet<PanelName>;
}

export const tooSmall = (cols: number, rows: number): boolean => cols < MIN_COLS || rows < MIN_ROWS;

interface Spec {
  readonly min: number;
  readonly ideal: number;
}

type Specs = Record<PanelName, Spec>;

function specs(shape: LayoutShape, width: number): Specs {
  const n = Math.max(1, shape.nodeCount);
  const perLine = Math.max(1, Math.floor((width + 1) / (CPU_CELL + 1)));
  const s: Specs = {
    tasks: {min: 3, ideal: 3},
    gather: {min: 3, ideal: width >= 100 ? 4 : 5},
    // A node line each; ideally a line more for its busy kworkers (two when narrow: its facts wrap).
    nodes: {min: 1 + n, ideal: 1 + n * (width < 100 ? 3 : 2)},
    cpus: {min: 0, ideal: 1 + Math.ceil(shape.cpuCount / perLine)},
    // Title, Mem meter, free against the watermarks, PSI; then zram and swap, then lmkd.
    pressure: {min: 4, ideal: 6},
    log: {min: 2, ideal: 2},
  };
  for (const p of shape.absent) s[p] = {min: 2, ideal: 2};
  return s;
}

/**
 * Hands out `total` rows: every panel its minimum, then the increments in `steps` (panel, up to
 * rows) while rows last, then the rest to `growers` by weight. Whatever does not fit is cut from
 * the minimums, last panel first, so the sum never exceeds `total`.
 */
function allocate(total: number, names: readonly PanelName[], spec: Specs, steps: readonly [PanelName, number][], growers: readonly [PanelName, number][], absent: ReadonlySet<PanelName>): Map<PanelName, number> {
  const rows = new Map(names.map((p) => [p, spec[p].min]));
  let left = total - names.reduce((s, p) => s + spec[p].min, 0);
  for (let i = names.length - 1; left < 0 && i >= 0; i--) {
    const p = names[i]!;
    const cut = Math.min(rows.get(p)!, -left);
    rows.set(p, rows.get(p)! - cut);
    left += cut;
  }
  for (const [p, upTo] of steps) {
    // A section the source cannot fill keeps its title and one line.
    if (!rows.has(p) || absent.has(p)) continue;
    const add = Math.max(0, Math.min(left, upTo - rows.get(p)!));
    rows.set(p, rows.get(p)! + add);
    left -= add;
  }
  // A section the source cannot fill shows one line; it does not grow.
  const live = growers.filter(([p]) => rows.has(p) && !absent.has(p));
  const weight = live.reduce((s, [, w]) => s + w, 0);
  let given = 0;
  live.forEach(([p, w], i) => {
    const add = i === live.length - 1 ? left - given : Math.floor((left * w) / Math.max(1, weight));
    rows.set(p, rows.get(p)! + add);
    given += add;
  });
  return rows;
}

const regions = (rows: Map<PanelName, number>, width: (p: PanelName) => number): Record<PanelName, Region> => {
  const all: PanelName[] = ['tasks', 'gather', 'nodes', 'cpus', 'pressure', 'log'];
  return Object.fromEntries(all.map((p) => [p, {width: width(p), rows: rows.get(p) ?? 0}])) as Record<PanelName, Region>;
};

function single(cols: number, body: number, shape: LayoutShape): Record<PanelName, Region> {
  const spec = specs(shape, cols);
  const withCpus = body + HEADER_ROWS + FOOTER_ROWS + 1 >= CPUS_IN_SINGLE_ROWS;
  const order: PanelName[] = withCpus ? ['tasks', 'gather', 'nodes', 'cpus', 'pressure', 'log'] : ['tasks', 'gather', 'nodes', 'pressure', 'log'];
  // At 80×24 every row counts: a few tasks, the gather list and a log line come first.
  const steps: [PanelName, number][] = [
    ['tasks', spec.tasks.min + 2], ['gather', spec.gather.min + 1], ['log', spec.log.min + 2],
    ['nodes', spec.nodes.ideal], ['pressure', spec.pressure.min + 1], ['gather', spec.gather.ideal], ['pressure', spec.pressure.ideal],
    ['cpus', spec.cpus.ideal],
  ];
  // A kill wave has a handful of tasks exiting at once; the log has the story, so it grows more.
  return regions(allocate(body, order, spec, steps, [['tasks', 35], ['log', 65]], shape.absent), () => cols);
}

/** At 160 columns and more: the tasks on the left, the gauges on the right, the log across the bottom. */
function double(cols: number, body: number, shape: LayoutShape): Record<PanelName, Region> {
  const right = Math.min(100, Math.max(60, Math.round(cols * 0.44)));
  const left = cols - right - 1;
  const r = specs(shape, right);
  // Room for four busy kworkers a node; what is left stays blank below rather than between panels.
  if (!shape.absent.has('nodes')) r.nodes = {min: r.nodes.min, ideal: 1 + Math.max(1, shape.nodeCount) * 5};
  // The gauges' column takes what it would like (and the tasks beside it); the log takes the full
  // width below both columns with the rest, a quarter of the rows at least.
  const rightIdeal = (['gather', 'nodes', 'pressure', 'cpus'] as const).reduce((n, p) => n + r[p].ideal, 0);
  const logMin = Math.max(3, Math.floor(body / 4));
  const top = Math.max(Math.min(rightIdeal, body - logMin), Math.min(body - 3, r.gather.min + r.nodes.min + r.pressure.min));
  const log = body - top;
  const rSteps: [PanelName, number][] = [['gather', r.gather.ideal], ['pressure', r.pressure.ideal], ['nodes', r.nodes.ideal], ['cpus', r.cpus.ideal]];
  const rRows = allocate(top, ['gather', 'nodes', 'pressure', 'cpus'], r, rSteps, [], shape.absent);
  const rows = new Map([...rRows, ['tasks', top] as const, ['log', log] as const]);
  return regions(rows, (p) => (p === 'tasks' ? left : p === 'log' ? cols : right));
}

export function computeLayout(cols: number, termRows: number, shape: LayoutShape): DashboardLayout | TooSmall {
  if (tooSmall(cols, termRows)) return {kind: 'too-small', width: cols, height: 1};
  const height = termRows - 1;
  const body = height - HEADER_ROWS - FOOTER_ROWS;
  const kind = cols < TWO_COLUMN_COLS ? 'single' : 'double';
  return {
    kind,
    width: cols,
    height,
    header: {width: cols, rows: HEADER_ROWS},
    footer: {width: cols, rows: FOOTER_ROWS},
    body: {width: cols, rows: body},
    panels: kind === 'single' ? single(cols, body, shape) : double(cols, body, shape),
  };
}

/** The panels a snapshot cannot fill. */
export function absentOf(s: {readonly exitingTasks: number | null; readonly gather: unknown; readonly nodes: unknown; readonly psi: unknown; readonly memory: unknown}): Set<PanelName> {
  const absent = new Set<PanelName>();
  if (s.exitingTasks === null) absent.add('tasks');
  if (s.gather === null) absent.add('gather');
  if (s.nodes === null) absent.add('nodes');
  if (s.psi === null && s.memory === null) absent.add('pressure');
  return absent;
}

export interface CompareLayout {
  readonly kind: 'compare';
  readonly width: number;
  readonly height: number;
  readonly header: Region;
  readonly footer: Region;
  readonly body: Region;
  /** The difference panel, full width, above the two columns. */
  readonly diff: Region;
  /** One side: its tag line and its panels stacked. */
  readonly column: Region;
  readonly panels: Readonly<Record<'tasks' | 'gather' | 'nodes' | 'pressure', Region>>;
  /** Both sides' event logs merged, full width, below the columns. */
  readonly log: Region;
}

/** Two sources side by side: the key panels of each in a column, their difference on top, their logs below. */
export function computeCompareLayout(cols: number, termRows: number, shape: LayoutShape): CompareLayout | TooSmall {
  if (tooSmall(cols, termRows)) return {kind: 'too-small', width: cols, height: 1};
  const height = termRows - 1;
  const body = height - HEADER_ROWS - FOOTER_ROWS;
  const colWidth = Math.floor((cols - 1) / 2);
  // Narrow terminals need a line more for the same difference.
  const diffRows = cols >= 120 ? 5 : 6;
  const spec = specs(shape, colWidth);
  if (!shape.absent.has('tasks')) spec.tasks = {min: 2, ideal: 3};
  const names: PanelName[] = ['tasks', 'gather', 'nodes', 'pressure'];
  const colMin = 1 + names.reduce((n, p) => n + spec[p].min, 0);
  // The log: a title and a line at least; a quarter of the rows when they are plenty.
  const logRows = Math.max(2, Math.min(Math.floor(body / 4), body - diffRows - colMin));
  const colRows = body - diffRows - logRows;
  const steps: [PanelName, number][] = [['gather', spec.gather.ideal], ['pressure', spec.pressure.ideal], ['tasks', spec.tasks.ideal], ['nodes', spec.nodes.ideal]];
  // One row of each column is its tag line (A / B and the policy); the rest goes to the tasks table.
  const rows = allocate(colRows - 1, names, spec, steps, [['tasks', 1]], shape.absent);
  const r = regions(rows, () => colWidth);
  return {
    kind: 'compare',
    width: cols,
    height,
    header: {width: cols, rows: HEADER_ROWS},
    footer: {width: cols, rows: FOOTER_ROWS},
    body: {width: cols, rows: body},
    diff: {width: cols, rows: diffRows},
    column: {width: colWidth, rows: colRows},
    panels: {tasks: r.tasks, gather: r.gather, nodes: r.nodes, pressure: r.pressure},
    log: {width: cols, rows: logRows},
  };
}
