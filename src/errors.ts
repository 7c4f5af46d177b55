/** A user mistake: the CLI prints `aswap: <message>` on one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The longest message aswap prints about one mistake; the rest is cut with an ellipsis. */
export const MAX_MESSAGE = 600;

/**
 * Text from outside (a file's bytes, a path, a flag's value) made safe for a terminal and for one
 * line: control characters (C0, DEL, C1: ESC would start an escape sequence that retitles or
 * reprograms the terminal) become `\xNN`/`\uNNNN` escapes, lone surrogates `\uNNNN`; at most `max`
 * characters are kept.
 */
export function sanitize(text: string, max = MAX_MESSAGE): string {
  let out = '';
  for (const ch of text) {
    if (out.length >= max) return `${out}…`;
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return out;
}

/**
 * A short excerpt of a value from a user's file for an error message: never walks deep structures
 * (a file of 100,000 nested arrays), never longer than `max` characters, sanitized.
 */
export function excerpt(value: unknown, max = 40): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${sanitize(value.slice(0, max), max * 6)}${value.length > max ? '…' : ''}"`;
  return sanitize(String(value), max);
}
