/**
 * Renders a Vega-Lite spec headless: Vega-Lite compiles it, Vega draws it as SVG with no browser,
 * and resvg turns the SVG into PNG. Nothing depends on the machine: text is measured by Vega's
 * built-in estimate (never a canvas, even where one is installed), the SVG names one font family
 * with a generic fallback, and the PNG is drawn with the DejaVu Sans files shipped as a dependency,
 * never the system's fonts. The same spec gives the same bytes.
 */
import {createRequire} from 'node:module';
import type {Config, TopLevelSpec} from 'vega-lite';

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

/** SVG text of a Vega-Lite spec. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  // Vega's typings omit textMetrics; canvas(false) selects the font-independent width estimate.
  (vega as unknown as {textMetrics: {canvas: (use: boolean) => void}}).textMetrics.canvas(false);
  const view = new vega.View(vega.parse(vl.compile(spec).spec), {renderer: 'none', logLevel: vega.Error});
  try {
    return await view.toSVG();
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

/** PNG bytes of an SVG, at twice its size, with the embedded font only. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const {Resvg} = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: {mode: 'zoom', value: 2},
    background: 'white',
    font: {loadSystemFonts: false, fontFiles: fonts(), defaultFontFamily: PLOT_FONT, sansSerifFamily: PLOT_FONT},
  });
  return resvg.render().asPng();
}

/** The file's bytes for its extension. */
export async function renderPlot(spec: TopLevelSpec, ext: string): Promise<string | Uint8Array> {
  const svg = await renderSvg(spec);
  return ext === 'png' ? svgToPng(svg) : svg;
}
