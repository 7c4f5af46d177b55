/**
 * A real terminal for end-to-end tests: the command runs in a pseudo-terminal (node-pty) and its
 * output goes through a headless xterm, so the test reads the screen a user would see, alternate
 * screen included.
 */
import {spawn} from 'node-pty';
import xterm from '@xterm/headless';

export interface PtyOptions {
  readonly cols?: number;
  readonly rows?: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface PtySession {
  /** The visible screen, one string per row, right-trimmed. */
  screenText(): string;
  /** Polls the screen until it contains `what` (or matches it, or the predicate holds); rejects with the screen after `timeoutMs`. */
  waitFor(what: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Types keys as the terminal would send them (`\x1b` is Esc, `\x03` Ctrl-C). */
  press(keys: string): void;
  /** The exit status once the command ended (128 + n for a signal), after its output was drawn. */
  readonly exit: Promise<number>;
  /** The command is on the alternate screen (full-screen apps are). */
  isAltScreen(): boolean;
  /** Ends the command if it still runs. */
  kill(): void;
}

export function spawnPty(file: string, args: readonly string[], opts: PtyOptions = {}): PtySession {
  const cols = opts.cols ?? 120;
  const rows = opts.rows ?? 40;
  const term = new xterm.Terminal({cols, rows, allowProposedApi: true});
  const env: NodeJS.ProcessEnv = {...process.env, ...opts.env, TERM: 'xterm-256color'};
  // Ink renders only the final frame when it believes it runs in CI.
  delete env['CI'];
  const child = spawn(file, [...args], {name: 'xterm-256color', cols, rows, cwd: opts.cwd ?? process.cwd(), env: env as Record<string, string>});
  // xterm parses asynchronously: chain the writes so "drawn" has a meaning.
  let drawn = Promise.resolve();
  child.onData((data) => {
    drawn = drawn.then(() => new Promise<void>((resolve) => term.write(data, resolve)));
  });
  let running = true;
  const exit = new Promise<number>((resolve) => {
    child.onExit(({exitCode, signal}) => {
      running = false;
      void drawn.then(() => resolve(signal ? 128 + signal : exitCode));
    });
  });

  const screenText = (): string => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines.join('\n');
  };

  const matches = (what: string | RegExp | ((screen: string) => boolean), screen: string): boolean =>
    typeof what === 'string' ? screen.includes(what) : what instanceof RegExp ? what.test(screen) : what(screen);

  const waitFor = async (what: string | RegExp | ((screen: string) => boolean), timeoutMs = 10_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await drawn;
      const screen = screenText();
      if (matches(what, screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(what)}; the screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    screenText,
    waitFor,
    press: (keys) => child.write(keys),
    exit,
    isAltScreen: () => term.buffer.active.type === 'alternate',
    kill: () => {
      if (running) child.kill();
    },
  };
}
