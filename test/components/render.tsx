/**
 * Rendering helpers for component tests. Panels go through ink-testing-library; whole-App tests need
 * a terminal of a chosen width (ink-testing-library's is fixed at 100 columns), so `renderApp` is
 * the same idea with a sized stdout.
 */
import React, {type ReactElement} from 'react';
import {EventEmitter} from 'node:events';
import {render as inkRender} from 'ink';
import {render} from 'ink-testing-library';
import {makeTheme, ThemeContext} from '../../components/theme.ts';

/** ANSI escape sequences (SGR and cursor), as Ink and chalk write them. */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export const strip = (s: string): string => s.replace(ANSI, '');

/** Renders a panel and returns its lines, ANSI stripped, trailing blanks (and blank last lines) trimmed. */
export function renderPanel(element: ReactElement, color = false): string[] {
  const {lastFrame, unmount} = render(<ThemeContext.Provider value={makeTheme(color)}>{element}</ThemeContext.Provider>);
  const frame = lastFrame() ?? '';
  unmount();
  const lines = strip(frame).split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** The raw frame (with ANSI), for colour tests. */
export function renderRaw(element: ReactElement, color: boolean): string {
  const {lastFrame, unmount} = render(<ThemeContext.Provider value={makeTheme(color)}>{element}</ThemeContext.Provider>);
  const frame = lastFrame() ?? '';
  unmount();
  return frame;
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
