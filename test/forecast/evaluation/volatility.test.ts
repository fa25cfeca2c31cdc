import assert from 'node:assert/strict';
import {
  pointsPerDay,
  recentVolatility,
  replayAdaptive,
  residualsPerStep,
  scoresPerStep,
  volatilityFloor,
  volatilityScaling,
  type BacktestFold,
  type SeriesData,
} from '../../../src/forecast';
import { HOUR_MS, gaussian, levelFolds } from './synthetic';

const HORIZON = 4;
const DAY = 24;

/** Days per spell: longer than the day σ reads, as a bursty series' spells mostly are. */
const SPELL_DAYS = 3;

/** Whether day `d` of {@link regimeSeries} is noisy. */
const noisyDay = (d: number) => Math.floor(d / SPELL_DAYS) % 2 === 1;

/** Hourly noise around 100, spells of three days alternating quiet (σ 1) and noisy (σ 10), starting quiet. */
function regimeSeries(days: number, seed = 3): SeriesData {
  const z = gaussian(seed);
  const values = Array.from(
    { length: days * DAY },
    (_, t) => 100 + z() * (noisyDay(Math.floor(t / DAY)) ? 10 : 1),
  );
  return { start: 0, stepMs: HOUR_MS, values };
}

/**
 * 95% coverage in noisy and in quiet spells, of the folds after a spell's first day (whose day
 * before is still the other spell's) and before its last hours (whose targets reach the next spell).
 */
function coverageBySpell(folds: readonly BacktestFold[]) {
  const noisy: number[] = [];
  const quiet: number[] = [];
  for (const f of folds) {
    const day = Math.floor(f.origin / DAY);
    const spell = noisyDay(day) ? noisy : quiet;
    if (day % SPELL_DAYS === 0 || noisyDay(day) !== noisyDay(Math.floor((f.origin + HORIZON) / DAY)))
      continue;
    f.actual.forEach((a, k) =>
      spell.push(a >= (f.p95.lower[k] as number) && a <= (f.p95.upper[k] as number) ? 1 : 0),
    );
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { noisy: mean(noisy), quiet: mean(quiet) };
}

describe('volatility-normalised conformal widths', () => {
  it('counts the points of one day at the step, at least 2', () => {
    assert.equal(pointsPerDay(HOUR_MS), 24);
    assert.equal(pointsPerDay(5 * 60_000), 288);
    assert.equal(pointsPerDay(86_400_000), 2);
  });

  it('reads the mean absolute one-step change over the day before the origin, and nothing from it on', () => {
    // Changes of 1 until t = 30, then of 3: the day before origin 40 holds 15 changes of 1 (t = 16 … 30) and 9 of 3.
    const values = Array.from({ length: 60 }, (_, t) => (t <= 30 ? t : 30 + 3 * (t - 30)));
    const series = { start: 0, stepMs: HOUR_MS, values };
    assert.equal(recentVolatility(series, 40), (15 * 1 + 9 * 3) / 24);
    const later = { ...series, values: values.map((v, t) => (t >= 40 ? 1e6 : v)) };
    assert.equal(recentVolatility(later, 40), recentVolatility(series, 40));
    // Early origins read the changes there are; none before the second value.
    assert.equal(recentVolatility(series, 5), 1);
    assert.ok(Number.isNaN(recentVolatility(series, 1)));
  });

  it('floors σ at a tenth of its calibration median, so a flat spell does not get a zero band', () => {
    const z = gaussian(7);
    // Noise of σ 2 for ten days, then a flat day, then noise again.
    const values = Array.from({ length: 12 * DAY }, (_, t) =>
      t >= 10 * DAY && t < 11 * DAY ? 50 : 50 + 2 * z(),
    );
    const series = { start: 0, stepMs: HOUR_MS, values };
    const calibration = Array.from({ length: 3 * DAY }, (_, i) => 6 * DAY + i);
    const floor = volatilityFloor(series, calibration);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
    assert.ok(Math.abs(floor - 0.1 * median(calibration.map((o) => recentVolatility(series, o)))) < 0.05);
    const sigma = volatilityScaling(series, calibration);
    // The flat day's last hour has one change out of the noise in its day before: still above the floor.
    assert.deepEqual(sigma(11 * DAY, HORIZON), Array<number>(HORIZON).fill(floor));
    assert.ok((sigma(8 * DAY, 1)[0] as number) > 1.5);
  });

  it('falls back to 1e-9 × (1 + median |y|) on a series flat throughout', () => {
    const flat = { start: 0, stepMs: HOUR_MS, values: Array.from({ length: 5 * DAY }, () => -4) };
    const calibration = [3 * DAY, 3 * DAY + 1];
    assert.equal(volatilityFloor(flat, calibration), 5e-9);
    assert.deepEqual(volatilityScaling(flat, calibration)(4 * DAY, 2), [5e-9, 5e-9]);
  });

  it('widens the adaptive band in a noisy spell and narrows it in a quiet one', () => {
    const series = regimeSeries(36);
    const calibration = levelFolds(series, 12 * DAY, 24 * DAY, HORIZON);
    const evaluation = levelFolds(series, 24 * DAY, 36 * DAY, HORIZON);
    const scaling = volatilityScaling(
      series,
      calibration.map((f) => f.origin),
    );
    const plain = replayAdaptive(evaluation, residualsPerStep(calibration)).folds;
    const seed = scoresPerStep(calibration, scaling);
    const normalised = replayAdaptive(evaluation, seed, {}, scaling).folds;
    const p = coverageBySpell(plain);
    const v = coverageBySpell(normalised);
    // Plain widths over-cover the quiet spells (1.0 here) to pay for the noisy ones; normalised move coverage to where the misses were.
    assert.ok(v.noisy > p.noisy && v.quiet < p.quiet, JSON.stringify({ p, v }));
    const halfWidth = (folds: readonly BacktestFold[], origin: number) => {
      const f = folds.find((x) => x.origin === origin) as BacktestFold;
      return ((f.p95.upper[0] as number) - (f.p95.lower[0] as number)) / 2;
    };
    // Midday in a quiet spell: the plain band is sized for both spells, the normalised one for this one.
    const quietOrigin = 26 * DAY + 12;
    assert.ok(
      halfWidth(normalised, quietOrigin) < 0.5 * halfWidth(plain, quietOrigin),
      `${halfWidth(normalised, quietOrigin)} vs ${halfWidth(plain, quietOrigin)}`,
    );
  });
});
