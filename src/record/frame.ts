/**
 * Terminal bytes for a recording made without a terminal: each frame (a string such as ink's
 * `renderToString(<App/>, {columns})`) becomes a full repaint of a fixed-size screen, so a player
 * (or xterm) that plays the frames in order ends on exactly the last one, whatever came before.
 */

/** Hides the cursor and clears the screen: write it once, before the first frame. */
export const SCREEN_PRELUDE = '\x1b[?25l\x1b[H\x1b[2J';

/** Shows the cursor again: write it once, after the last frame. */
export const SCREEN_EPILOGUE = '\x1b[?25h';

export interface RepaintOptions {
  /** Screen height: lines past it are dropped, so the screen never scrolls. */
  readonly rows: number;
  /** Screen width, to spot lines that fill it (see repaintBytes). */
  readonly columns: number;
}

/**
 * One full repaint: autowrap off (an over-wide line is clipped instead of wrapping and scrolling),
 * home the cursor, then each line followed by erase-to-end-of-line, lines joined by CR LF, then
 * erase below, then autowrap on again.
 *
 * The erase after a line that fills the whole width would, on a real VT100/xterm, erase the line's
 * last cell (the cursor sits on it, waiting to wrap). So a full-width line gets its erase *before*
 * the text instead (`CR EL text`); every other line keeps the cheaper `text EL`.
 */
export function repaintBytes(frame: string, options: RepaintOptions): string {
  const lines = frame.split('\n').map((line) => line.replace(/\r$/, '')).slice(0, Math.max(0, options.rows));
  const painted = lines.map((line) =>
    visibleWidth(line) >= options.columns ? `\x1b[0m\x1b[K${line}` : `${line}\x1b[0m\x1b[K`,
  );
  return `\x1b[?7l\x1b[H${painted.join('\r\n')}\x1b[0m${lines.length < options.rows ? '\r\n\x1b[J' : ''}\x1b[?7h`;
}

// SGR and other CSI sequences, OSC sequences (hyperlinks), and single-character escapes.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Removes escape sequences: what a terminal shows of a line, minus its colours. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * Terminal cells a line takes, without escapes. Code points of East Asian wide ranges and most
 * emoji count 2; combining marks count 0. Enough to spot full-width lines; not a full wcwidth.
 */
export function visibleWidth(line: string): number {
  let width = 0;
  for (const char of stripAnsi(line)) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0x300 && code < 0x370) || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

export interface FrameRecorder {
  /** Renders a frame and writes its repaint, unless it equals the previous frame. Returns whether it wrote. */
  frame(): boolean;
  /** Writes the epilogue (cursor shown again). */
  end(): void;
}

/**
 * Drives a no-terminal recording: `frame()` calls `renderFrame` and writes the repaint bytes to
 * `writer` (the prelude before the first frame); unchanged frames write nothing, so a player
 * holds the screen until the next change.
 */
export function createFrameRecorder(
  writer: {write(data: string): void},
  renderFrame: () => string,
  options: RepaintOptions,
): FrameRecorder {
  let last: string | null = null;
  return {
    frame() {
      const next = renderFrame();
      if (next === last) return false;
      writer.write(`${last === null ? SCREEN_PRELUDE : ''}${repaintBytes(next, options)}`);
      last = next;
      return true;
    },
    end() {
      writer.write(SCREEN_EPILOGUE);
    },
  };
}
