import React from 'react';
import {renderToString} from 'ink';
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
}

/** One dashboard frame as text, exactly as the live dashboard lays it out at that size. */
export function screenText(snapshot: Snapshot, o: ScreenTextOptions): string {
  return renderToString(
    <Screen snapshot={snapshot} other={o.other} status={o.status} supports={o.supports} kind={o.kind} cols={o.cols} rows={o.rows} color={o.color} />,
    {columns: o.cols},
  );
}
