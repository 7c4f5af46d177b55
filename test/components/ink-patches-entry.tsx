/**
 * Renders a fixed sequence of frames with Ink and prints them as JSON; ink-patches.test.ts bundles
 * this with and without scripts/ink-patches.js and compares the two outputs.
 */
import React from 'react';
import {EventEmitter} from 'node:events';
import {Box, render, Text} from 'ink';
import {advance, emptyHistory} from '../../components/history.ts';
import {Screen} from '../../components/screen.tsx';
import {resolveRun} from '../../src/run-config.ts';
import {SimSource} from '../../src/sources/sim.ts';

class Tty extends EventEmitter {
  readonly isTTY = true;
  readonly frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string) => {
    this.frames.push(chunk);
    return true;
  };
}

/** Clipping, borders, wide characters, wrapping and a text above its box: what Output.get() must get right. */
function Edge({n}: {readonly n: number}) {
  return (
    <Box flexDirection="column" width={40}>
      <Box borderStyle="round" borderColor="cyan" width={30} height={4} overflow="hidden">
        <Text color="green">{`wide 日本語 ${n} 🙂 and a line that is far too long for this box ${'x'.repeat(n % 7)}`}</Text>
      </Box>
      <Box height={2} overflow="hidden" marginTop={-1}>
        <Text>{`above\n${n}\nbelow`}</Text>
      </Box>
      <Box width={12} overflowX="hidden">
        <Text wrap="truncate-middle" bold>{`${'ab'.repeat(n % 9)}-middle-${n}`}</Text>
      </Box>
      <Text inverse dimColor>{n % 2 === 0 ? 'even' : 'odd'}</Text>
    </Box>
  );
}

const out: string[][] = [];
{
  const tty = new Tty(50, 12);
  const ink = render(<Edge n={0} />, {stdout: tty as unknown as NodeJS.WriteStream, debug: true, patchConsole: false, exitOnCtrlC: false});
  for (let n = 1; n < 25; n++) ink.rerender(<Edge n={n % 6} />);
  ink.unmount();
  out.push(tty.frames);
}
/** A scenario drawn frame by frame through its kill wave: the tasks' ink-table, spinners, columns. */
function dashboard(cols: number, rows: number, scenario: string, seconds: number, comparePolicy?: 'sync'): string[] {
  const sim = new SimSource(resolveRun({scenario, set: []}), {manual: true});
  const other = comparePolicy ? new SimSource(resolveRun({scenario, policy: comparePolicy, set: []}), {manual: true}) : null;
  const tty = new Tty(cols, rows);
  let history = emptyHistory;
  let otherHistory = emptyHistory;
  const screen = () => {
    history = advance(history, sim.getSnapshot());
    if (other) otherHistory = advance(otherHistory, other.getSnapshot());
    return (
      <Screen
        snapshot={sim.getSnapshot()} history={history} other={other?.getSnapshot()} otherHistory={other ? otherHistory : undefined}
        status={sim.getStatus()} supports={sim.supports} kind="sim" cols={cols} rows={rows} color
      />
    );
  };
  const ink = render(screen(), {stdout: tty as unknown as NodeJS.WriteStream, debug: true, patchConsole: false, exitOnCtrlC: false});
  for (let i = 1; i < seconds * 10; i++) {
    for (const s of other ? [sim, other] : [sim]) {
      s.advance(100_000_000);
      s.publish();
    }
    ink.rerender(screen());
  }
  ink.unmount();
  return tty.frames;
}

out.push(dashboard(120, 40, 'camera-launch', 6));
out.push(dashboard(200, 50, 'kill-burst', 3));
out.push(dashboard(120, 40, 'kill-burst', 3, 'sync'));
process.stdout.write(JSON.stringify(out));
