import React from 'react';
import {Box, Text} from 'ink';
import type {Snapshot} from '../src/engine/snapshot.ts';
import {CompareDiff, type Side} from './compare-diff.tsx';
import {ExitingTasks} from './exiting-tasks.tsx';
import {GatherCache} from './gather-cache.tsx';
import {Kworkers} from './kworkers.tsx';
import type {CompareLayout} from './layout.ts';
import {Pressure} from './pressure.tsx';
import {useTheme} from './theme.ts';

interface CompareViewProps {
  /** The source the keys drive. */
  readonly a: Snapshot;
  /** The one that follows it under another policy. */
  readonly b: Snapshot;
  /** Where each panel goes and how big it is. */
  readonly layout: CompareLayout;
  /** Spinners run only while the clock does. */
  readonly animate: boolean;
}

const side = (tag: string, s: Snapshot): Side => ({tag, policy: s.params.policy, exits: s.exits, gather: s.gather, nodes: s.nodes});

/** One side: its tag and policy, then its key panels. */
function Column({tag, s, layout, animate}: {readonly tag: string; readonly s: Snapshot; readonly layout: CompareLayout; readonly animate: boolean}) {
  const theme = useTheme();
  const p = layout.panels;
  return (
    <Box flexDirection="column" width={layout.column.width} height={layout.column.rows} overflow="hidden" flexShrink={0}>
      <Text wrap="truncate" bold inverse={theme.color} color={theme.title}>
        {` ${tag}  ${s.params.policy} `}
      </Text>
      <ExitingTasks exitingTasks={s.exitingTasks} tasks={s.tasks} exits={s.exits} animate={animate} {...p.tasks} />
      <GatherCache gather={s.gather} {...p.gather} />
      <Kworkers nodes={s.nodes} animate={animate} {...p.nodes} />
      <Pressure psi={s.psi} memory={s.memory} {...p.pressure} />
    </Box>
  );
}

/** Two runs of the same scenario and seed under two policies, and their difference. */
export function CompareView({a, b, layout, animate}: CompareViewProps) {
  return (
    <Box flexDirection="column" width={layout.body.width} height={layout.body.rows} overflow="hidden">
      <CompareDiff a={side('A', a)} b={side('B', b)} {...layout.diff} />
      <Box flexDirection="row" columnGap={1}>
        <Column tag="A" s={a} layout={layout} animate={animate} />
        <Column tag="B" s={b} layout={layout} animate={animate} />
      </Box>
    </Box>
  );
}
