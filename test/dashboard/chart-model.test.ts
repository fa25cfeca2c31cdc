import assert from 'node:assert/strict';
import { icoOf } from '../../src/dashboard/assets';
import type { ChartData } from '../../src/dashboard/chart-data';
import { chartPayload, payloadJson } from '../../src/dashboard/chart-payload';
import { chartWindow } from '../../src/dashboard/chart-window';
import { healthOf } from '../../src/dashboard/series-health';
import { clip, unitBounds } from '../../src/dashboard/unit-bounds';
import { extent, fitYScale } from '../../src/dashboard/y-scale';
import type { SeriesWithStatus } from '../../src/db';
import { asSeriesId } from '../../src/shared';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 23, 10);

describe('dashboard chart model (pure)', () => {
  it('bounds percent to 0–100 and amounts to ≥ 0, and leaves unknown units alone', () => {
    assert.deepEqual(unitBounds('Percent'), { min: 0, max: 100 });
    assert.deepEqual(unitBounds('Bytes/Second'), { min: 0, max: null });
    assert.deepEqual(unitBounds(''), { min: null, max: null });
    assert.equal(clip(104.2, unitBounds('Percent')), 100);
    assert.equal(clip(-3, unitBounds('Count')), 0);
    assert.equal(clip(-3, unitBounds('None')), -3);
  });

  it('fits the value axis to the data, draws a near limit and notes a far one', () => {
    const percent = unitBounds('Percent');
    assert.deepEqual(extent([3, null, 9, Number.NaN, 5]), [3, 9]);
    // CPU idling at 2–10 % against an 80 % limit: the limit would take 90 % of the axis.
    assert.deepEqual(fitYScale([2, 10], percent, 80), { min: 1.6, max: 10.4, limit: 'above' });
    // A limit just over the data is taken in: 60 over data 40–55.
    assert.deepEqual(fitYScale([40, 55], percent, 60), { min: 39, max: 61, limit: 'shown' });
    assert.deepEqual(fitYScale([40, 55], percent, 1), { min: 39.25, max: 55.75, limit: 'below' });
    // Padding stops at the unit's bounds.
    assert.deepEqual(fitYScale([0, 100], percent), { min: 0, max: 100 });
    // A flat line still gets an axis around it.
    assert.deepEqual(fitYScale([5, 5], unitBounds('')), { min: 4.5, max: 5.5 });
  });

  it('spans the chosen history up to the newest issue, then the forecast to its last target', () => {
    const anchors = { newestObservationAt: T0 - HOUR, issuedAt: T0, lastTargetAt: T0 + 5 * HOUR };
    assert.deepEqual(chartWindow(anchors, '4d'), {
      from: T0 - 4 * DAY,
      to: T0 + 5 * HOUR + 1,
      now: T0,
      forecastBehind: false,
    });
    // Data went on after the newest forecast: the window follows the data, the marker stays at the issue.
    const behind = chartWindow({ ...anchors, newestObservationAt: T0 + 10 * HOUR }, '1d');
    assert.deepEqual(behind, {
      from: T0 + 10 * HOUR - DAY,
      to: T0 + 10 * HOUR + 1,
      now: T0,
      forecastBehind: true,
    });
    const noForecast = { newestObservationAt: T0, issuedAt: null, lastTargetAt: null };
    assert.deepEqual(chartWindow(noForecast, '1d'), {
      from: T0 - DAY,
      to: T0 + 1,
      now: null,
      forecastBehind: false,
    });
  });

  it('calls a series ok only with enough scored records and 95 % coverage near nominal', () => {
    const status = (s: Partial<NonNullable<SeriesWithStatus['status']>>) =>
      ({ status: { status: 'ok', n24h: 144, coverage95_24h: 0.95, ...s } }) as Pick<
        SeriesWithStatus,
        'status'
      >;
    assert.equal(healthOf(status({})), 'ok');
    assert.equal(healthOf(status({ coverage95_24h: 0.85 })), 'ok');
    assert.equal(healthOf(status({ coverage95_24h: 0.46 })), 'low_coverage');
    assert.equal(healthOf(status({ n24h: 23 })), 'unscored');
    assert.equal(healthOf(status({ n24h: null, coverage95_24h: null })), 'unscored');
    assert.equal(healthOf(status({ status: 'stale_data', coverage95_24h: 0.46 })), 'stale_data');
    assert.equal(healthOf({ status: null }), 'not_refreshed');
  });

  it('aligns every layer on one time axis, with the window ends on it and detectors per time', () => {
    const series = { id: asSeriesId(1), name: 'cpu</script>', unit: 'Percent', stepSeconds: 3600 };
    const data = {
      series,
      range: '1d',
      window: { from: T0 - DAY, to: T0 + 2 * HOUR + 1, now: T0, forecastBehind: false },
      bounds: unitBounds('Percent'),
      history: [
        { t: T0 - 2 * HOUR, v: 50 },
        { t: T0 - HOUR, v: 51.123456789 },
      ],
      forecast: [1, 2].map((k) => ({
        ...{ t: T0 + (k - 1) * HOUR, issuedAt: T0, point: 52, lower80: 48, upper80: 56 },
        ...{ lower95: 45, upper95: 100 },
      })),
      modelKind: 'ets',
      modelVersionId: 3,
      actuals: [{ t: T0 - HOUR, v: 51.123456789 }],
      anomalies: [
        { seriesId: series.id, ts: T0 - HOUR, detector: 'vote', score: 3, value: 51, detectedAt: T0 },
        { seriesId: series.id, ts: T0 - HOUR, detector: 'outlier', score: 9, value: 51, detectedAt: T0 },
      ],
      limit: undefined,
      y: { min: 40, max: 100 },
    } as unknown as ChartData;
    const p = chartPayload(data);
    assert.deepEqual(p.t, [T0 - DAY, T0 - 2 * HOUR, T0 - HOUR, T0, T0 + HOUR, T0 + 2 * HOUR]);
    assert.deepEqual(p.history, [null, 50, 51.1235, null, null, null]);
    assert.deepEqual(p.forecast, [null, null, null, 52, 52, null]);
    assert.deepEqual(p.upper95, [null, null, null, 100, 100, null]);
    assert.deepEqual(p.actual, [null, null, 51.1235, null, null, null]);
    assert.deepEqual(p.detectors, [null, null, 'outlier, vote', null, null, null]);
    assert.equal(p.nowLabel, 'now');
    assert.ok(!payloadJson(p).includes('</script>'), 'no markup can close the JSON block');
    assert.equal((JSON.parse(payloadJson(p)) as { title: string }).title, 'cpu</script>');
  });

  it('wraps the favicon PNG in an ICO header browsers read', () => {
    const ico = icoOf(Buffer.from([1, 2, 3]), 32);
    assert.deepEqual([...ico.subarray(0, 8)], [0, 0, 1, 0, 1, 0, 32, 32]);
    assert.equal(ico.readUInt32LE(14), 3);
    assert.equal(ico.readUInt32LE(18), 22);
    assert.deepEqual([...ico.subarray(22)], [1, 2, 3]);
  });
});
