/**
 * Renders a Vega-Lite spec headless: Vega-Lite compiles it, Vega draws it as SVG with no browser,
 * and resvg turns the SVG into PNG. Nothing depends on the machine: text is measured by Vega's
 * built-in estimate (never a canvas, even where one is installed), the SVG names one font family
 * with a generic fallback, and the PNG is drawn with the DejaVu Sans files shipped as a dependency,
 * never the system's fonts. The same spec gives the same bytes.
 */
import {createRequire} from 'node:module';
import type {View as VegaView} from 'vega';
import type {Config, TopLevelSpec} from 'vega-lite';
import {precompiled} from './plot-precompiled.ts';

/** The font every chart uses: embedded for PNG, named with a generic fallback in SVG. */
export const PLOT_FONT = 'DejaVu Sans';

/** Shared look: fonts, sizes, and a palette readable in print and for common colour blindness. */
export const PLOT_CONFIG: Config = {
  font: `${PLOT_FONT}, sans-serif`,
  background: 'white',
  view: {stroke: '#ccc'},
  axis: {labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal'},
  legend: {labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal'},
  title: {fontSize: 14, subtitleFontSize: 11, anchor: 'start'},
  range: {category: ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#9d755d', '#eeca3b', '#bab0ac', '#ff9da6']},
};

/** The data of a chart whose spec names its datasets (`data: {name}`) and parameters, by name. */
export interface PlotFill {
  readonly data: Readonly<Record<string, readonly object[]>>;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** `spec` with the fill's datasets inlined (`data: {values}`) and its parameters' values set. */
export function withFill(spec: TopLevelSpec, fill: PlotFill): TopLevelSpec {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    const data = o.data as {name?: string} | undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = walk(v);
    if (data && typeof data.name === 'string' && data.name in fill.data) out.data = {values: fill.data[data.name]};
    return out;
  };
  const filled = walk(spec) as {params?: {name: string; value?: unknown}[]};
  filled.params = filled.params?.map((p) => (fill.params && p.name in fill.params ? {...p, value: fill.params[p.name]} : p));
  return filled as unknown as TopLevelSpec;
}



async function newView(spec: TopLevelSpec): Promise<VegaView> {
  const vega = await import('vega');
  // Compiled by the build when the spec is a template (plot-precompiled.ts); else Vega-Lite compiles it now.
  const compiled = precompiled(spec) ?? (await import('vega-lite')).compile(spec).spec;
  // Vega's typings omit textMetrics; canvas(false) selects the font-independent width estimate.
  (vega as unknown as {textMetrics: {canvas: (use: boolean) => void}}).textMetrics.canvas(false);
  return new vega.View(vega.parse(compiled as Parameters<typeof vega.parse>[0]), {renderer: 'none', logLevel: vega.Error});
}

/** SVG text of a Vega-Lite spec. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = await newView(spec);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A chart compiled and laid out before its data exists (its datasets named and empty): the first
 * of two steps. `renderPrepared` then only inserts the data, updates the dataflow and writes it.
 */
export async function prepareView(spec: TopLevelSpec): Promise<VegaView> {
  const view = await newView(spec);
  await view.runAsync();
  return view;
}

/** The file's bytes of a prepared chart once its data is in (the view is finalized). */
export async function renderPrepared(view: VegaView, fill: PlotFill, ext: string, scale = 1): Promise<string | Uint8Array> {
  try {
    for (const [name, values] of Object.entries(fill.data)) view.data(name, values as object[]);
    for (const [name, value] of Object.entries(fill.params ?? {})) view.signal(name, value);
    // The layout was sized for empty datasets: size it again for the data.
    await view.resize().runAsync();
    const svg = await view.toSVG();
    return ext === 'png' ? await svgToPng(svg, scale) : svg;
  } finally {
    view.finalize();
  }
}

let fontFiles: string[] | null = null;

function fonts(): string[] {
  if (fontFiles) return fontFiles;
  const require = createRequire(import.meta.url);
  fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
  return fontFiles;
}

/**
 * PNG bytes of an SVG, with the embedded font only, `scale` pixels per SVG pixel: 1 draws the chart
 * at its own size, as Vega's own PNG export does by default (`--plot-scale 2` for high-DPI slides).
 */
export async function svgToPng(svg: string, scale = 1): Promise<Uint8Array> {
  const {Resvg} = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: {mode: 'zoom', value: scale},
    background: 'white',
    font: {loadSystemFonts: false, fontFiles: fonts(), defaultFontFamily: PLOT_FONT, sansSerifFamily: PLOT_FONT},
  });
  return resvg.render().asPng();
}

/** The file's bytes for its extension (a PNG at `scale`). */
export async function renderPlot(spec: TopLevelSpec, ext: string, scale = 1): Promise<string | Uint8Array> {
  const svg = await renderSvg(spec);
  return ext === 'png' ? svgToPng(svg, scale) : svg;
}
