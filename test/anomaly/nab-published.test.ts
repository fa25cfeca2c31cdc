import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nabRaw, nabRowWeight, probationLength, toDetections } from '../../src/anomaly';
import { loadLabelled, readRows } from '../../bench/anomaly-data';

/**
 * A published detector's output, fed through the benchmark's loader (the file's own rows) and
 * scorer, gives exactly its published NAB score: ARTime on the bundled iio file (see
 * fixtures/README.md for where the rows come from).
 */
const DATA = join(__dirname, '../../data/nab/realAWSCloudwatch');
const LABELS = join(__dirname, '../../data/nab/anomaly_windows.json');
const FIXTURE = join(__dirname, 'fixtures/ARTime_iio_us-east-1_i-a2eb1cd9_NetworkIn.csv');
const NAME = 'iio_us-east-1_i-a2eb1cd9_NetworkIn';
/** From NAB's results/ARTime/ARTime_standard_scores.csv. */
const PUBLISHED = { threshold: 0.317486, score: -2.33, scoredRows: 1057 };

interface ResultRow {
  readonly time: number;
  readonly score: number;
  readonly weight: number;
}

function readFixture(): ResultRow[] {
  return readFileSync(FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [stamp, score, weight] = line.split(',');
      return {
        time: Date.parse(`${stamp?.replace(' ', 'T')}Z`),
        score: Number(score),
        weight: Number(weight),
      };
    });
}

describe("NAB's published results through the benchmark", () => {
  const series = loadLabelled(DATA, LABELS).find((s) => s.name === NAME);
  const rows = readFixture();

  it("reads the file's own rows and NAB's windows as row indices", () => {
    assert.ok(series !== undefined);
    assert.equal(series.values.length, 1243);
    assert.equal(series.values.length - probationLength(series.values.length), PUBLISHED.scoredRows);
    // 10:35–15:45 and 18:05–23:15 on 2013-10-10, rows after the first stamp 2013-10-09 16:25.
    assert.deepEqual(series.windows, [
      { first: 218, last: 280 },
      { first: 308, last: 370 },
    ]);
    assert.deepEqual(readRows(join(DATA, `${NAME}.csv`)).times, series.times);
  });

  it("gives every sampled row NAB's published per-row S(t)_standard", () => {
    assert.ok(series !== undefined);
    for (const row of rows) {
      const index = series.times.indexOf(row.time);
      assert.ok(index >= 0, `fixture row ${new Date(row.time).toISOString()} is a row of the file`);
      const weight = nabRowWeight(index, series.windows);
      assert.ok(Math.abs(weight - row.weight) < 1e-12, `row ${index}: ${weight} vs published ${row.weight}`);
    }
  });

  it("scores the detector's thresholded output exactly as NAB published", () => {
    assert.ok(series !== undefined);
    const scores = series.times.map((t) => rows.find((r) => r.time === t)?.score ?? 0);
    const detections = toDetections(scores, { threshold: PUBLISHED.threshold, refractory: 0 });
    assert.equal(detections.length, 3);
    const raw = nabRaw(detections, series.windows, series.values.length);
    assert.equal(raw.windows, 2);
    assert.ok(Math.abs(raw.raw - PUBLISHED.score) < 1e-12, `raw ${raw.raw}`);
  });
});
