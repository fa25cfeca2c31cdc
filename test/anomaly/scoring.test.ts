import assert from 'node:assert/strict';
import {
  addNab,
  detect,
  folderNab,
  leaveOneOut,
  nabNormalised,
  nabRaw,
  probationLength,
  refractoryPoints,
  scaledSigmoid,
  windowCounts,
  windowScores,
  type Detection,
  type DetectRule,
} from '../../src/anomaly';

const at = (...indices: number[]): Detection[] => indices.map((index) => ({ index, score: 1 }));

describe('anomaly scoring', () => {
  describe('window precision, recall and F1', () => {
    const windows = [
      { first: 10, last: 19 },
      { first: 40, last: 49 },
      { first: 70, last: 79 },
    ];

    it('counts a window once however many detections it holds, and each outside detection', () => {
      // Window 1 hit twice, window 2 once, window 3 missed; 30 and 60 are false positives.
      const counts = windowCounts(at(12, 15, 30, 49, 60), windows);
      assert.deepEqual(counts, { tp: 2, fp: 2, fn: 1 });
      const s = windowScores(counts);
      assert.equal(s.precision, 0.5);
      assert.equal(s.recall, 2 / 3);
      assert.equal(s.f1, (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3)); // 4/7
    });

    it('ignores detections and windows before the probationary end', () => {
      assert.deepEqual(windowCounts(at(5, 12, 45), windows, 20), { tp: 1, fp: 0, fn: 1 });
    });

    it('is 0, not NaN, with no detections', () => {
      assert.deepEqual(windowScores(windowCounts([], windows)), {
        tp: 0,
        fp: 0,
        fn: 3,
        precision: 0,
        recall: 0,
        f1: 0,
      });
    });
  });

  describe('NAB standard profile', () => {
    const points = 1000; // probation: 150
    const windows = [
      { first: 300, last: 399 },
      { first: 600, last: 699 },
    ];

    it("has NAB's probationary period and scaled sigmoid", () => {
      assert.equal(probationLength(1000), 150);
      assert.equal(probationLength(10_000), 750);
      assert.equal(scaledSigmoid(0), 0);
      assert.ok(Math.abs(scaledSigmoid(-1) - 0.98661) < 1e-5);
      assert.equal(scaledSigmoid(3.01), -1);
      // At exactly 3 NAB's published per-row scores still use the formula.
      assert.ok(Math.abs(scaledSigmoid(3) - (2 / (1 + Math.exp(15)) - 1)) < 1e-15);
    });

    it('scores 100 for the perfect detector (each window at its first point) and 0 for the null one', () => {
      const perfect = nabRaw(at(300, 600), windows, points);
      assert.deepEqual(perfect, { raw: 2, windows: 2 });
      assert.equal(nabNormalised(perfect), 100);
      const none = nabRaw([], windows, points);
      assert.deepEqual(none, { raw: -2, windows: 2 });
      assert.equal(nabNormalised(none), 0);
    });

    it('ignores probationary detections, and charges an early false positive the full 0.11', () => {
      // 100 is probationary; 200 precedes every window: −0.11; both windows hit at their start.
      const raw = nabRaw(at(100, 200, 300, 600), windows, points);
      assert.ok(Math.abs(raw.raw - (2 - 0.11)) < 1e-12);
      assert.ok(Math.abs(nabNormalised(raw) - (100 * (2 - 0.11 + 2)) / 4) < 1e-9);
    });

    it('rewards a late detection less and a false positive just after a window barely', () => {
      // Detection at the window's last point: σ(−1/100)/σ(−1); one right after: 0.11·σ(1/99).
      const late = nabRaw(at(399, 400), [windows[0]!], points).raw;
      const expected = scaledSigmoid(-1 / 100) / scaledSigmoid(-1) + 0.11 * scaledSigmoid(1 / 99);
      assert.ok(Math.abs(late - expected) < 1e-12);
      assert.ok(late > 0 && late < 0.03);
    });
  });

  describe('leave-one-series-out calibration', () => {
    it("never uses a series' own labels for its threshold", () => {
      // Series 0 alone would want threshold 1 (its anomaly scores only 1.5); on the others,
      // threshold 1 also raises 17 false alarms each, so 3 has the better NAB score without series 0.
      const noisy = (): number[] => [...new Array<number>(20).fill(2), 4];
      const series = [
        { scores: [0, 0, 1.5, 0, 0, 0], windows: [{ first: 2, last: 2 }], from: 0, stepMs: 300_000 },
        ...[1, 2, 3].map(() => ({
          scores: noisy(),
          windows: [{ first: 20, last: 20 }],
          from: 0,
          stepMs: 300_000,
        })),
      ];
      const grid = { thresholds: [1, 3], refractoriesMs: [0] };
      const alone = leaveOneOut([series[0]!, { scores: [], windows: [], from: 0, stepMs: 300_000 }], grid);
      assert.equal(alone[1]?.threshold, 1, 'calibrated on series 0 alone');
      assert.deepEqual(
        leaveOneOut(series, grid).map((s) => s.threshold),
        [3, 3, 3, 3],
      );
    });

    it('scores a folder with each series under its own setting, by any detection rule', () => {
      const series = [
        { scores: [0, 0, 5, 0, 0, 5], windows: [{ first: 2, last: 3 }], from: 0, stepMs: 300_000 },
        { scores: [0, 0, 0, 0, 3, 3], windows: [{ first: 4, last: 5 }], from: 0, stepMs: 300_000 },
      ];
      const settings = [
        { threshold: 4, refractoryMs: 0 },
        { threshold: 2, refractoryMs: 0 },
      ];
      const raw = series.map((s, i) => nabRaw(detect(s, settings[i]!), s.windows, s.scores.length));
      const expected = nabNormalised(addNab(raw[0]!, raw[1]!));
      assert.equal(folderNab(series, settings), expected);
      // Series 0's false alarm at index 5 costs; a rule that keeps only the first detection scores higher.
      const firstOnly: DetectRule = (s, setting) => detect(s, setting).slice(0, 1);
      assert.ok(folderNab(series, settings, firstOnly) > expected);
    });

    it("turns quiet times into points with each series' own step", () => {
      assert.equal(refractoryPoints(3_600_000, 300_000), 12);
      assert.equal(refractoryPoints(3_600_000, 3_600_000), 1);
      assert.equal(refractoryPoints(0, 300_000), 0);
    });
  });
});
