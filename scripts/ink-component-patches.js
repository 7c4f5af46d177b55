/**
 * Build-time patches of the two Ink components the dashboard uses (see ink-patches.js, which
 * applies them with Ink's own and checks each find text). They change what a frame costs, never
 * what it looks like (test/components/ink-patches.test.ts compares the frames byte for byte).
 *
 * - ink-table/dist/index.js (@alcalzone/ink-table, the exiting tasks' table): a row is keyed by
 *   its position instead of a SHA-1 of its data. The hash costs an object-hash walk per row per
 *   render, and a row whose data changed (a running task's ms, every frame of a kill wave) got a
 *   new key, so React threw its Ink nodes away and built new ones instead of updating two cells.
 *   And a skeleton component marked `inkTableDrawsNothing` (the dashboard's, which renders
 *   nothing: the table is borderless) builds none of the rows and pieces that are only skeleton:
 *   the top and bottom rules, the rule before each row, each row's edges and crosses. Those are
 *   three Ink boxes and twenty React elements a task that all lay out to nothing; the table on
 *   screen is the same. Each row it draws is one Ink Text with the cells (padded by ink-table to
 *   their columns' widths) nested in it, instead of a row box of one Text per cell: one Yoga node
 *   and one painted row (ink-patches.js) per task instead of a dozen nodes written cell by cell
 *   into a grid.
 * - ink-spinner/build/index.js: spinners of one interval share one timer instead of a
 *   setInterval each. Every spinner still steps through its own frames every `interval` ms, but
 *   all of them in the same timer callback, inside the reconciler's batchedUpdates (Ink renders
 *   in React's legacy mode, where each setState outside an event commits at once): one commit,
 *   one layout and one frame for all the spinners on screen (a kill wave has one per running
 *   task), instead of one each at scattered moments. And they can step with the dashboard's
 *   frames instead: `globalThis[Symbol.for('aswap.spinner-frame')](update)` (components/
 *   use-snapshot.ts calls it for each new snapshot) steps the spinners that are due and applies
 *   `update` in the same batch, so a frame and its spinners are one React commit and one drawn
 *   frame. While frames come, the timers stand aside; when they stop coming (a paused or quiet
 *   dashboard publishes every half second or less often), the timers step the spinners again.
 */

export const COMPONENT_PATCHES = {
  'ink-spinner/build/index.js': [
    ['function Spinner({ type = \'dots\' }) {', `import __aswapReconciler from '../../ink/build/reconciler.js';
/** Timers shared by the spinners of one interval (patched by aswap): interval → {timer, listeners}. */
const __aswapTickers = new Map();
/** When a frame last stepped the spinners (-Infinity: never, the timers step them). */
let __aswapLastFrameMs = -Infinity;
/** A frame steps a spinner whose last step is at least its interval ago, less this much (timer jitter). */
const __aswapFrameSlackMs = 20;
function __aswapStep(ticker, nowMs) {
    ticker.lastMs = nowMs;
    for (const l of ticker.listeners) {
        l();
    }
}
globalThis[Symbol.for('aswap.spinner-frame')] = (update) => {
    const nowMs = performance.now();
    __aswapLastFrameMs = nowMs;
    __aswapReconciler.batchedUpdates(() => {
        for (const [interval, ticker] of __aswapTickers) {
            if (nowMs - ticker.lastMs >= interval - __aswapFrameSlackMs) {
                __aswapStep(ticker, nowMs);
            }
        }
        update();
    });
};
function __aswapEvery(interval, listener) {
    let ticker = __aswapTickers.get(interval);
    if (ticker === undefined) {
        const listeners = new Set();
        ticker = { listeners, lastMs: performance.now(), timer: setInterval(() => {
                const nowMs = performance.now();
                // Frames are stepping the spinners: the timer stands aside.
                if (nowMs - __aswapLastFrameMs < 2 * interval) {
                    return;
                }
                __aswapReconciler.batchedUpdates(() => __aswapStep(ticker, nowMs));
            }, interval) };
        __aswapTickers.set(interval, ticker);
    }
    ticker.listeners.add(listener);
    return () => {
        ticker.listeners.delete(listener);
        if (ticker.listeners.size === 0) {
            clearInterval(ticker.timer);
            __aswapTickers.delete(interval);
        }
    };
}
function Spinner({ type = 'dots' }) {`],
    ['        const timer = setInterval(() => {', '        return __aswapEvery(spinner.interval, () => {'],
    ['        }, spinner.interval);\n        return () => {\n            clearInterval(timer);\n        };', '        });'],
  ],
  'ink-table/dist/index.js': [
    // Rows keyed by position, not by a hash of their data.
    ['const key = `row-${sha1(row)}-${index}`;', 'const key = `row-${index}`;'],
    // A skeleton that draws nothing builds no rule rows …
    [
      '        return (_jsxs(Box, { flexDirection: "column", children: [this.header({ key: \'header\', columns, data: {} }),',
      '        const bare = this.getConfig().skeleton.inkTableDrawsNothing === true;\n        return (_jsxs(Box, { flexDirection: "column", children: [bare ? null : this.header({ key: \'header\', columns, data: {} }),',
    ],
    [
      '                    return (_jsxs(Box, { flexDirection: "column", children: [this.separator(',
      '                    if (bare) {\n                        return _jsx(React.Fragment, { children: this.data({ key: `data-${key}`, columns, data: row }) }, key);\n                    }\n                    return (_jsxs(Box, { flexDirection: "column", children: [this.separator(',
    ],
    ['                }), this.footer({ key: \'footer\', columns, data: {} })] }));', '                }), bare ? null : this.footer({ key: \'footer\', columns, data: {} })] }));'],
    // … no edges or crosses in the rows it draws, and each of those rows is one Text with its cells
    // nested in it instead of a row Box of one Text per cell.
    [
      '    return (props) => (_jsxs(Box, { flexDirection: "row", children: [_jsx(skeleton.component, { children: skeleton.left }), ...intersperse((i) => {',
      '    const bare = skeleton.component.inkTableDrawsNothing === true;\n    return (props) => (bare ? __aswapOneText : __aswapAsIs)(_jsxs(Box, { flexDirection: "row", children: [bare ? null : _jsx(skeleton.component, { children: skeleton.left }), ...(bare ? (_i, cells) => cells : intersperse)((i) => {',
    ],
    [
      'function row(config) {',
      `/** A row's cells nested in one Text (patched by aswap): cells padded to their columns' widths, side by side. */
const __aswapOneText = (box) => _jsx(Text, { children: box.props.children });
const __aswapAsIs = (box) => box;
function row(config) {`,
    ],
    ['            })), _jsx(skeleton.component, { children: skeleton.right })] }));', '            })), bare ? null : _jsx(skeleton.component, { children: skeleton.right })] }));'],
  ],
};
