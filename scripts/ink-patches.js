/**
 * Changes to Ink 6.8 and two of its dependencies, applied while esbuild bundles the CLI
 * (scripts/build.js). They change what a frame costs, never what it looks like:
 * test/components/ink-patches.test.ts renders the same frames through the original and the patched
 * code and compares them byte for byte.
 *
 * Why: Ink draws every frame from scratch. For each line of each text node it splits the line into
 * graphemes with Intl.Segmenter, measures it, builds a grid of styled cells for the whole terminal
 * and turns each row back into a string by diffing ANSI codes cell by cell; its caches for that
 * live for one frame only. A 120×40 dashboard at 10 frames per second spent about 12 ms per frame
 * there, while most rows are the same as in the previous frame (htop rewrites only changed cells).
 *
 * - ink/build/output.js: the per-line caches (graphemes, widths) are shared across frames, and a
 *   row whose writes (position and text of each fragment, after clipping and transforms) are the
 *   same as in an earlier frame reuses that frame's row string instead of rebuilding its cells.
 *   A new row that is one fragment from the first column, one cell per character (a painted row),
 *   is converted straight from its text runs and SGR sequences (ink-painted-row.js) without a grid
 *   of cells or a token per character; such a row is keyed by its text alone, and a text drawn in
 *   the frame before reuses that frame's lines (strings whose hashes the caches already know).
 *   The method itself is in ink-output.js.
 * - widest-line: remembers the width of the texts it measured (Ink measures every text node in
 *   every frame, for the layout and again for the output), and of each line of a longer text.
 * - ink/build/sanitize-ansi.js: remembers the texts it sanitized (every styled text node, every
 *   frame), and returns a text as it is when its only escapes are SGR sequences (ESC [ digits,
 *   `:` and `;` m), which the tokenizer would keep whole, without tokenizing it: the dashboard's
 *   texts are painted rows, a block of them one text, re-sanitized whenever one row changed. One
 *   regular-expression scan tells that, without copying the text.
 * - @alcalzone/ansi-tokenize: a line whose every character is its own grapheme (ASCII, Latin-1,
 *   and the box-drawing, block, braille, arrow and math symbols the dashboard draws) is split per
 *   character instead of through Intl.Segmenter, which gives the same segments far slower.
 * - string-width: the same for measuring: a string of such characters is as wide as the sum of its
 *   characters, each measured once by string-width itself (a table by code unit); a painted string
 *   is measured in one pass that steps over its SGR sequences, which stripAnsi would remove whole.
 * - @alcalzone/ansi-tokenize/build/styledChars.js: the characters of a run share one style array
 *   instead of a copy each, and a character styled like the one before skips the style diff
 *   (which is empty then): far less garbage per changed row.
 * - ink/build/measure-text.js: its cache, which kept every text ever measured (the dashboard's
 *   clock alone adds one per frame), is bounded, so memory stays flat over a long session.
 * - ink/build/ink.js: the layout is computed when a frame is drawn, not after every React commit.
 *   Ink 6.8 runs Yoga over the whole tree in every commit (for measureElement and useBoxMetrics,
 *   which the dashboard does not use) and then throttles the drawing: over the first 15 s of a
 *   kill wave the dashboard committed 115 times (snapshots, spinner steps) and drew 63 frames, so
 *   half the layouts were never drawn. A commit now marks the layout stale and the next drawn frame
 *   (or a resize, or unmount) computes it once; what a frame shows is laid out as before.
 * - ink/build/dom.js (and ink.js): a text whose content changed but whose size Yoga already knows
 *   is not marked dirty, so a frame that only changes numbers lays nothing out (ink-layout-patches.js).
 * - ink-table and ink-spinner: see ink-component-patches.js.
 *
 * Every cache is cleared when it reaches CACHE_LIMIT entries. A patch checks the exact text it
 * replaces (for Output.get(), a SHA-256 of the whole method): if a dependency changes, the build
 * fails here instead of shipping a patch that no longer fits.
 */
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {COMPONENT_PATCHES} from './ink-component-patches.js';
import {LAYOUT_PATCHES} from './ink-layout-patches.js';
import {OUTPUT_GET} from './ink-output.js';
import {paintedRowPatches} from './ink-painted-row.js';

const CACHE_LIMIT = 1000;

const boundedMap = `
const __aswapBounded = () => {
    const map = new Map();
    const set = map.set.bind(map);
    map.set = (key, value) => {
        if (map.size >= ${CACHE_LIMIT}) map.clear();
        return set(key, value);
    };
    return map;
};`;


/**
 * Code points that are a grapheme of their own whatever surrounds them (Grapheme_Cluster_Break
 * "Other" or a lone Control) and never full width: ASCII but CR (CR LF is one grapheme), Latin-1,
 * general punctuation, arrows, mathematical operators, box drawing, blocks, geometric shapes up to
 * U+25FC (U+25FD and U+25FE are wide), braille.
 */
export const SINGLE_GRAPHEME_RANGES = [
  [0x00, 0x0c], [0x0e, 0x7f], [0xa0, 0xff], [0x2010, 0x2027], [0x2030, 0x205e], [0x2190, 0x21ff],
  [0x2200, 0x22ff], [0x2500, 0x25fc], [0x2800, 0x28ff],
];

/** The test of those ranges for a code unit `c`, as JavaScript source. */
const SINGLE_TEST = SINGLE_GRAPHEME_RANGES.map(([a, b]) => `(c >= ${a} && c <= ${b})`).join(' || ');

const segmentsPatch = `
const __aswapSingle = (c) => ${SINGLE_TEST};
/** Per code unit when every one is a grapheme of its own, else Intl.Segmenter (patched by aswap). */
function __aswapSegments(str) {
    for (let i = 0; i < str.length; i++) {
        if (!__aswapSingle(str.charCodeAt(i))) {
            return segmenter.segment(str);
        }
    }
    const segments = new Array(str.length);
    for (let i = 0; i < str.length; i++) {
        segments[i] = { segment: str[i], index: i };
    }
    return segments;
}
export function tokenize(`;

/** [file, [find, replace] | {start, end, sha256, replace}][]: exact edits per file, by path under node_modules. */
export const PATCHES = {
  'ink/build/output.js': [
    ["import { styledCharsFromTokens, styledCharsToString, tokenize, } from '@alcalzone/ansi-tokenize';", "import { styledCharsFromTokens, styledCharsToString, tokenize, __aswapPaintedRow, } from '@alcalzone/ansi-tokenize';"],
    ['export default class Output {', `${boundedMap}
class __AswapSharedCaches extends OutputCaches {
    widths = __aswapBounded();
    blockWidths = __aswapBounded();
    styledChars = __aswapBounded();
}
const __aswapCaches = new __AswapSharedCaches();
/** Rows by their fragments, painted rows by their text, and the lines of each text of the last frame. */
const __aswapRows = {width: -1, map: __aswapBounded(), painted: __aswapBounded(), lines: new Map()};
/** The style of every blank cell: one array (never mutated), so runs of blanks need no diff. */
const __aswapNoStyles = [];
export default class Output {`],
    ['    caches = new OutputCaches();', '    caches = __aswapCaches;'],
    {start: '    get() {', end: '\n}\n//# sourceMappingURL=output.js.map', sha256: '27abe5b4354d8a7bbcdb23e823546fc5925258dedc7c91891b8ff9bff0f42c3d', replace: OUTPUT_GET},
  ],
  'widest-line/index.js': [
    ['export default function widestLine(string) {', `${boundedMap}
const __aswapWidest = __aswapBounded();
export default function widestLine(string) {
	const cached = __aswapWidest.get(string);
	if (cached !== undefined) {
		return cached;
	}
	const width = widestLineUncached(string);
	__aswapWidest.set(string, width);
	return width;
}

function widestLineUncached(string) {`],
    // A text of several lines (a block of painted rows) measures each line through the same
    // cache: a block in which one row changed measures that row only.
    ['\t\tlineWidth = Math.max(lineWidth, stringWidth(line));', '\t\tlineWidth = Math.max(lineWidth, string.includes(\'\\n\') ? widestLine(line) : stringWidth(line));'],
  ],
  'ink/build/sanitize-ansi.js': [
    ['const sanitizeAnsi = (text) => {', `${boundedMap}
const __aswapSanitized = __aswapBounded();
const sanitizeAnsi = (text) => {
    let sanitized = __aswapSanitized.get(text);
    if (sanitized === undefined) {
        // Without its SGR sequences, nothing the tokenizer would treat as a control (ESC or a C1
        // control, as hasAnsiControlCharacters tests) is left: it would keep every character and
        // every one of those sequences, so the text is its own result. An ESC is left exactly when
        // it does not start an SGR sequence (none can start inside another), which one scan
        // without a copy of the text tells.
        sanitized = /\\u001B(?!\\[[\\d:;]*m)|[\\u0080-\\u009F]/.test(text) ? sanitizeAnsiUncached(text) : text;
        __aswapSanitized.set(text, sanitized);
    }
    return sanitized;
};
const sanitizeAnsiUncached = (text) => {`],
  ],
  '@alcalzone/ansi-tokenize/build/tokenize.js': [
    ['export function tokenize(', segmentsPatch],
    ['    for (const { segment, index } of segmenter.segment(str)) {', '    for (const { segment, index } of __aswapSegments(str)) {'],
  ],
  'string-width/index.js': [
    ['export default function stringWidth(input, options = {}) {', `const __aswapSingle = (c) => ${SINGLE_TEST};
/** Widths of the single-grapheme characters (all below U+2900) as string-width measures them; -1: not yet. */
const __aswapCharWidths = new Int8Array(0x2900).fill(-1);
const __aswapCharWidth = (c) => {
	let w = __aswapCharWidths[c];
	if (w < 0) {
		w = stringWidthUncached(String.fromCharCode(c));
		__aswapCharWidths[c] = w;
	}
	return w;
};
/** The width of a string of such characters and SGR sequences (ESC [ digits and ; m, which stripAnsi removes whole), else -1. */
function __aswapPaintedWidth(input) {
	let width = 0;
	const n = input.length;
	let i = 0;
	while (i < n) {
		const c = input.charCodeAt(i);
		// Printable ASCII, most of any row: one cell each.
		if (c >= 32 && c < 127) {
			width++;
			i++;
			continue;
		}
		if (c === 27) {
			if (input.charCodeAt(i + 1) !== 91) {
				return -1;
			}
			let j = i + 2;
			while (j < n) {
				const d = input.charCodeAt(j);
				if (d === 109 || (d !== 59 && (d < 48 || d > 57))) {
					break;
				}
				j++;
			}
			if (input.charCodeAt(j) !== 109) {
				return -1;
			}
			i = j + 1;
			continue;
		}
		if (!__aswapSingle(c)) {
			return -1;
		}
		width += __aswapCharWidth(c);
		i++;
	}
	return width;
}
export default function stringWidth(input, options = {}) {
	if (typeof input === 'string' && options.ambiguousIsNarrow === undefined && options.countAnsiEscapeCodes === undefined) {
		const painted = __aswapPaintedWidth(input);
		if (painted >= 0) {
			return painted;
		}
		const string = input.includes('\\u001B') || input.includes('\\u009B') ? stripAnsi(input) : input;
		let width = 0;
		let simple = true;
		for (let i = 0; i < string.length; i++) {
			const c = string.charCodeAt(i);
			if (!__aswapSingle(c)) {
				simple = false;
				break;
			}
			width += __aswapCharWidth(c);
		}
		if (simple) {
			return width;
		}
	}
	return stringWidthUncached(input, options);
}

function stringWidthUncached(input, options = {}) {`],
  ],
  '@alcalzone/ansi-tokenize/build/styledChars.js': [
    // The characters of a run share its style array (no function here or in Ink mutates one), and
    // each character is its own fresh token from tokenize() given its style, not a copy of it …
    ['            ret.push({\n                ...token,\n                styles: [...codes],\n            });', '            token.styles = codes;\n            ret.push(token);'],
    // … so a character styled like the one before needs no diff (diffAnsiCodes(a, a) is empty).
    ['            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));', '            if (chars[i - 1].styles !== char.styles) {\n                ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));\n            }'],
    ['            ret += ansiCodesToString(diffAnsiCodes(char.styles, []));', '            if (char.styles.length > 0) {\n                ret += ansiCodesToString(diffAnsiCodes(char.styles, []));\n            }'],
  ],
  'ink/build/measure-text.js': [['const cache = new Map();', `${boundedMap}\nconst cache = __aswapBounded();`]],
  'ink/build/ink.js': [
    // A commit only marks the layout stale …
    ['        this.rootNode.onComputeLayout = this.calculateLayout;', '        this.rootNode.onComputeLayout = () => {\n            this.__aswapLayoutStale = true;\n        };'],
    ['    calculateLayout = () => {\n', '    calculateLayout = () => {\n        this.__aswapLayoutStale = false;\n'],
    // … and a frame lays it out before drawing, if a commit came since the last layout.
    [
      '    onRender = () => {\n        this.hasPendingThrottledRender = false;\n        if (this.isUnmounted) {\n            return;\n        }\n',
      '    onRender = () => {\n        this.hasPendingThrottledRender = false;\n        if (this.isUnmounted) {\n            return;\n        }\n        if (this.__aswapLayoutStale) {\n            this.calculateLayout();\n        }\n',
    ],
  ],
  ...COMPONENT_PATCHES,
};
// The painted-row converter's and the layout's edits come after the others in the files they share.
for (const more of [paintedRowPatches(SINGLE_TEST), LAYOUT_PATCHES]) {
  for (const [file, edits] of Object.entries(more)) PATCHES[file] = [...(PATCHES[file] ?? []), ...edits];
}

/** Applies the patches of one file (by its path under node_modules) to its source; throws if the source is not the one they were written for. */
export function patchInkSource(file, source) {
  let out = source;
  for (const patch of PATCHES[file] ?? []) {
    if (Array.isArray(patch)) {
      const [find, replace] = patch;
      if (!out.includes(find)) throw new Error(`ink-patches: ${file} no longer contains ${JSON.stringify(find)}; the dependency changed, update scripts/ink-patches.js`);
      out = out.replace(find, replace);
      continue;
    }
    const a = out.indexOf(patch.start);
    const b = out.indexOf(patch.end, a);
    const region = a < 0 || b < 0 ? '' : out.slice(a, b);
    const sha = createHash('sha256').update(region).digest('hex');
    if (sha !== patch.sha256) throw new Error(`ink-patches: ${file} changed where Output.get() was (sha256 ${sha}); the dependency changed, update scripts/ink-patches.js`);
    out = out.slice(0, a) + patch.replace + out.slice(b);
  }
  return out;
}

/** The esbuild plugin. */
export const inkPatches = {
  name: 'ink-patches',
  setup(build) {
    const files = Object.keys(PATCHES).map((f) => f.replace(/[.@/-]/g, (c) => (c === '/' ? '[\\\\/]' : `\\${c}`)));
    const filter = new RegExp(`[\\\\/]node_modules[\\\\/](${files.join('|')})$`);
    build.onLoad({filter}, async (args) => {
      // Only the copies Ink uses (directly under node_modules); nested older copies stay as they are.
      const path = args.path.replace(/\\/g, '/');
      const file = path.slice(path.indexOf('/node_modules/') + '/node_modules/'.length);
      if (!(file in PATCHES)) return undefined;
      return {contents: patchInkSource(file, await readFile(args.path, 'utf8')), loader: 'js'};
    });
  },
};
