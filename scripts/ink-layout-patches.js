/**
 * Layout without re-measuring texts whose size did not change, added to Ink 6.8 at bundle time
 * (ink-patches.js applies these after its own; test/components/ink-patches.test.ts compares the
 * frames with Ink as published, byte for byte).
 *
 * Ink marks a text's Yoga node dirty whenever its text changes, and Yoga then measures the text
 * again and lays out every box from there to the root. A dashboard frame changes the text of a
 * few blocks (the clock, PSI, a task's milliseconds) but rarely their size: a block of painted
 * rows is as wide as its widest row and as tall as its rows. So a change now only notes the text,
 * and when the frame is laid out each noted text is measured once: when it is as wide and as tall
 * as the last time Yoga measured it, and every width Yoga asked about since was at least that wide
 * (so each answer Yoga keeps was that same size, no wrapping), Yoga's answers still hold and the
 * node stays clean; otherwise it is marked dirty as before. The text itself is read again when the
 * frame is drawn, as always.
 */

export const LAYOUT_PATCHES = {
  'ink/build/dom.js': [
    [
      'const measureTextNode = function (node, width) {\n    const text = node.nodeName === \'#text\' ? node.nodeValue : squashTextNodes(node);\n    const dimensions = measureText(text);\n',
      `const measureTextNode = function (node, width) {
    const text = node.nodeName === '#text' ? node.nodeValue : squashTextNodes(node);
    const dimensions = measureText(text);
    // What Yoga was told since the node was last marked dirty (patched by aswap): its size and the
    // narrowest width asked about (NaN, for a width Yoga leaves undefined, keeps it dirty).
    const told = node.__aswapTold;
    if (told === undefined || told.width !== dimensions.width || told.height !== dimensions.height) {
        node.__aswapTold = { width: dimensions.width, height: dimensions.height, narrowest: width };
    }
    else {
        told.narrowest = Math.min(told.narrowest, width);
    }
`,
    ],
    [
      'const markNodeAsDirty = (node) => {\n    // Mark closest Yoga node as dirty to measure text dimensions again\n    const yogaNode = findClosestYogaNode(node);\n    yogaNode?.markDirty();\n};',
      `/** Texts whose content changed since the last layout (patched by aswap). */
const __aswapChanged = new Set();
const __aswapClosestWithYoga = (node) => {
    if (!node?.parentNode) {
        return undefined;
    }
    return node.yogaNode ? node : __aswapClosestWithYoga(node.parentNode);
};
const markNodeAsDirty = (node) => {
    // Mark closest Yoga node as dirty to measure text dimensions again
    const owner = __aswapClosestWithYoga(node);
    if (owner?.nodeName === 'ink-text') {
        __aswapChanged.add(owner);
    }
    else {
        owner?.yogaNode.markDirty();
    }
};
const __aswapAttached = (node) => {
    while (node.parentNode) {
        node = node.parentNode;
    }
    return node.nodeName === 'ink-root';
};
/** Before a layout: each changed text still in the tree is dirty unless Yoga's answers about it still hold. */
export const __aswapMarkChanged = () => {
    for (const node of __aswapChanged) {
        // A text removed since then has no Yoga node left to mark.
        if (!__aswapAttached(node)) {
            continue;
        }
        const told = node.__aswapTold;
        if (told !== undefined) {
            const dimensions = measureText(squashTextNodes(node));
            if (told.width === dimensions.width && told.height === dimensions.height && told.narrowest >= dimensions.width) {
                continue;
            }
        }
        node.__aswapTold = undefined;
        node.yogaNode.markDirty();
    }
    __aswapChanged.clear();
};`,
    ],
  ],
  'ink/build/ink.js': [
    [
      '        const terminalWidth = this.getTerminalWidth();\n        this.rootNode.yogaNode.setWidth(terminalWidth);\n',
      '        dom.__aswapMarkChanged();\n        const terminalWidth = this.getTerminalWidth();\n        this.rootNode.yogaNode.setWidth(terminalWidth);\n',
    ],
  ],
};
