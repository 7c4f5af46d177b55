import React from 'react';
import {renderToString} from 'ink';
import type {History} from '../../components/history.ts';
import {Screen} from '../../components/screen.tsx';
import type {Snapshot} from '../engine/snapshot.ts';
import type {CommandType, Source, SourceStatus} from '../sources/source.ts';

export interface ScreenTextOptions {
  readonly cols: number;
  readonly rows: number;
  readonly color: boolean;
  readonly status: SourceStatus;
  readonly supports: ReadonlySet<CommandType>;
  readonly kind: Source['kind'];
  readonly other?: Snapshot;
  /** What came before (rates over a window, PSI per second, the log); a single reading without. */
  readonly history?: History;
  /** Bold, dim and reverse video; off for a file or a pipe. @default true */
  readonly styles?: boolean;
  /** The status line. @default none */
  readonly notice?: string | null;
}

/** One dashboard frame as text, exactly as the live dashboard lays it out at that size. */
export function screenText(snapshot: Snapshot, o: ScreenTextOptions): string {
  return renderToString(
    <Screen snapshot={snapshot} other={o.other} history={o.history} status={o.status} supports={o.supports} kind={o.kind} cols={o.cols} rows={o.rows} color={o.color} styles={o.styles} notice={o.notice ?? null} />,
    {columns: o.cols},
  );
}
