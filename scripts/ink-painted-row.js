/**
 * A direct converter for painted rows, added to @alcalzone/ansi-tokenize at bundle time (applied by
 * ink-patches.js with the other patches, whose Output.get() calls it for a row it has not seen).
 *
 * Ink turns a row into its string by tokenizing it into one token per character and per SGR code,
 * giving every character its reduced style, then diffing the styles of each pair of neighbours:
 * `styledCharsToString(styledCharsFromTokens(tokenize(line)))`. A dashboard row is runs of plain
 * characters between SGR sequences, so all of that work but the style transitions at the SGR
 * sequences is copying characters. `__aswapPaintedRow(line, width)` does exactly that: it reduces the
 * codes of each SGR sequence as the tokenizer would (the same split, the same end codes, the same
 * reduction), emits the same diff where a run of characters follows a change of style, copies the
 * run as it is, closes the last style as the original does after the last character, and trims the
 * end. It answers only for a line whose characters are all graphemes of their own, one cell wide
 * (SINGLE_GRAPHEME_RANGES, which the tokenizer would also split per character), at most `width`
 * of them, and whose every ESC starts an SGR sequence the tokenizer accepts (ESC [ digits and `;`
 * m); for anything else it returns undefined and Ink's own path runs. Styles are interned by their
 * codes, each remembering what an SGR sequence makes of it and the escapes to each other style, so
 * a row with a style change every few characters costs a few lookups per change, no arrays.
 * test/components/ink-patches.test.ts checks it against the published functions on generated lines.
 */

/** Builds the converter's patches from the single-grapheme test (`c` a UTF-16 code unit). */
export function paintedRowPatches(singleTest) {
  return {
    '@alcalzone/ansi-tokenize/build/tokenize.js': [
      [
        '//# sourceMappingURL=tokenize.js.map',
        `/** The ansi tokens tokenize() makes of one SGR sequence (ESC [ digits and ; m), never mutated (patched by aswap). */
const __aswapSgrCache = new Map();
export function __aswapSgrTokens(code) {
    let tokens = __aswapSgrCache.get(code);
    if (tokens === undefined) {
        tokens = splitCompoundSGRSequences(code).map((part) => ({
            type: "ansi",
            code: part,
            endCode: getEndCode(part),
        }));
        if (__aswapSgrCache.size >= 1000) {
            __aswapSgrCache.clear();
        }
        __aswapSgrCache.set(code, tokens);
    }
    return tokens;
}
//# sourceMappingURL=tokenize.js.map`,
      ],
    ],
    '@alcalzone/ansi-tokenize/build/styledChars.js': [
      [
        'export function styledCharsFromTokens(tokens) {',
        `import { __aswapSgrTokens } from "./tokenize.js";
const __aswapSingleRow = (c) => ${singleTest};
/**
 * Reduced styles, interned by their codes (a style is its codes in order, each code's end code
 * following from the code): each remembers the style an SGR sequence makes of it and the escapes
 * that go from it to another, so a row converts with a few lookups per style change.
 */
const __aswapStyles = new Map();
function __aswapStyle(codes) {
    const key = codes.map((code) => code.code).join("");
    let style = __aswapStyles.get(key);
    if (style === undefined) {
        if (__aswapStyles.size >= 1000) {
            __aswapStyles.clear();
        }
        style = { codes, after: new Map(), to: new Map() };
        __aswapStyles.set(key, style);
    }
    return style;
}
const __aswapNoStyle = __aswapStyle([]);
/** The style an SGR sequence makes of \`style\`, as styledCharsFromTokens reduces its tokens. */
function __aswapAfter(style, sgr) {
    let next = style.after.get(sgr);
    if (next === undefined) {
        next = __aswapStyle(reduceAnsiCodesIncremental(style.codes, __aswapSgrTokens(sgr)));
        if (style.after.size >= 100) {
            style.after.clear();
        }
        style.after.set(sgr, next);
    }
    return next;
}
/** The escapes from one style to another, as styledCharsToString writes them between two characters. */
function __aswapTransition(from, to) {
    let escapes = from.to.get(to);
    if (escapes === undefined) {
        escapes = ansiCodesToString(diffAnsiCodes(from.codes, to.codes));
        if (from.to.size >= 100) {
            from.to.clear();
        }
        from.to.set(to, escapes);
    }
    return escapes;
}
/**
 * styledCharsToString(styledCharsFromTokens(tokenize(line))).trimEnd() for a painted row: at most
 * \`width\` characters, each a one-cell grapheme of its own, and only SGR escapes; else undefined
 * (patched by aswap, see scripts/ink-painted-row.js). The first character opens its style as a
 * transition from no style does (diffAnsiCodes([], codes) is codes), equal styles need nothing.
 */
export function __aswapPaintedRow(line, width) {
    const n = line.length;
    let out = "";
    let style = __aswapNoStyle;
    // The style of the character before (the start counts as no style).
    let before = __aswapNoStyle;
    let count = 0;
    let i = 0;
    while (i < n) {
        if (line.charCodeAt(i) === 27) {
            if (line.charCodeAt(i + 1) !== 91) {
                return undefined;
            }
            let j = i + 2;
            for (; j < n; j++) {
                const d = line.charCodeAt(j);
                if (d === 109) {
                    break;
                }
                if (d !== 59 && (d < 48 || d > 57)) {
                    return undefined;
                }
            }
            if (j === n) {
                return undefined;
            }
            style = __aswapAfter(style, line.slice(i, j + 1));
            i = j + 1;
            continue;
        }
        let j = i;
        for (; j < n; j++) {
            const d = line.charCodeAt(j);
            if (d >= 32 && d < 127) {
                continue;
            }
            if (d === 27) {
                break;
            }
            if (!__aswapSingleRow(d)) {
                return undefined;
            }
        }
        count += j - i;
        if (count > width) {
            return undefined;
        }
        if (before !== style) {
            out += __aswapTransition(before, style);
        }
        out += line.slice(i, j);
        before = style;
        i = j;
    }
    if (before !== __aswapNoStyle) {
        out += __aswapTransition(before, __aswapNoStyle);
    }
    return out.trimEnd();
}
export function styledCharsFromTokens(tokens) {`,
      ],
    ],
  };
}
