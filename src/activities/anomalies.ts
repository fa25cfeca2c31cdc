/**
 * detectAnomalies: runs the anomaly detectors of `src/anomaly` over the recent observations of
 * every active series, and flags stored forecast records whose actual fell outside their 95%
 * band, upserting both into `anomalies`. Keyed by (series, detector, ts) and computed from the
 * data alone with the calibrated defaults, so a repeated run adds nothing. CPU-bound: runs on the
 * ML task queue.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  DEFAULT_EVENTS,
  DEFAULT_VOTE,
  DetectorName,
  bandScore,
  points,
  scoreAll,
  toDetections,
  voteScores,
  type DetectorScores,
} from '../anomaly';
import {
  ForecastRole,
  ReconcileStatus,
  listForecasts,
  listSeries,
  readObservations,
  upsertAnomalies,
  type AnomalyRow,
  type Db,
  type SeriesRow,
} from '../db';
import { STEP_MS, type SeriesId } from '../shared';
import { atActivityEdge } from './errors';
import { heartbeat } from './heartbeat';

export interface AnomalyDeps {
  readonly db: Db;
}

export interface DetectAnomaliesInput {
  /** Nominal time of the run (the cycle's hour), epoch ms: the window ends here. */
  readonly asOf: number;
  /** Points with ts in [asOf − lookbackHours, asOf) are examined. */
  readonly lookbackHours: number;
  /** Only these series (the cycle passes one shard); all active series when absent. */
  readonly seriesIds?: readonly SeriesId[];
}

export interface DetectAnomaliesResult {
  readonly series: number;
  /** Anomalies found in the window (new or already stored). */
  readonly flagged: number;
  /** Of those, rows not stored before this run (0 on a repeat). */
  readonly inserted: number;
}

const HOUR_MS = 3_600_000;
/** History read before the window so every detector has warmed up (the daily outlier uses up to a week). */
const WARM_UP_MS = 8 * 24 * HOUR_MS;
/** Detectors whose detections are stored (the band from stored forecasts is separate). */
const STORED = [DetectorName.changepoint, DetectorName.outlier, DetectorName.extreme] as const;

function checkInput(input: DetectAnomaliesInput): void {
  const bad = (field: string, value: unknown, rule: string): never => {
    throw ApplicationFailure.create({
      type: 'AnomalyInputError',
      message: `detectAnomalies.${field} must ${rule}, got ${String(value)}`,
      nonRetryable: true,
    });
  };
  if (!Number.isSafeInteger(input.asOf)) bad('asOf', input.asOf, 'be epoch milliseconds');
  if (!(input.lookbackHours > 0 && input.lookbackHours <= 24 * 31))
    bad('lookbackHours', input.lookbackHours, 'be in (0, 744]');
}

/** Builds the anomaly activity over a database (tests pass a test database). */
export function createAnomalyActivities(deps: AnomalyDeps) {
  return {
    async detectAnomalies(input: DetectAnomaliesInput): Promise<DetectAnomaliesResult> {
      checkInput(input);
      return atActivityEdge(async () => {
        const series = await listSeries(deps.db, {
          activeOnly: true,
          ...(input.seriesIds && { ids: input.seriesIds }),
        });
        let flagged = 0;
        let inserted = 0;
        for (const s of series) {
          const rows = [
            ...(await fromObservations(deps.db, s, input)),
            ...(await fromForecasts(deps.db, s, input)),
          ];
          flagged += rows.length;
          inserted += await upsertAnomalies(deps.db, rows);
          await heartbeat({ series: s.id, flagged, inserted });
        }
        return { series: series.length, flagged, inserted };
      });
    },
  };
}

/** Detector and vote detections over the regularised recent observations of one series. */
async function fromObservations(db: Db, s: SeriesRow, input: DetectAnomaliesInput): Promise<AnomalyRow[]> {
  const stepMs = STEP_MS[s.granularity];
  const windowStart = input.asOf - input.lookbackHours * HOUR_MS;
  const observed = await readObservations(db, s.id, { from: windowStart - WARM_UP_MS, to: input.asOf });
  const first = observed[0];
  if (first === undefined) return [];
  // Carry the last value over gaps so indices stay on the grid; filled points are never flagged.
  const values: number[] = [];
  const real = new Set<number>();
  for (const o of observed) {
    const index = Math.round((o.t - first.t) / stepMs);
    while (values.length < index) values.push(values[values.length - 1] ?? o.value);
    values[index] = o.value;
    real.add(index);
  }
  const scores = await scoreAll(values, stepMs);
  const rows: AnomalyRow[] = [];
  const keep = (detector: string, index: number, score: number): void => {
    const ts = first.t + index * stepMs;
    if (ts < windowStart || !real.has(index)) return;
    rows.push({
      seriesId: s.id,
      ts,
      detector,
      score,
      value: values[index] as number,
      detectedAt: input.asOf,
    });
  };
  for (const name of STORED) {
    const { threshold, refractoryMs } = DEFAULT_EVENTS[name];
    for (const d of toDetections(scores[name], { threshold, refractory: points(refractoryMs, stepMs) }))
      keep(name, d.index, d.score);
  }
  for (const d of voteDetections(scores, stepMs)) keep(DetectorName.vote, d.index, d.score);
  return rows;
}

function voteDetections(scores: DetectorScores, stepMs: number) {
  const vote = DEFAULT_VOTE;
  const thresholds = vote.members.map((m) => DEFAULT_EVENTS[m].threshold * vote.factor);
  const votes = voteScores(
    vote.members.map((m) => scores[m]),
    thresholds,
    points(vote.toleranceMs, stepMs),
  );
  return toDetections(votes, { threshold: vote.need, refractory: points(vote.refractoryMs, stepMs) });
}

/**
 * Reconciled champion forecasts whose actual fell outside the 95% band; of several records for one
 * target time, the shortest-horizon (freshest) one decides.
 */
async function fromForecasts(db: Db, s: SeriesRow, input: DetectAnomaliesInput): Promise<AnomalyRow[]> {
  const records = await listForecasts(db, {
    seriesId: s.id,
    targetFrom: input.asOf - input.lookbackHours * HOUR_MS,
    targetTo: input.asOf,
    status: ReconcileStatus.reconciled,
  });
  const freshest = new Map<number, (typeof records)[number]>();
  for (const r of records) {
    if (r.role !== ForecastRole.champion || r.actual === null) continue;
    const seen = freshest.get(r.targetAt);
    if (seen === undefined || r.horizonStep < seen.horizonStep) freshest.set(r.targetAt, r);
  }
  return [...freshest.values()]
    .filter((r) => r.in95 === false)
    .map((r) => ({
      seriesId: s.id,
      ts: r.targetAt,
      detector: DetectorName.band95,
      score: bandScore(r.actual as number, r),
      value: r.actual as number,
      detectedAt: input.asOf,
    }));
}

export type AnomalyActivities = ReturnType<typeof createAnomalyActivities>;
