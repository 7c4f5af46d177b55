import {fitOne, paint, paintSegs, seg, type Chunk} from './text.ts';
import type {Theme} from './theme.ts';

/**
 * A titled region of a fixed size, as painted lines. The title is in reverse video so panels stay
 * apart without borders (a border costs two rows) and without colour. A panel never returns more
 * lines than its rows, nor a line wider than its width: that is the guarantee behind the row budget
 * (a frame taller than the terminal makes Ink clear the whole screen, the flicker we avoid).
 */
export interface PanelSize {
  /** Columns the panel may use. */
  readonly width: number;
  /** Rows the panel may use, title included. */
  readonly rows: number;
}

/** Columns left for the summary next to a title (reverse-video padding and a two-space gap). */
export const titleRoom = (title: string, width: number): number => width - title.length - 4;

/** ` Title `  and the summary chunks that fit beside it. */
export function titleLine(title: string, summary: readonly Chunk[], width: number, theme: Theme): string {
  const kept = fitOne(summary, titleRoom(title, width));
  const head = [seg(` ${title} `, {bold: true, inverse: true, color: theme.title})];
  if (kept.length === 0) return paintSegs(head, width);
  return paint([head, ...kept], width);
}

/** Title line first, then body lines, cut to the panel's rows. */
export function panel(title: string, summary: readonly Chunk[], body: readonly string[], size: PanelSize, theme: Theme): string[] {
  if (size.rows <= 0 || size.width <= 0) return [];
  return [titleLine(title, summary, size.width, theme), ...body].slice(0, size.rows);
}

/** The one line a section shows when the source cannot fill it (never zeros). */
export const unavailable = (text: string, width: number): string => paintSegs([seg(text, {dim: true})], width);

/** What a null gather / nodes / exiting_tasks section means on a host. */
export const NO_PATCH = 'patch not present on this kernel';
export const NOT_AVAILABLE = 'not available';
