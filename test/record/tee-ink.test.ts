import {readFileSync} from 'node:fs';
import {Terminal} from '@xterm/headless';
import {Box, Text, render} from 'ink';
import {createElement as h} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {createAsciicastWriter, createTeeStream, parseAsciicast} from '../../src/record/asciicast.ts';
import {tempDir} from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

// createElement, not JSX: under vitest's NODE_ENV=production the JSX transform still emits jsxDEV.
function Panel({count}: {readonly count: number}) {
  return h(
    Box,
    {borderStyle: 'single', width: 40, flexDirection: 'column'},
    h(Text, null, `exiting_tasks:2 cache_counts:${count}`),
    h(Text, null, 'async_swap_count 4242'),
  );
}

describe('Ink through the tee stream', () => {
  it('renders into a recording without a terminal, and the cast replays to the last frame', async () => {
    tmp = tempDir();
    const path = tmp.file('ink.cast');
    let t = 0;
    const writer = createAsciicastWriter(path, {width: 60, height: 10, clock: () => t, timestamp: 0});
    const stdout = createTeeStream(null, writer, {columns: 60, rows: 10});
    const app = render(h(Panel, {count: 1}), {stdout: stdout as unknown as NodeJS.WriteStream, patchConsole: false, exitOnCtrlC: false, debug: false});
    for (const count of [5, 17, 31]) {
      t += 0.5;
      app.rerender(h(Panel, {count}));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    app.unmount();
    await app.waitUntilExit();
    writer.close();

    const {header, events} = parseAsciicast(readFileSync(path, 'utf8'));
    expect([header.width, header.height]).toEqual([60, 10]);
    const term = new Terminal({cols: 60, rows: 10, allowProposedApi: true});
    for (const [, , data] of events) await new Promise<void>((resolve) => term.write(data, resolve));
    const screen = Array.from({length: 10}, (_, i) => term.buffer.active.getLine(i)!.translateToString(true));
    expect(screen.join('\n')).toContain('exiting_tasks:2 cache_counts:31');
    expect(screen.join('\n')).not.toContain('cache_counts:17');
    term.dispose();
  });
});
