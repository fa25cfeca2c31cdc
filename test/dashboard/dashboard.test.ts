import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { unlessTableMissing } from '../../src/db';
import { ChartColor } from '../../src/plot';
import { startDashboard, type DashboardServer } from './server-harness';
import { createTestDb, type TestDb } from '../support/test-db';
import { EVIL_HOST, seedDashboard, type SeededDashboard } from './seed-dashboard';

const SCREENSHOT = 'state/artifacts/dashboard.png';

/** Logs in through the form at /login, as a person would, and waits for the page it was sent back to. */
async function logIn(page: Page, token: string): Promise<void> {
  await page.fill('#token', token);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.click('button[type=submit]')]);
}

describe('dashboard (real server, MariaDB, Chromium)', function () {
  this.timeout(180_000);
  let db: TestDb;
  let api: DashboardServer;
  let seeded: SeededDashboard;
  let browser: Browser;

  before(async () => {
    db = await createTestDb('dashboard');
    seeded = await seedDashboard(db);
    api = await startDashboard(db);
    browser = await chromium.launch({
      executablePath: process.env.METRICAST_CHROMIUM_BIN ?? '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
  });

  after(async () => {
    await browser?.close();
    await api?.close();
    await db?.drop();
  });

  it('sends an unauthenticated browser to /login and answers a script 401', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/series/${seeded.seriesId}`);
    assert.equal(page.url(), `${api.url}/login?next=${encodeURIComponent(`/series/${seeded.seriesId}`)}`);
    assert.ok(await page.isVisible('#token'));
    await page.close();
    const svg = await api.call(`/dashboard/series/${seeded.seriesId}/chart.svg`, { token: null });
    assert.equal(svg.status, 401);
  });

  it('logs in with a read token and shows the series with its chart, band, forecast and history', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${api.url}/`);
    await logIn(page, api.tokens.read);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.textContent('#open-alerts'), '1');
    await Promise.all([
      page.waitForURL(`**/series/${seeded.seriesId}`),
      page.click(`a[href="/series/${seeded.seriesId}"]`),
    ]);
    // The screenshot first, so a failing assertion below still leaves a picture to look at.
    await mkdir('state/artifacts', { recursive: true });
    const png = PNG.sync.read(await page.screenshot({ path: SCREENSHOT }));
    assert.deepEqual([png.width, png.height], [1400, 1000]);
    await page.screenshot({ path: SCREENSHOT.replace('.png', '-full.png'), fullPage: true });
    for (const marks of ['band95_marks', 'band80_marks', 'forecast_marks', 'history_marks'])
      assert.ok(await page.locator(`#chart svg .${marks} > path`).first().isVisible(), marks);
    // A horizontal rule has no height, which Playwright counts as invisible: check it is drawn instead.
    assert.equal(await page.locator('#chart svg .limit_marks > line').count(), 1);
    assert.ok((await page.locator('#chart svg .actual_marks > path').count()) >= 12, 'reconciled actuals');
    const text = (id: string) => page.locator(`#${id}`).innerText();
    assert.match(await text('alerts'), /open\s+forecast/);
    assert.match(await text('versions'), /champion/);
    assert.match(await text('versions'), /challenger/);
    assert.match(await text('alias-history'), /first champion of the dashboard test/);
    assert.match(await text('decisions'), /kept/);
    assert.match(await text('runs'), /seasonal-naive/);
    assert.match(await text('scores'), /seasonal-naive v1/);
    assert.equal(await page.locator('#chart svg .anomaly_marks > path').count(), 2);
    assert.match(await text('anomalies'), /band95[\s\S]*3\.2/);
    assert.match(await text('anomalies'), /changepoint/);
    const retrains = await page.getAttribute('#workflows a:has-text("retrains")', 'href');
    assert.equal(
      retrains,
      `http://127.0.0.1:8233/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowId = "retrain/${seeded.seriesId}"`)}`,
    );
    await page.close();
  });

  it('shows a series named like a script as text, and no script runs', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/login`);
    await logIn(page, api.tokens.read);
    for (const path of ['/', `/series/${seeded.evilId}`]) {
      const response = await page.goto(`${api.url}${path}`);
      assert.match(response!.headers()['content-security-policy'] ?? '', /default-src 'none'/);
      assert.ok((await page.locator('main').innerText()).includes(EVIL_HOST), path);
      assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined, path);
    }
    await page.close();
  });

  it('serves the chart as SVG and PNG to a bearer token, with the history in its colour', async () => {
    const svg = await api.call(`/dashboard/series/${seeded.seriesId}/chart.svg`);
    assert.equal(svg.status, 200);
    assert.match(svg.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    assert.match(await svg.text(), /class="mark-area role-mark band95_marks"/);
    const response = await api.call(`/dashboard/series/${seeded.seriesId}/chart.png?width=600&height=300`);
    const png = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
    assert.deepEqual([png.width, png.height], [600, 300]);
    let history = 0;
    for (let i = 0; i < png.data.length; i += 4)
      if (png.data[i] === 0x1f && png.data[i + 1] === 0x77 && png.data[i + 2] === 0xb4) history++;
    assert.equal(ChartColor.history, '#1f77b4');
    assert.ok(history > 300, `history pixels: ${history}`);
  });

  it('reads a missing table (an older database) as empty, and still throws any other error', async () => {
    assert.deepEqual(await unlessTableMissing(() => db.pool.query('SELECT * FROM no_such_table'), []), []);
    await assert.rejects(
      unlessTableMissing(() => db.pool.query('SELECT no_such_column FROM series'), []),
      /no_such_column/,
    );
  });

  it('answers 404 for an unknown series and 400 naming the field for a bad id or size', async () => {
    const missing = await api.call('/series/987654321', { headers: { accept: 'text/html' } });
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /No series has id 987654321/);
    const bad = await api.call('/series/abc');
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /id/);
    const huge = await api.call(`/dashboard/series/${seeded.seriesId}/chart.svg?width=99999`);
    assert.equal(huge.status, 400);
    assert.match(await huge.text(), /width/);
  });
});
