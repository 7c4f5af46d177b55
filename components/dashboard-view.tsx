import React from 'react';
import {Box} from 'ink';
import type {Snapshot} from '../src/engine/snapshot.ts';
import {Cpus} from './cpus.tsx';
import {EventLog} from './event-log.tsx';
import {ExitingTasks} from './exiting-tasks.tsx';
import {GatherCache} from './gather-cache.tsx';
import {Kworkers} from './kworkers.tsx';
import type {DashboardLayout} from './layout.ts';
import {Pressure} from './pressure.tsx';

interface DashboardViewProps {
  /** What to show. */
  readonly snapshot: Snapshot;
  /** Where each panel goes and how big it is. */
  readonly layout: DashboardLayout;
  /** Spinners run only while the clock does. */
  readonly animate: boolean;
}

/** The panels of one source, in one or two columns as the layout says. */
export function DashboardView({snapshot: s, layout, animate}: DashboardViewProps) {
  const p = layout.panels;
  const tasks = <ExitingTasks exitingTasks={s.exitingTasks} tasks={s.tasks} exits={s.exits} animate={animate} {...p.tasks} />;
  const gather = <GatherCache gather={s.gather} {...p.gather} />;
  const nodes = <Kworkers nodes={s.nodes} animate={animate} {...p.nodes} />;
  const pressure = <Pressure psi={s.psi} memory={s.memory} {...p.pressure} />;
  const log = <EventLog log={s.log} {...p.log} />;
  const cpus = p.cpus.rows > 0 ? <Cpus cpus={s.cpus} foreground={s.foreground} {...p.cpus} /> : null;
  if (layout.kind === 'single') {
    return (
      <Box flexDirection="column" width={layout.body.width} height={layout.body.rows} overflow="hidden">
        {tasks}
        {gather}
        {nodes}
        {cpus}
        {pressure}
        {log}
      </Box>
    );
  }
  return (
    <Box flexDirection="row" width={layout.body.width} height={layout.body.rows} overflow="hidden" columnGap={1}>
      <Box flexDirection="column" width={p.tasks.width} flexShrink={0}>
        {tasks}
        {log}
      </Box>
      <Box flexDirection="column" width={p.gather.width} flexShrink={0}>
        {gather}
        {nodes}
        {pressure}
        {cpus}
      </Box>
    </Box>
  );
}
