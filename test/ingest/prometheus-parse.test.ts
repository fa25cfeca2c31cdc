import assert from 'node:assert/strict';
import {
  hostOfInstance,
  parseQueryRange,
  planPromWindows,
  PROMETHEUS_MAX_POINTS,
  promQueriesOf,
  type PromQuery,
} from '../../src/ingest';

const STEP = 300_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0);
const Q: PromQuery = {
  family: 'CPUUtilization',
  unit: 'Percent',
  query: 'cpu',
  setting: 'prometheus.queries.CPUUtilization[0]',
};
const answer = (values: unknown[], metric: Record<string, string> = { instance: 'web-01:9100' }) => ({
  status: 'success',
  data: { resultType: 'matrix', result: [{ metric, values }] },
});

describe('ingest/prometheus: windows, answers and hosts (pure)', () => {
  it('plans windows on the 5-minute grid with at most maxPoints evaluations each', () => {
    // [10:02, 10:31): grid times 10:05 … 10:30 (six), in windows of four.
    const windows = planPromWindows({ from: T0 + 120_000, to: T0 + 31 * 60_000 }, STEP, 4);
    assert.deepEqual(windows, [
      { start: T0 + STEP, end: T0 + 4 * STEP },
      { start: T0 + 5 * STEP, end: T0 + 6 * STEP },
    ]);
    assert.deepEqual(planPromWindows({ from: T0 + 1, to: T0 + STEP }, STEP, 10), []);
    // 40 days at 5 minutes is 11,520 points: two requests under Prometheus' 11,000.
    const long = planPromWindows({ from: T0, to: T0 + 40 * 86_400_000 }, STEP, 10_000);
    assert.deepEqual(
      long.map((w) => (w.end - w.start) / STEP + 1),
      [10_000, 1_520],
    );
    assert.throws(() => planPromWindows({ from: T0, to: T0 + STEP }, STEP, PROMETHEUS_MAX_POINTS + 1), {
      message: 'prometheus.maxPointsPerQuery must be an integer from 1 to 11000, got 11001',
    });
  });

  it('flattens families into queries that name their setting', () => {
    assert.deepEqual(promQueriesOf({ A: { queries: ['a', 'b'], unit: 'Count' } }), [
      { family: 'A', unit: 'Count', query: 'a', setting: 'prometheus.queries.A[0]' },
      { family: 'A', unit: 'Count', query: 'b', setting: 'prometheus.queries.A[1]' },
    ]);
  });

  it('reads a matrix answer exactly, and refuses text, histograms and other result types', () => {
    const series = parseQueryRange(
      answer([
        [T0 / 1000, '1.5'],
        [T0 / 1000 + 300, '-2e-3'],
      ]),
      Q,
    );
    assert.deepEqual(series, [
      {
        labels: { instance: 'web-01:9100' },
        points: [
          { t: T0, v: 1.5 },
          { t: T0 + STEP, v: -0.002 },
        ],
      },
    ]);
    const at = new Date(T0).toISOString();
    for (const [value, shown] of [
      ['abc', '"abc"'],
      ['', '""'],
      [12, '12'],
    ] as const)
      assert.throws(() => parseQueryRange(answer([[T0 / 1000, value]]), Q), {
        name: 'IngestInputError',
        message: `prometheus.queries.CPUUtilization[0] (cpu): value of series {instance="web-01:9100"} at ${at} must be a number written as text, got ${shown}`,
      });
    assert.throws(
      () => parseQueryRange(answer([[1e9 * 5, '1']]), Q),
      /time of a sample .* must be between 2000-01-01 and 2100-01-01/,
    );
    const histogram = {
      status: 'success',
      data: { resultType: 'matrix', result: [{ metric: { instance: 'a' }, histograms: [] }] },
    };
    assert.throws(
      () => parseQueryRange(histogram, Q),
      /series \{instance="a"\} must hold numbers, not native histograms/,
    );
    assert.throws(
      () => parseQueryRange({ status: 'success', data: { resultType: 'vector', result: [] } }, Q),
      /data\.resultType must be "matrix", got "vector"/,
    );
    assert.throws(() => parseQueryRange('<html>', Q), /answer must be \{"status": "success"/);
  });

  it('turns instance labels into hosts: port, brackets and domain dropped, IPs kept', () => {
    assert.equal(hostOfInstance('Web-01.example.com:9100', []), 'web-01');
    assert.equal(hostOfInstance('db1.eu.example.com:9100', ['example.com']), 'db1.eu');
    assert.equal(hostOfInstance('10.0.0.7:9100', []), '10.0.0.7');
    assert.equal(hostOfInstance('[fd00::1]:9100', []), 'fd00::1');
    assert.equal(hostOfInstance('fd00::1', []), 'fd00::1');
    assert.equal(hostOfInstance('localhost', []), 'localhost');
  });
});
