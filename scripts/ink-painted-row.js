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
 * m); for anything else it returns undefined and Ink's own path runs.
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
 * styledCharsToString(styledCharsFromTokens(tokenize(line))).trimEnd() for a painted row: at most
 * \`width\` characters, each a one-cell grapheme of its own, and only SGR escapes; else undefined
 * (patched by aswap, see scripts/ink-painted-row.js).
 */
export function __aswapPaintedRow(line, width) {
    const n = line.length;
    let out = "";
    let codes = [];
    // The styles of the character before (undefined before the first one).
    let before;
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
            codes = reduceAnsiCodesIncremental(codes, __aswapSgrTokens(line.slice(i, j + 1)));
            i = j + 1;
            continue;
        }
        let j = i;
        for (; j < n; j++) {
            const d = line.charCodeAt(j);
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
        if (before === undefined) {
            out += ansiCodesToString(codes);
        }
        else if (before !== codes) {
            out += ansiCodesToString(diffAnsiCodes(before, codes));
        }
        out += line.slice(i, j);
        before = codes;
        i = j;
    }
    if (before !== undefined && before.length > 0) {
        out += ansiCodesToString(diffAnsiCodes(before, []));
    }
    return out.trimEnd();
}
export function styledCharsFromTokens(tokens) {`,
      ],
    ],
  };
}
