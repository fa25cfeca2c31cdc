import assert from 'node:assert/strict';
import { planFor } from '../../bench/accuracy-config';
import { approximateArima } from '../../bench/accuracy-peers';
import {
  answerForEveryName,
  distinctPeerSeries,
  type PeerAnswer,
  type PeerSeries,
} from '../../bench/support/peers';

const MINUTE = 60_000;

describe('bench:accuracy peers: where AutoARIMA searches its orders approximately', () => {
  it('keeps the exact search hourly and at 5 minutes, where earlier figures were measured', () => {
    assert.equal(approximateArima(planFor('hourly', 5 * MINUTE)), false);
    assert.equal(approximateArima(planFor('hourly', 60 * MINUTE)), false);
    assert.equal(approximateArima(planFor('5min', 5 * MINUTE)), false);
    assert.equal(approximateArima(planFor('5min', 10 * MINUTE)), false);
  });

  it('approximates on 30-minute files read at their own step, a season of 48 over 7 seasons', () => {
    assert.equal(approximateArima(planFor('5min', 30 * MINUTE)), true);
  });
});

describe('bench:accuracy peers: each distinct request is fitted once', () => {
  const request = (name: string, values: number[]): PeerSeries => ({
    name,
    values,
    season: 24,
    horizon: 6,
    origins: [48, 49],
    refit_every: 24,
    max_train: null,
    max_train_arima: 168,
  });

  it('reads an hourly file alike at both granularities, so its two requests differ only in name', () => {
    assert.deepEqual(planFor('hourly', 60 * MINUTE), planFor('5min', 60 * MINUTE));
    assert.notDeepEqual(planFor('hourly', 30 * MINUTE), planFor('5min', 30 * MINUTE));
  });

  it('fits a request once and answers it under both names, failures included', () => {
    const series = [
      request('hourly/a', [1, 2, 3]),
      request('hourly/b', [4, 5, 6]),
      request('5min/a', [1, 2, 3]),
      request('5min/b', [4, 5, 7]),
    ];
    const { distinct, sameAs } = distinctPeerSeries(series);
    assert.deepEqual(
      distinct.map((s) => s.name),
      ['hourly/a', 'hourly/b', '5min/b'],
    );
    assert.deepEqual([...sameAs], [['5min/a', 'hourly/a']]);

    const answer: PeerAnswer = {
      statsforecast: '2.0.1',
      numpy: '2.2.6',
      models: ['MSTL'],
      series: {
        'hourly/a': { MSTL: [[1], [2]] },
        'hourly/b': { MSTL: [[3], [4]] },
        '5min/b': { MSTL: [[5], [6]] },
      },
      seconds: { MSTL: 1 },
      failures: ['MSTL on hourly/a at origin 49: ValueError: non-finite forecast'],
      wall_seconds: 1,
    };
    const all = answerForEveryName(answer, sameAs);
    assert.deepEqual(all.series['5min/a'], answer.series['hourly/a']);
    assert.deepEqual(all.series['5min/b'], answer.series['5min/b']);
    assert.deepEqual(all.failures, [
      'MSTL on hourly/a at origin 49: ValueError: non-finite forecast',
      'MSTL on 5min/a at origin 49: ValueError: non-finite forecast',
    ]);
    assert.equal(all.seconds['MSTL'], 1);
  });
});
