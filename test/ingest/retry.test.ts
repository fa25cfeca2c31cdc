import assert from 'node:assert/strict';
import { isRetryable, withRetry } from '../../src/ingest';

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

describe('ingest/withRetry', () => {
  it('classifies throttling, 429, 5xx and network faults as retryable, bad input not', () => {
    assert.equal(isRetryable(awsError('Throttling', 400)), true);
    assert.equal(isRetryable(awsError('ThrottlingException', 400)), true);
    assert.equal(isRetryable(awsError('Whatever', 429)), true);
    assert.equal(isRetryable(awsError('InternalServiceError', 500)), true);
    assert.equal(isRetryable(awsError('ServiceUnavailable', 503)), true);
    assert.equal(isRetryable(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), true);
    assert.equal(isRetryable(awsError('InvalidParameterValue', 400)), false);
    assert.equal(isRetryable(awsError('AccessDenied', 403)), false);
    assert.equal(isRetryable(new Error('plain')), false);
    assert.equal(isRetryable('string'), false);
  });

  it('retries with exponential backoff and full jitter, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const value = await withRetry(
      (attempt) => {
        calls++;
        return attempt < 4 ? Promise.reject(awsError('Throttling', 400)) : Promise.resolve('ok');
      },
      {
        maxAttempts: 5,
        baseDelayMs: 100,
        maxDelayMs: 350,
        random: () => 0.5,
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    );
    assert.equal(value, 'ok');
    assert.equal(calls, 4);
    // 0.5 × min(350, 100 × 2^(n-1)): 50, 100, then capped at 175.
    assert.deepEqual(delays, [50, 100, 175]);
  });

  it('gives up after maxAttempts with the last error, and at once on a non-retryable error', async () => {
    let calls = 0;
    const sleep = (): Promise<void> => Promise.resolve();
    await assert.rejects(
      withRetry(
        () => {
          calls++;
          return Promise.reject(awsError('Throttling', 400));
        },
        { maxAttempts: 3, sleep },
      ),
      { name: 'Throttling' },
    );
    assert.equal(calls, 3);
    calls = 0;
    await assert.rejects(
      withRetry(
        () => {
          calls++;
          return Promise.reject(awsError('InvalidParameterValue', 400));
        },
        { maxAttempts: 3, sleep },
      ),
      { name: 'InvalidParameterValue' },
    );
    assert.equal(calls, 1);
  });
});
