import assert from 'node:assert/strict';
import { RetrainRequestError, toRetrainRequest } from '../../src/client';
import { CliArgumentError } from '../../src/client/args';
import { RegistryError, TrainingRunError } from '../../src/db';
import { ForecastInputError } from '../../src/forecast/validate';
import { AlertLimitError, assertNever, FieldValueError, showValue } from '../../src/shared';

describe('shared/errors', () => {
  it('is the one base of the field/value errors, which keep their names, fields and values', () => {
    const errors = [
      new RegistryError('key.horizon', 0, 'key.horizon must be positive, got 0'),
      new TrainingRunError('runId', '', 'runId must have 1 to 255 characters, got ""'),
      new ForecastInputError('history.values[3]', Number.NaN, 'history.values[3] must be finite, got NaN'),
      new AlertLimitError('threshold', 'x', 'be a finite number'),
      new CliArgumentError('--from', 'yesterday', 'an ISO-8601 time'),
    ];
    assert.deepEqual(
      errors.map((e) => [e instanceof FieldValueError, e.name, e.field]),
      [
        [true, 'RegistryError', 'key.horizon'],
        [true, 'TrainingRunError', 'runId'],
        [true, 'ForecastInputError', 'history.values[3]'],
        [true, 'AlertLimitError', 'threshold'],
        [true, 'CliArgumentError', '--from'],
      ],
    );
    assert.equal(errors[3]?.message, 'limit.threshold must be a finite number, got "x"');
    assert.equal(errors[4]?.message, '--from must be an ISO-8601 time, got "yesterday"');
  });

  it('shows strings and objects as JSON and the rest as text', () => {
    assert.deepEqual(['a', { b: 1 }, [1, 2], Number.NaN, undefined, null, 7].map(showValue), [
      '"a"',
      '{"b":1}',
      '[1,2]',
      'NaN',
      'undefined',
      'null',
      '7',
    ]);
  });

  it('assertNever throws, naming the value a switch did not expect', () => {
    assert.throws(() => assertNever('surprise' as never), /unexpected value "surprise"/);
  });

  it('names retrain request fields neutrally, for the CLI (--kinds) and the API (body.kinds) alike', () => {
    assert.deepEqual(toRetrainRequest({ series: '4', reason: 'drift' }), {
      seriesFilter: { ids: [4] },
      kinds: undefined,
      reason: 'drift',
    });
    assert.throws(
      () => toRetrainRequest({ series: '4', kinds: 'gpt', reason: 'r' }),
      (e: unknown) => e instanceof RetrainRequestError && e.field === 'kinds' && e.value === 'gpt',
    );
  });
});
