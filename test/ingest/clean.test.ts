import assert from 'node:assert/strict';
import {
  cleanSeries,
  IngestInputError,
  type CleanOptions,
  type Point,
  type RawSeries,
  type SeriesKey,
} from '../../src/ingest';

const STEP = 300_000;
const T0 = Date.UTC(2024, 0, 1);
const OPTS: CleanOptions = {
  stepMs: STEP,
  maxGapMs: 3 * STEP,
  minCoverage: 0.5,
  dropPatterns: ['error', 'packet'],
};

function key(
  metric: string,
  dimensions: Record<string, string> = { InstanceId: 'i-0123456789abcdef0' },
): SeriesKey {
  return {
    source: 'cloudwatch',
    namespace: 'AWS/EC2',
    metric,
    dimensions,
    host: 'i-0123456789abcdef0',
    site: 'us-east-1',
    unit: '',
  };
}

/** Points at the given slot indexes (0 = T0) with the given values. */
function at(slots: number[], values: number[]): Point[] {
  return slots.map((s, i) => ({ t: T0 + s * STEP, v: values[i]! }));
}

function series(metric: string, points: Point[], dimensions?: Record<string, string>): RawSeries {
  return { key: key(metric, dimensions), points };
}

describe('ingest/cleanSeries', () => {
  it('snaps points to the nearest slot, later point winning a shared slot, and sorts', () => {
    const raw = series('CPUUtilization', [
      { t: T0 + STEP + 60_000, v: 3 }, // 00:06 → 00:05, later than 00:04 below, so it wins
      { t: T0 - 120_000, v: 1 }, // 23:58 → 00:00
      { t: T0 + STEP - 60_000, v: 2 }, // 00:04 → 00:05
      { t: T0 + 2 * STEP + 149_999, v: 4 }, // 00:12:29.999 → 00:10
    ]);
    const { kept } = cleanSeries([raw], OPTS);
    assert.deepEqual(kept[0]!.points, at([0, 1, 2], [1, 3, 4]));
    assert.equal(kept[0]!.filled, 0);
    assert.deepEqual(kept[0]!.gaps, []);
  });

  it('fills gaps up to maxGapMs linearly, counts them, and reports longer gaps unfilled', () => {
    // slots 0..2, gap of 3 (filled), 6..7, gap of 4 (too long), 12..13
    const raw = series('CPUUtilization', at([0, 1, 2, 6, 7, 12, 13], [10, 10, 10, 50, 50, 7, 7.5]));
    const { kept, dropped } = cleanSeries([raw], { ...OPTS, minCoverage: 0 });
    assert.deepEqual(dropped, []);
    const c = kept[0]!;
    assert.equal(c.stepMs, STEP);
    assert.equal(c.filled, 3);
    assert.deepEqual(
      c.points,
      at([0, 1, 2, 3, 4, 5, 6, 7, 12, 13], [10, 10, 10, 20, 30, 40, 50, 50, 7, 7.5]),
    );
    assert.deepEqual(c.gaps, [{ from: T0 + 8 * STEP, to: T0 + 11 * STEP, missingPoints: 4 }]);
  });

  it('with a range, drops slots outside [from, to) and reports missing edges as gaps', () => {
    const raw = series('CPUUtilization', at([-1, 2, 3, 4, 5, 6, 10], [9, 1, 2, 3, 4, 5, 9]));
    const range = { from: T0, to: T0 + 8 * STEP };
    const { kept } = cleanSeries([raw], { ...OPTS, maxGapMs: 0, range });
    assert.deepEqual(kept[0]!.points, at([2, 3, 4, 5, 6], [1, 2, 3, 4, 5]));
    assert.deepEqual(kept[0]!.gaps, [
      { from: T0, to: T0 + STEP, missingPoints: 2 },
      { from: T0 + 7 * STEP, to: T0 + 7 * STEP, missingPoints: 1 },
    ]);
  });

  it('drops every reason with a readable detail, keeping the rest, in input order', () => {
    const good = series('CPUUtilization', at([0, 1, 2, 3], [1, 2, 3, 4]));
    const raw = [
      series('NetworkPacketsIn', at([0, 1], [1, 2])),
      good,
      series('CPUUtilization', [], { InstanceId: 'i-00000000' }),
      series('DiskWriteBytes', at([0, 1, 2], [0, 0, 0])),
      series('NetworkIn', at([0, 1, 2], [7.5, 7.5, 7.5])),
      series('NetworkOut', at([0, 9], [1, 2])),
      series('CPUUtilization', at([0, 1], [1, 2]), { LoadBalancerName: 'Error-Pages' }),
      series('5XXError', at([0, 1], [1, 2])),
    ];
    const { kept, dropped } = cleanSeries(raw, OPTS);
    assert.deepEqual(
      kept.map((k) => k.key),
      [good.key],
    );
    assert.deepEqual(
      dropped.map((d) => [d.key.metric, d.reason, d.detail]),
      [
        ['NetworkPacketsIn', 'name-pattern', 'metric "NetworkPacketsIn" matches drop pattern /packet/i'],
        ['CPUUtilization', 'empty', 'no points'],
        ['DiskWriteBytes', 'all-zero', 'all 3 values are 0'],
        ['NetworkIn', 'constant', 'all 3 values equal 7.5'],
        ['NetworkOut', 'sparse', '2 of 10 expected points present (20.0% < 50.0%)'],
        [
          'CPUUtilization',
          'name-pattern',
          'dimension LoadBalancerName="Error-Pages" matches drop pattern /error/i',
        ],
        ['5XXError', 'name-pattern', 'metric "5XXError" matches drop pattern /error/i'],
      ],
    );
  });

  it('matches drop patterns as case-insensitive regexes, literally when not a valid regex, never the namespace', () => {
    const raw = [
      series('StatusCheckFailed', at([0, 1], [0, 1])),
      series('DiskReadOps', at([0, 1], [0, 1])),
      series('weird(metric', at([0, 1], [0, 1])),
    ];
    const { kept, dropped } = cleanSeries(raw, { ...OPTS, dropPatterns: ['^disk', 'weird(', 'AWS/EC2'] });
    assert.deepEqual(
      kept.map((k) => k.key.metric),
      ['StatusCheckFailed'],
    );
    assert.deepEqual(
      dropped.map((d) => d.detail),
      [
        'metric "DiskReadOps" matches drop pattern /^disk/i',
        'metric "weird(metric" matches drop pattern /weird\\(/i',
      ],
    );
  });

  it('counts a series as empty when nothing falls in the range', () => {
    const raw = series('CPUUtilization', at([0, 1], [1, 2]));
    const range = { from: T0 + 10 * STEP, to: T0 + 20 * STEP };
    const { dropped } = cleanSeries([raw], { ...OPTS, range });
    assert.deepEqual(dropped[0]!.detail, 'no points in [2024-01-01T00:50:00.000Z, 2024-01-01T01:40:00.000Z)');
  });

  it('says when a sparse series comes at a cadence coarser than the grid (an hourly export)', () => {
    const hourly = series('CPUUtilization', at([0, 12, 24, 36], [1, 2, 3, 4]));
    assert.equal(
      cleanSeries([hourly], OPTS).dropped[0]?.detail,
      "4 of 37 expected points present (10.8% < 50.0%); its points are 60 minutes apart, coarser than the grid's 5 minutes: ingestion needs a point every grid step",
    );
  });

  it('measures coverage on observed points, before filling', () => {
    const raw = series('CPUUtilization', at([0, 2, 4, 6], [1, 2, 3, 4]));
    assert.equal(cleanSeries([raw], { ...OPTS, minCoverage: 0.58 }).dropped[0]?.reason, 'sparse');
    assert.equal(cleanSeries([raw], { ...OPTS, minCoverage: 0.57 }).kept[0]?.filled, 3);
  });

  it('normalises hosts with the configured suffixes', () => {
    const raw: RawSeries = {
      key: { ...key('CPUUtilization'), host: ' Web-1.Prod.Example.COM. ' },
      points: at([0, 1], [1, 2]),
    };
    assert.equal(
      cleanSeries([raw], { ...OPTS, hostSuffixes: ['.example.com'] }).kept[0]!.key.host,
      'web-1.prod',
    );
    assert.equal(cleanSeries([raw], OPTS).kept[0]!.key.host, 'web-1');
  });

  it('rejects invalid options with IngestInputError naming the option', () => {
    const bad: [Partial<CleanOptions>, string][] = [
      [{ stepMs: 0 }, 'clean options: stepMs must be a positive integer, got 0'],
      [{ maxGapMs: -1 }, 'clean options: maxGapMs must be a number ≥ 0, got -1'],
      [{ minCoverage: 1.5 }, 'clean options: minCoverage must be between 0 and 1, got 1.5'],
      [{ dropPatterns: ['ok', ' '] }, 'clean options: dropPatterns[1] must not be empty, got " "'],
      [{ range: { from: 2, to: 1 } }, 'clean options: range must have from < to, got {"from":2,"to":1}'],
    ];
    for (const [override, message] of bad) {
      assert.throws(
        () => cleanSeries([], { ...OPTS, ...override }),
        (e: unknown) => e instanceof IngestInputError && e.message === message,
      );
    }
  });
});
