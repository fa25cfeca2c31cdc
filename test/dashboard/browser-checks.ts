/** What the Chromium dashboard test reads off a page: problems it logged, chart pixels, the tooltip. */
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { ChartPayload } from '../../src/dashboard/chart-payload-shape';

/** Reports CSP violations through the console; runs before the page's scripts, outside its policy. */
const REPORT_CSP = `document.addEventListener('securitypolicyviolation', (e) =>
  console.info('csp-violation ' + e.violatedDirective + ' ' + e.blockedURI));`;

/** Console errors and warnings, uncaught errors, CSP violations and failed requests of one page. */
export function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning' || m.text().startsWith('csp-violation '))
      problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  void page.addInitScript({ content: REPORT_CSP });
  return problems;
}

/** The chart's data as the page carries it. */
export async function pagePayload(page: Page): Promise<ChartPayload> {
  return JSON.parse((await page.textContent('#chart-data')) ?? 'null') as ChartPayload;
}

/** `#rrggbb` as bytes. */
const rgb = (hex: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** The chart canvas as pixels, and where its plotting area lies in them. */
export interface ChartPixels {
  readonly png: PNG;
  /** Plotting area, in the canvas' pixels. */
  readonly plot: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

export async function chartPixels(page: Page): Promise<ChartPixels> {
  const canvas = page.locator('#chart-root canvas');
  const [shot, box, over] = await Promise.all([
    canvas.screenshot(),
    canvas.boundingBox(),
    page.locator('#chart-root .u-over').boundingBox(),
  ]);
  if (!box || !over) throw new Error('chart canvas or overlay not laid out');
  const plot = { x: over.x - box.x, y: over.y - box.y, width: over.width, height: over.height };
  return { png: PNG.sync.read(shot), plot };
}

/** How many pixels of exactly `hex` each column (or row) of the plotting area holds, by its x (or y). */
function countsOf({ png, plot }: ChartPixels, hex: string, by: 'column' | 'row'): Map<number, number> {
  const [r, g, b] = rgb(hex);
  const counts = new Map<number, number>();
  for (let y = Math.ceil(plot.y); y < plot.y + plot.height && y < png.height; y++)
    for (let x = Math.ceil(plot.x); x < plot.x + plot.width && x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i] !== r || png.data[i + 1] !== g || png.data[i + 2] !== b) continue;
      const key = by === 'column' ? x : y;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  return counts;
}

/** Columns (x, in canvas pixels) holding at least `min` pixels of exactly `hex` in the plotting area, in order. */
export function columnsOf(pixels: ChartPixels, hex: string, min = 1): number[] {
  return [...countsOf(pixels, hex, 'column')]
    .filter(([, n]) => n >= min)
    .map(([x]) => x)
    .sort((a, b) => a - b);
}

/** Rows (y) holding at least `min` pixels of exactly `hex` in the plotting area, in order. */
export function rowsOf(pixels: ChartPixels, hex: string, min = 1): number[] {
  return [...countsOf(pixels, hex, 'row')]
    .filter(([, n]) => n >= min)
    .map(([y]) => y)
    .sort((a, b) => a - b);
}

/** The x (page pixels) of time `t` on the chart, whose axis spans the payload's window unzoomed. */
export async function pageXOf(
  page: Page,
  payload: ChartPayload,
  t: number,
): Promise<{ x: number; y: number }> {
  const over = await page.locator('#chart-root .u-over').boundingBox();
  if (!over) throw new Error('chart overlay not laid out');
  const { from, to } = payload.window;
  return { x: over.x + ((t - from) / (to - 1 - from)) * over.width, y: over.y + over.height / 2 };
}

/** Hovers at page point (x, y) and returns the tooltip's text. */
export async function hover(page: Page, x: number, y: number): Promise<string> {
  await page.mouse.move(x, y);
  const tip = page.locator('#chart-tooltip');
  await tip.waitFor({ state: 'visible' });
  return tip.innerText();
}

/** The time a tooltip names (`time 2026-11-23 10:00 UTC`), epoch ms. */
export function tooltipTime(text: string): number {
  const m = /time (\d{4}-\d\d-\d\d) (\d\d:\d\d) UTC/.exec(text);
  if (!m) throw new Error(`no time in tooltip: ${text}`);
  return Date.parse(`${m[1]}T${m[2]}:00Z`);
}
