/**
 * A frame as blocks: runs of painted rows (one Ink `<Text>` each), the exiting tasks' table (an
 * ink-table `<Table>`), and two columns side by side. Pure data, built by frame.ts from the
 * snapshots; screen.tsx renders it. Every block has a fixed height, so the frame is exactly as tall
 * as the layout says whatever the data.
 */
import type {TaskTableModel} from './task-table.ts';
import {padLine} from './text.ts';

export interface RowsBlock {
  readonly kind: 'rows';
  readonly rows: readonly string[];
  /**
   * A block that takes turns with another in one place (the tasks' message and their table) has
   * an id: it is never merged with its neighbours, so the blocks below keep their place, their
   * components and their Ink nodes when it changes.
   */
  readonly id?: string;
}

/** Two columns: `left` padded to `leftWidth`, a blank column, then `right`. */
export interface BesideBlock {
  readonly kind: 'beside';
  readonly rows: number;
  readonly leftWidth: number;
  readonly rightWidth: number;
  readonly left: readonly Block[];
  readonly right: readonly Block[];
}

export type Block = RowsBlock | TaskTableModel | BesideBlock;

export const rowsBlock = (rows: readonly string[], id?: string): RowsBlock => (id === undefined ? {kind: 'rows', rows} : {kind: 'rows', rows, id});

export const heightOf = (b: Block): number => (b.kind === 'rows' ? b.rows.length : b.rows);

export const heightOfAll = (blocks: readonly Block[]): number => blocks.reduce((n, b) => n + heightOf(b), 0);

/** The painted rows of blocks that are all painted rows, else null. */
function rowsOnly(blocks: readonly Block[]): string[] | null {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind !== 'rows') return null;
    out.push(...b.rows);
  }
  return out;
}

/** Adjacent runs of rows merged into one: fewer components, the same screen. */
export function merge(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const last = out.at(-1);
    if (b.kind === 'rows' && b.rows.length === 0) continue;
    if (b.kind === 'rows' && b.id === undefined && last?.kind === 'rows' && last.id === undefined) out[out.length - 1] = rowsBlock([...last.rows, ...b.rows]);
    else out.push(b);
  }
  return out;
}

/** `blocks` made exactly `rows` tall: blank rows below, or cut (rows blocks only are cut). */
export function fitBlocks(blocks: readonly Block[], rows: number): Block[] {
  const out: Block[] = [];
  let left = rows;
  for (const b of blocks) {
    if (left <= 0) break;
    const h = heightOf(b);
    if (h <= left) out.push(b);
    else if (b.kind === 'rows') out.push(rowsBlock(b.rows.slice(0, left), b.id));
    // A table or columns taller than what is left does not show at all rather than overflow.
    else out.push(rowsBlock(Array.from({length: left}, () => '')));
    left -= Math.min(h, left);
  }
  if (left > 0) out.push(rowsBlock(Array.from({length: left}, () => '')));
  return merge(out);
}

/**
 * Two columns side by side, `rows` tall. Painted rows on both sides are joined into one string
 * per screen row (one Ink node per row, as everywhere else); a table on either side makes two Ink
 * columns instead.
 */
export function beside(left: readonly Block[], leftWidth: number, right: readonly Block[], rightWidth: number, rows: number): Block[] {
  const l = fitBlocks(left, rows);
  const r = fitBlocks(right, rows);
  const lr = rowsOnly(l);
  const rr = rowsOnly(r);
  if (lr && rr) return [rowsBlock(lr.map((line, i) => `${padLine(line, leftWidth)} ${rr[i] ?? ''}`))];
  return [{kind: 'beside', rows, leftWidth, rightWidth, left: l, right: r}];
}
