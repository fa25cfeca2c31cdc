import assert from 'node:assert/strict';
import {
  AlertLimitError,
  asAlertLimitId,
  decideAlert,
  digestDue,
  forecastCrossing,
  messageIdOf,
  parseLimitSpec,
  planAlerts,
  type AlertEpisode,
  type AlertLimit,
  type ForecastStep,
} from '../../src/alerts';
import { toLimitSpec } from '../../src/client/commands/alerts';
import { asSeriesId } from '../../src/shared';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 23, 10);
const limit: AlertLimit = {
  id: asAlertLimitId(1),
  seriesId: null,
  metricPattern: 'CPU*',
  threshold: 80,
  direction: 'above',
  basis: 'upper95',
  alsoActuals: true,
  cooldownMinutes: 60,
  enabled: true,
};
/** Six hourly steps whose point climbs by `slope` from `base`; bands ±5 (80%) and ±10 (95%). */
const steps = (base: number, slope = 5): ForecastStep[] =>
  Array.from({ length: 6 }, (_, i) => {
    const point = base + i * slope;
    return {
      targetAt: T + (i + 1) * HOUR,
      point,
      lower80: point - 5,
      upper80: point + 5,
      lower95: point - 10,
      upper95: point + 10,
    };
  });
const episode = (over: Partial<AlertEpisode>): AlertEpisode => ({
  id: 7,
  key: { seriesId: asSeriesId(1), limitId: limit.id, source: 'forecast' },
  state: 'open',
  openedAt: T - HOUR,
  lastSeenAt: T - HOUR,
  resolvedAt: null,
  ...over,
});

describe('alerts/evaluation (pure)', () => {
  it('finds the first step at or over the limit on the chosen basis', () => {
    // upper95 = point + 10: 60+10, 65+10, 70+10 = 80 at step 3.
    assert.deepEqual(forecastCrossing(limit, steps(60)), { at: T + 3 * HOUR, value: 80 });
    assert.deepEqual(forecastCrossing({ ...limit, basis: 'point' }, steps(60)), {
      at: T + 5 * HOUR,
      value: 80,
    });
    assert.equal(forecastCrossing({ ...limit, basis: 'point' }, steps(40)), null);
    // lower80 = point - 5 of 40, 38, 36, 34…: 35, 33, 31, 29 reaches 30 or less at step 4.
    const below = { ...limit, direction: 'below' as const, threshold: 30, basis: 'lower80' as const };
    assert.deepEqual(forecastCrossing(below, steps(40, -2)), { at: T + 4 * HOUR, value: 29 });
  });

  it('ignores steps targeting times before the cycle hour (a stopped feed forecast from its past)', () => {
    // Crossings at steps 3, 4, 5 (T + 3h..5h); counted from T + 4h only the later two remain.
    assert.deepEqual(forecastCrossing(limit, steps(60), T + 4 * HOUR), { at: T + 4 * HOUR, value: 85 });
    assert.equal(forecastCrossing(limit, steps(60), T + 7 * HOUR), null);
  });

  it('opens once, refreshes while crossing, resolves when clear and waits out the cooldown', () => {
    const crossing = { at: T + 2 * HOUR, value: 90 };
    assert.deepEqual(decideAlert({ asOf: T, crossing, latest: null, cooldownMinutes: 60 }), {
      type: 'open',
      crossing,
    });
    assert.deepEqual(decideAlert({ asOf: T, crossing, latest: episode({}), cooldownMinutes: 60 }), {
      type: 'refresh',
      alertId: 7,
      crossing,
    });
    assert.deepEqual(decideAlert({ asOf: T, crossing: null, latest: episode({}), cooldownMinutes: 60 }), {
      type: 'resolve',
      alertId: 7,
    });
    const resolved = episode({ state: 'resolved', resolvedAt: T - HOUR });
    assert.equal(decideAlert({ asOf: T, crossing, latest: resolved, cooldownMinutes: 90 }).type, 'none');
    assert.equal(decideAlert({ asOf: T, crossing, latest: resolved, cooldownMinutes: 60 }).type, 'open');
    // A late retry of an older cycle changes nothing.
    assert.deepEqual(decideAlert({ asOf: T - 2 * HOUR, crossing, latest: episode({}), cooldownMinutes: 0 }), {
      type: 'none',
      reason: 'stale',
    });
  });

  it('plans per series and source, and resolves alerts whose limit is gone', () => {
    const cpu = { id: asSeriesId(1), name: 'AWS/EC2/CPUUtilization/web-01@1h', metric: 'CPUUtilization' };
    const net = { id: asSeriesId(2), name: 'AWS/EC2/NetworkIn/web-01@1h', metric: 'NetworkIn' };
    const plan = planAlerts({
      asOf: T,
      limits: [limit],
      series: [cpu, net],
      forecasts: new Map([
        [cpu.id, steps(60)],
        [net.id, steps(90)],
      ]),
      actuals: new Map([[cpu.id, { ts: T - HOUR, value: 85 }]]),
      latest: new Map([
        [
          '2/9/forecast',
          episode({ id: 3, key: { seriesId: net.id, limitId: asAlertLimitId(9), source: 'forecast' } }),
        ],
      ]),
    });
    assert.deepEqual(
      plan.changes.map((c) => [c.key.seriesId, c.key.source, c.decision.type, c.leadMinutes]),
      [
        [1, 'forecast', 'open', 180],
        [1, 'actual', 'open', null],
        [2, 'forecast', 'resolve', null],
      ],
    );
    assert.match(
      plan.changes[0]!.message,
      /CPUUtilization\/web-01@1h: forecast upper95 80 >= 80 at 2026-11-23T13:00Z \(in 180 min\)/,
    );
  });

  it('gathers digests at most once per interval and names mails the same way every time', () => {
    assert.equal(digestDue(null, T, 60), true);
    assert.equal(digestDue(T - HOUR, T, 60), true);
    assert.equal(digestDue(T - HOUR, T, 120), false);
    assert.equal(
      messageIdOf('digest/2026-11-23T10:00Z', 'metricast', 'example.com'),
      '<metricast.digest.2026-11-23T10-00Z.metricast@example.com>',
    );
  });

  it('refuses bad limits naming the field and the value', () => {
    const base = { metricPattern: 'CPUUtilization', threshold: 80, direction: 'above' };
    const cases: Array<[unknown, RegExp]> = [
      [{ ...base, threshold: 'high' }, /^limit\.threshold must be a finite number, got "high"$/],
      [{ ...base, direction: 'up' }, /^limit\.direction must be one of above, below, got "up"$/],
      [
        { ...base, basis: 'upper99' },
        /^limit\.basis must be one of point, upper80, upper95, lower80, lower95, got "upper99"$/,
      ],
      [
        { ...base, seriesId: 3 },
        /^limit\.seriesId must be given, or metricPattern instead \(exactly one\), got 3$/,
      ],
      [
        { ...base, cooldownMinutes: -5 },
        /^limit\.cooldownMinutes must be a whole number of minutes, 0 or more, got -5$/,
      ],
      [
        { ...base, metricPattern: 'cpu; DROP' },
        /^limit\.metricPattern must be a metric name .*, got "cpu; DROP"$/,
      ],
      [{ ...base, colour: 'red' }, /^limit\.colour must not be set .*, got "red"$/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => parseLimitSpec(input),
        (e: unknown) => e instanceof AlertLimitError && message.test(e.message),
      );
    }
    assert.deepEqual(parseLimitSpec(base), {
      ...base,
      seriesId: null,
      basis: 'upper95',
      alsoActuals: true,
      cooldownMinutes: 60,
      enabled: true,
    });
    assert.throws(
      () => toLimitSpec({ metric: 'CPUUtilization', above: 'lots' }),
      /--above must be a number, got "lots"/,
    );
    assert.throws(
      () => toLimitSpec({ metric: 'CPUUtilization' }),
      /--above must be given, or --below instead/,
    );
  });
});
