import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { ChartColor, ChartInputError, renderChartPng, renderChartSvg } from '../../src/plot';
import { fullChart } from './chart-fixture';

/** How many pixels of a decoded PNG have exactly the colour `hex`. */
function countColor(png: PNG, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4)
    if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b && png.data[i + 3] === 255) n++;
  return n;
}

describe('plot: renderChartSvg', () => {
  it('draws every layer of the input as named marks, at the size asked for', async () => {
    const svg = await renderChartSvg(fullChart(), { width: 640, height: 300 });
    assert.match(svg, /^<svg [^>]*width="640" height="300"/);
    for (const layer of ['band95', 'band80', 'history', 'forecast', 'actual', 'anomaly', 'limit'])
      assert.match(svg, new RegExp(`class="mark-[a-z]+ role-mark ${layer}_marks"`), layer);
    assert.match(svg, new RegExp(`stroke="${ChartColor.history}"`));
    assert.match(svg, new RegExp(`stroke="${ChartColor.forecast}"`));
    assert.match(svg, new RegExp(`stroke="${ChartColor.limit}"`));
  });

  it('escapes the title, so a series name cannot inject markup', async () => {
    const svg = await renderChartSvg(fullChart());
    assert.ok(!svg.includes('<script>'));
    assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  it('leaves out the layers it has no data for', async () => {
    const { title, history } = fullChart();
    const svg = await renderChartSvg({ title, history, forecast: [] });
    assert.match(svg, /history_marks/);
    for (const absent of [
      'band95',
      'band80',
      'forecast_marks',
      'actual_marks',
      'anomaly_marks',
      'limit_marks',
    ])
      assert.ok(!svg.includes(absent), absent);
  });

  it('labels the time axis in UTC', async () => {
    const svg = await renderChartSvg(fullChart());
    assert.match(svg, />Nov 20 00:00</);
  });

  it('refuses non-finite values and sizes out of range, naming the field and the value', async () => {
    const input = fullChart();
    const history = input.history.map((p, i) => (i === 2 ? { t: p.t, v: Number.NaN } : p));
    await assert.rejects(
      renderChartSvg({ ...input, history }),
      (e: unknown) => e instanceof ChartInputError && e.field === 'history[2].v' && /got NaN/.test(e.message),
    );
    await assert.rejects(
      renderChartSvg(input, { width: 10, height: 300 }),
      (e: unknown) => e instanceof ChartInputError && e.field === 'size.width' && /got 10$/.test(e.message),
    );
  });
});

describe('plot: renderChartPng', () => {
  it('renders a PNG of the asked size with the history, forecast and limit colours in it', async () => {
    const png = PNG.sync.read(await renderChartPng(fullChart(), { width: 800, height: 320 }));
    assert.equal(png.width, 800);
    assert.equal(png.height, 320);
    // A 2-pixel line across 72 hours of a 800-pixel-wide plot covers far more than a legend swatch.
    assert.ok(
      countColor(png, ChartColor.history) > 500,
      `history pixels: ${countColor(png, ChartColor.history)}`,
    );
    assert.ok(
      countColor(png, ChartColor.forecast) > 50,
      `forecast pixels: ${countColor(png, ChartColor.forecast)}`,
    );
    assert.ok(countColor(png, ChartColor.limit) > 200, `limit pixels: ${countColor(png, ChartColor.limit)}`);
  });

  it('draws text with the system fonts (the title is not blank)', async () => {
    const input = { ...fullChart(), title: 'WWWWWWWWWWWWWWWWWWWW' };
    const png = PNG.sync.read(await renderChartPng(input, { width: 600, height: 300 }));
    let dark = 0;
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 300; x++) if (png.data[(y * png.width + x) * 4]! < 80) dark++;
    assert.ok(dark > 100, `dark title pixels: ${dark}`);
  });
});
