import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { formatNumber, formatTime } from '../../src/dashboard/format';
import { HEALTH_LEGEND, healthOf } from '../../src/dashboard/series-health';
import { clip, unitBounds } from '../../src/dashboard/unit-bounds';
import { ChartColor } from '../../src/plot';
import type { SeriesWithStatus } from '../../src/db';
import { seedSeries, testIdentity } from '../db/support/seed';
import { createTestDb, type TestDb } from '../support/test-db';
import {
  chartPixels,
  columnsOf,
  hover,
  pagePayload,
  pageXOf,
  recordProblems,
  rowsOf,
  tooltipTime,
} from './browser-checks';
import { seedDashboardDemo, type DemoSeed } from './seed-demo';
import { startDashboard, type DashboardServer } from './server-harness';

const SCREENSHOT = 'state/artifacts/dashboard.png';
/** The series the README shows: a busy CPU whose band reaches the demo's 60 % limit. */
const FOCUS = 'AWS/EC2/CPUUtilization/825cc2@1h';
const EVIL_HOST = '<script>window.__xss=1</script>';
const CHROMIUM_FLAGS = [
  ...['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  ...['--disable-component-update', '--disable-sync'],
];

interface ApiAnomaly {
  ts: string;
  detector: string;
}
interface ApiStep {
  targetAt: string;
  point: number;
  lower95: number;
  upper95: number;
}

describe('dashboard (the demo data, real server, MariaDB, Chromium)', function () {
  this.timeout(600_000);
  let db: TestDb;
  let api: DashboardServer;
  let seed: DemoSeed;
  let browser: Browser;
  let focus: number;
  const json = async <T>(path: string): Promise<T> => (await (await api.call(path)).json()) as T;
  const idOf = (name: string) => seed.series.find((s) => s.name === name)!.id;

  /** A logged-in page that records its problems; `problems` must stay empty. */
  async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = recordProblems(page);
    await page.goto(`${api.url}/login`);
    await page.fill('#token', api.tokens.read);
    await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('button[type=submit]')]);
    await page.goto(`${api.url}${path}`);
    return { page, problems };
  }

  before(async () => {
    db = await createTestDb('dashboard');
    seed = await seedDashboardDemo(db, Date.now());
    await seedSeries(db, testIdentity(EVIL_HOST));
    focus = idOf(FOCUS);
    api = await startDashboard(db);
    browser = await chromium.launch({
      executablePath: process.env.METRICAST_CHROMIUM_BIN ?? '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    });
  });

  after(async () => {
    await browser?.close();
    await api?.close();
    await db?.drop();
  });

  it('sends an unauthenticated browser to /login, answers a script 401, and serves the favicon to all', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/series/${focus}`);
    assert.equal(page.url(), `${api.url}/login?next=${encodeURIComponent(`/series/${focus}`)}`);
    await page.close();
    assert.equal((await api.call(`/dashboard/series/${focus}/chart.svg`, { token: null })).status, 401);
    const icon = await api.call('/favicon.ico', { token: null });
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('content-type'), 'image/x-icon');
    const ico = Buffer.from(await icon.arrayBuffer());
    const png = PNG.sync.read(ico.subarray(ico.readUInt32LE(18)));
    assert.deepEqual([png.width, png.height], [32, 32]);
    const etag = icon.headers.get('etag') ?? '';
    const again = await api.call('/favicon.ico', { token: null, headers: { 'if-none-match': etag } });
    assert.deepEqual([again.status, etag.length], [304, 18], 'an unchanged asset is not sent again');
  });

  it('lists every series with the status the legend explains, ok only with near-nominal coverage', async () => {
    const { page, problems } = await openPage('/');
    const { series } = await json<{ series: SeriesWithStatus[] }>('/api/v1/series');
    for (const s of series) {
      const badge = page.locator(`#series-list tr:has(a[href="/series/${s.id}"]) .status`);
      assert.equal(await badge.innerText(), healthOf(s), s.name);
    }
    const shown = await page.locator('#series-list .status').allInnerTexts();
    assert.ok(shown.includes('ok') && shown.length === series.length, shown.join(' '));
    const legend = await page.locator('#legend dt').allInnerTexts();
    assert.deepEqual(
      legend,
      HEALTH_LEGEND.map(([status]) => status),
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('charts history to the newest forecast: band after the now marker, hover values, zoom and range', async () => {
    const { page, problems } = await openPage(`/series/${focus}`);
    await page.waitForSelector('#chart-root.chart-ready canvas');
    // A picture first, so a failing assertion below still leaves one to look at.
    await mkdir('state/artifacts', { recursive: true });
    await page.screenshot({ path: SCREENSHOT.replace('.png', '-full.png'), fullPage: true });
    const payload = await pagePayload(page);
    assert.equal(payload.now, seed.hour, 'now is the newest cycle, the issue time of the newest forecast');
    const { issues } = await json<{ issues: Array<{ issuedAt: string; steps: ApiStep[] }> }>(
      `/api/v1/series/${focus}/predictions`,
    );
    const steps = issues[0]!.steps;
    assert.equal(Date.parse(issues[0]!.issuedAt), seed.hour);
    assert.equal(
      payload.window.to - 1,
      Date.parse(steps[steps.length - 1]!.targetAt),
      'ends at the last target',
    );

    const pixels = await chartPixels(page);
    const now = columnsOf(pixels, ChartColor.now, 40);
    assert.ok(now.length >= 1 && now.length <= 2, `one now marker column, got ${now.join(',')}`);
    const band = columnsOf(pixels, ChartColor.band95, 3);
    const history = columnsOf(pixels, ChartColor.history, 1);
    assert.ok(band.length > 10, `band columns: ${band.length}`);
    assert.ok(band[0]! >= now[0]! - 1, `band starts at ${band[0]}, before the now marker at ${now[0]}`);
    assert.ok(history.length > 100 && history[history.length - 1]! < now[0]!, 'history lies before now');

    const bounds = unitBounds('Percent');
    const third = steps[2]!;
    const at = await pageXOf(page, payload, Date.parse(third.targetAt));
    const tip = await hover(page, at.x, at.y);
    // The README's picture: the page as an operator sees it, hovering over the forecast.
    await page.screenshot({ path: SCREENSHOT });
    assert.equal(tooltipTime(tip), Date.parse(third.targetAt), tip);
    assert.match(tip, new RegExp(`forecast ${formatNumber(clip(third.point, bounds))} Percent`));
    const band95 = `95 % ${formatNumber(clip(third.lower95, bounds))} – ${formatNumber(clip(third.upper95, bounds))}`;
    assert.ok(tip.includes(band95), `${tip} lacks ${band95}`);

    // Drag across the right half: the left edge then shows a time from the middle of the window.
    const over = (await page.locator('#chart-root .u-over').boundingBox())!;
    const y = over.y + over.height / 2;
    await page.mouse.move(over.x + over.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.95, y, { steps: 8 });
    await page.mouse.up();
    const span = payload.window.to - payload.window.from;
    const zoomedEdge = tooltipTime(await hover(page, over.x + 2, y));
    assert.ok(zoomedEdge > payload.window.from + 0.4 * span, `zoomed left edge ${formatTime(zoomedEdge)}`);
    await page.mouse.dblclick(over.x + over.width / 2, y);
    const edge = tooltipTime(await hover(page, over.x + 2, y));
    assert.ok(edge < payload.window.from + 0.05 * span, `zoomed out left edge ${formatTime(edge)}`);

    assert.equal(payload.window.from, seed.hour - 86_400_000, 'a day of hourly history by default');
    await Promise.all([page.waitForURL(/range=4d/), page.click('.ranges a:has-text("4d")')]);
    const days = await pagePayload(page);
    assert.equal(days.window.from, seed.hour - 4 * 86_400_000);
    assert.equal(days.window.to, payload.window.to);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits the value axis: the limit drawn when in range, noted when not, bands inside 0–100 %', async () => {
    const cpus = seed.series.filter((s) => s.name.includes('CPUUtilization') && s.granularity === '1h');
    const placements = new Map<string, number>();
    for (const s of cpus) {
      const { page, problems } = await openPage(`/series/${s.id}`);
      await page.waitForSelector('#chart-root.chart-ready canvas');
      const p = await pagePayload(page);
      for (const v of [...p.lower95, ...p.upper95, ...p.history])
        if (v !== null) assert.ok(v >= 0 && v <= 100, `${s.name}: ${v}`);
      assert.ok(p.y.min >= 0 && p.y.max <= 100, `${s.name}: axis ${p.y.min}–${p.y.max}`);
      const placement = p.y.limit!;
      placements.set(placement, (placements.get(placement) ?? 0) + 1);
      const limitRows = rowsOf(await chartPixels(page), ChartColor.limit, 100);
      if (placement === 'shown') assert.ok(limitRows.length >= 1, `${s.name}: limit line drawn`);
      else {
        assert.deepEqual(limitRows, [], `${s.name}: no limit line`);
        assert.match(await page.locator('.limit-off').innerText(), new RegExp(`${placement} the chart`));
      }
      assert.deepEqual(problems, [], s.name);
      await page.close();
    }
    assert.ok(placements.get('shown') && placements.get('above'), JSON.stringify([...placements]));
  });

  it('lists every anomaly of the series, paged, as the API does, and marks those on the chart', async () => {
    const counts = await Promise.all(
      seed.series
        .filter((s) => s.granularity === '1h')
        .map(async (s) => ({
          s,
          n: (await json<{ anomalies: ApiAnomaly[] }>(`/api/v1/series/${s.id}/anomalies?limit=1000`))
            .anomalies.length,
        })),
    );
    const { s } = counts.sort((a, b) => b.n - a.n)[0]!;
    const expected = (await json<{ anomalies: ApiAnomaly[] }>(`/api/v1/series/${s.id}/anomalies?limit=1000`))
      .anomalies;
    assert.ok(expected.length > 5, `the busiest series has ${expected.length} anomalies`);
    const { page, problems } = await openPage(`/series/${s.id}?range=14d&per=5`);
    const payload = await pagePayload(page);
    assert.match(
      await page.locator('#anomalies h2').innerText(),
      new RegExp(`Anomalies \\(${expected.length}\\)`),
    );
    const listed: Array<{ ts: number; detector: string; onChart: boolean }> = [];
    for (let pages = 1; ; pages++) {
      for (const row of await page.locator('#anomalies tbody tr').all())
        listed.push({
          ts: Number(await row.getAttribute('data-ts')),
          detector: (await row.getAttribute('data-detector')) ?? '',
          onChart: ((await row.getAttribute('class')) ?? '').includes('on-chart'),
        });
      const next = page.locator('#anomalies a[rel=next]');
      if ((await next.count()) === 0) {
        assert.equal(pages, Math.ceil(expected.length / 5));
        break;
      }
      await Promise.all([page.waitForURL(new RegExp(`anomalies=${pages + 1}`)), next.click()]);
    }
    assert.deepEqual(
      listed.map((a) => [a.ts, a.detector]),
      expected.map((a) => [Date.parse(a.ts), a.detector]),
    );
    const drawn = new Set(payload.t.filter((_t, i) => payload.anomaly[i] !== null));
    for (const a of listed) {
      const inWindow = a.ts >= payload.window.from && a.ts < payload.window.to;
      assert.equal(a.onChart, inWindow, `${formatTime(a.ts)} ${a.detector}`);
      assert.equal(drawn.has(a.ts), inWindow, `${formatTime(a.ts)} drawn`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows a series named like a script as text, runs no script of it, and still draws', async () => {
    const evil = (await json<{ series: SeriesWithStatus[] }>('/api/v1/series')).series.find((s) =>
      s.name.includes(EVIL_HOST),
    )!;
    for (const path of ['/', `/series/${evil.id}`]) {
      const { page, problems } = await openPage(path);
      const reported: readonly string[] = problems;
      const response = await page.reload();
      assert.match(
        response!.headers()['content-security-policy'] ?? '',
        /script-src 'self'; style-src 'self'/,
      );
      assert.ok((await page.locator('main').innerText()).includes(EVIL_HOST), path);
      assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined, path);
      assert.deepEqual(problems, [], path);
      // The check has teeth: an inline script added to the page is refused, and reported.
      await page.evaluate(
        "document.body.append(Object.assign(document.createElement('script'), { textContent: 'window.__xss = 2' }))",
      );
      await page.waitForTimeout(100);
      assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
      assert.ok(
        reported.some((problem) => problem.includes('csp-violation script-src')),
        reported.join('\n'),
      );
      await page.close();
    }
  });

  it('shows the server-rendered chart to a browser without script', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${api.url}/login?next=${encodeURIComponent(`/series/${focus}`)}`);
    await page.fill('#token', api.tokens.read);
    await Promise.all([page.waitForURL(`**/series/${focus}`), page.click('button[type=submit]')]);
    const fallback = page.locator('img.chart-fallback');
    await fallback.waitFor({ state: 'visible' });
    assert.equal(await fallback.getAttribute('src'), `/dashboard/series/${focus}/chart.svg?range=1d`);
    const drawn = await fallback.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    assert.equal(drawn, 1300, 'the SVG loaded and has the page size');
    assert.equal(await page.locator('#chart-root canvas').count(), 0);
    await context.close();
  });

  it('serves the chart as SVG and PNG for a range, with the now marker and the history in its colour', async () => {
    const svg = await api.call(`/dashboard/series/${focus}/chart.svg?range=1d`);
    assert.equal(svg.status, 200);
    const text = await svg.text();
    assert.match(text, /class="mark-area role-mark band95_marks"/);
    assert.match(text, /class="mark-rule role-mark now_marks"/);
    const response = await api.call(`/dashboard/series/${focus}/chart.png?range=14d&width=600&height=300`);
    const png = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
    assert.deepEqual([png.width, png.height], [600, 300]);
    let history = 0;
    for (let i = 0; i < png.data.length; i += 4)
      if (png.data[i] === 0x1f && png.data[i + 1] === 0x77 && png.data[i + 2] === 0xb4) history++;
    assert.ok(history > 300, `history pixels: ${history}`);
  });

  it('answers 404 for an unknown series and 400 naming the field for a bad id, range or size', async () => {
    const missing = await api.call('/series/987654321', { headers: { accept: 'text/html' } });
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /No series has id 987654321/);
    for (const [path, field] of [
      ['/series/abc', /id/],
      [`/series/${focus}?range=2d`, /range/],
      [`/series/${focus}?per=1`, /per/],
      [`/dashboard/series/${focus}/chart.svg?width=99999`, /width/],
    ] as const) {
      const bad = await api.call(path);
      assert.equal(bad.status, 400, path);
      assert.match(await bad.text(), field);
    }
  });
});
