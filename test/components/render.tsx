/**
 * Rendering helpers for component tests. Panels are functions to painted lines: `plainLines` reads
 * them as the terminal shows them. Whole-App tests need a terminal of a chosen size, so
 * `renderApp` renders with a sized stdout.
 */
import React, {type ReactElement} from 'react';
import {EventEmitter} from 'node:events';
import {Box, render as inkRender, renderToString} from 'ink';
import type {Block} from '../../components/blocks.ts';
import {Blocks} from '../../components/screen.tsx';
import {plain, SPIN} from '../../components/text.ts';

/** ANSI escape sequences (SGR and cursor), as Ink and the panels write them. */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export const strip = (s: string): string => s.replace(ANSI, '');

/** The first frame of ink-spinner's `squareCorners` (rows.tsx, SPINNER_TYPE): what a spinner shows in a rendered frame. */
export const SPIN_FRAME = '◰';

/** Trailing blanks of each line and blank last lines dropped. */
function trimmed(lines: readonly string[]): string[] {
  const out = lines.map((l) => l.trimEnd());
  while (out.length > 0 && out.at(-1) === '') out.pop();
  return out;
}

/** Painted lines as the terminal shows them: escapes stripped, a spinner as its first frame, trailing blanks (and blank last lines) trimmed. */
export function plainLines(lines: readonly string[]): string[] {
  return trimmed(lines.map((l) => plain(l).replaceAll(SPIN, SPIN_FRAME)));
}

/** Blocks (a panel with a table) rendered by Ink at `width`, as the terminal shows them. */
export function blockLines(blocks: readonly Block[], width: number): string[] {
  const out = renderToString(
    <Box flexDirection="column" width={width}>
      <Blocks blocks={blocks} y={0} styles />
    </Box>,
    {columns: width},
  );
  return trimmed(strip(out).split('\n'));
}

class FakeStdout extends EventEmitter {
  readonly frames: string[] = [];
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
}

/** ink-testing-library's stdin: keys are written as the terminal would send them. */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const {data} = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** Lets Ink mount, read stdin (an Esc waits for a setImmediate) and re-render. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

export interface Rendered {
  /** The last frame, ANSI stripped, as lines. */
  lines(): string[];
  /** Frames written so far (one per React commit: `debug` mode does not throttle). */
  frameCount(): number;
  press(keys: string): Promise<void>;
  resize(cols: number, rows: number): Promise<void>;
  unmount(): void;
}

/** Renders at a terminal size; `debug` makes Ink write every frame whole and unthrottled. */
export async function renderApp(element: ReactElement, cols: number, rows: number): Promise<Rendered> {
  const stdout = new FakeStdout(cols, rows);
  const stdin = new FakeStdin();
  const instance = inkRender(element, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await settle();
  return {
    lines: () => strip(stdout.frames.at(-1) ?? '').split('\n'),
    frameCount: () => stdout.frames.length,
    press: async (keys: string) => {
      stdin.write(keys);
      await settle();
    },
    resize: async (c: number, r: number) => {
      stdout.columns = c;
      stdout.rows = r;
      stdout.emit('resize');
      await settle();
    },
    unmount: () => instance.unmount(),
  };
}
