import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { chartSpec } from './spec';
import { DEFAULT_CHART_SIZE, type ChartInput, type ChartSize } from './types';
import { validateChart } from './validate';

/**
 * Renders a chart to SVG text: Vega-Lite spec → Vega → a headless View (`renderer: 'none'`, no
 * canvas, no DOM) → `toSVG()`. The View is finalized so its dataflow does not outlive the call.
 */
export async function renderChartSvg(
  input: ChartInput,
  size: ChartSize = DEFAULT_CHART_SIZE,
): Promise<string> {
  validateChart(input, size);
  const { spec } = compile(chartSpec(input, size));
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders a chart to PNG with resvg. Text uses the system fonts (DejaVu Sans on Debian:
 * `fonts-dejavu-core`, which infra/deps.sh installs); without them labels would be missing.
 */
export async function renderChartPng(
  input: ChartInput,
  size: ChartSize = DEFAULT_CHART_SIZE,
): Promise<Buffer> {
  const svg = await renderChartSvg(input, size);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
