/**
 * scoreNewAnomalyPoints: the cycle's anomaly step, incremental. For one shard of series it reads
 * each series' stored detector state and only the observations newer than the last one scored,
 * scores them with the production detector (`src/anomaly/online.ts`), stores the detections in
 * `anomalies` (detector `likelihood`, score = the detector's surprise) and writes the states back.
 * Every point is scored once: a repeated or retried run finds nothing newer and changes nothing.
 * A series seen for the first time learns the recent history first and reports only its last
 * `reportHours`. Observations that arrive later than newer ones already scored are not rescored.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  DEFAULT_EVENTS,
  DetectorName,
  restoreOnlineState,
  scoreNewPoints,
  storeOnlineState,
} from '../anomaly';
import {
  listSeries,
  readAnomalyStates,
  readObservationsOf,
  resolveSeriesRange,
  upsertAnomalies,
  writeAnomalyStates,
  type AnomalyRow,
  type AnomalyStateRow,
  type Db,
  type SeriesRange,
  type SeriesRow,
} from '../db';
import { STEP_MS, type SeriesId } from '../shared';
import { atActivityEdge } from './errors';
import { heartbeat } from './heartbeat';

export interface ScoreNewPointsInput {
  /** Nominal time of the cycle, epoch ms: observations before it are scored. */
  readonly asOf: number;
  /** The shard's series (inactive ones are skipped), or `range` instead (cycles since shard ranges). */
  readonly seriesIds?: readonly SeriesId[];
  /** A page of the cycle's series as an id range: resolved here, so no id list crosses Temporal. */
  readonly range?: SeriesRange;
  /** A new series reports detections of its last this many hours only (default 24). */
  readonly reportHours?: number;
}

export interface ScoreNewPointsResult {
  readonly series: number;
  /** Observations scored in this run. */
  readonly scored: number;
  readonly flagged: number;
  readonly inserted: number;
}

const HOUR_MS = 3_600_000;
/** History a new series learns before its first report (the detector's half-life is 3 days). */
const LEARN_MS = 8 * 24 * HOUR_MS;
const DETECTOR = DetectorName.likelihood;

function checkInput(input: ScoreNewPointsInput): void {
  const bad = (field: string, value: unknown, rule: string): never => {
    throw ApplicationFailure.create({
      type: 'AnomalyInputError',
      message: `scoreNewAnomalyPoints.${field} must ${rule}, got ${String(value)}`,
      nonRetryable: true,
    });
  };
  if (!Number.isSafeInteger(input.asOf)) bad('asOf', input.asOf, 'be epoch milliseconds');
  const hours = input.reportHours ?? 24;
  if (!(hours > 0 && hours <= 24 * 31)) bad('reportHours', hours, 'be in (0, 744]');
  if ((input.seriesIds === undefined) === (input.range === undefined))
    bad('seriesIds', input.seriesIds, 'be given, or range instead (exactly one of them)');
}

/** Builds the incremental anomaly activity over a database. */
export function createIncrementalAnomalyActivities(deps: { readonly db: Db }) {
  return {
    async scoreNewAnomalyPoints(input: ScoreNewPointsInput): Promise<ScoreNewPointsResult> {
      checkInput(input);
      return atActivityEdge(async () => {
        const wanted = input.seriesIds ?? (await resolveSeriesRange(deps.db, input.range as SeriesRange));
        const series = await listSeries(deps.db, { activeOnly: true, ids: wanted });
        if (series.length === 0) return { series: 0, scored: 0, flagged: 0, inserted: 0 };
        const ids = series.map((s) => s.id);
        const stored = await readAnomalyStates(deps.db, ids, DETECTOR);
        const points = await newPoints(deps.db, series, stored, input.asOf);
        await heartbeat({ series: series.length });
        const reportFrom = input.asOf - (input.reportHours ?? 24) * HOUR_MS;
        const anomalies: AnomalyRow[] = [];
        const states: AnomalyStateRow[] = [];
        let scored = 0;
        for (const s of series) {
          const fresh = points.get(s.id) ?? [];
          if (fresh.length === 0) continue;
          const known = stored.get(s.id);
          const before = restoreOnlineState(known?.state ?? null, STEP_MS[s.granularity]);
          const run = scoreNewPoints(
            before,
            fresh,
            DEFAULT_EVENTS.likelihood,
            known ? -Infinity : reportFrom,
          );
          scored += fresh.length;
          for (const d of run.detections)
            anomalies.push({
              seriesId: s.id,
              ts: d.t,
              detector: DETECTOR,
              score: d.score,
              value: d.value,
              detectedAt: input.asOf,
            });
          const scoredUntil = (fresh[fresh.length - 1] as { t: number }).t;
          states.push({
            seriesId: s.id,
            detector: DETECTOR,
            scoredUntil,
            state: storeOnlineState(run.state),
          });
        }
        // Detections first: a run that dies between the two writes rescoring the same points
        // finds its detections already stored (keyed), and only then moves the states on.
        const inserted = await upsertAnomalies(deps.db, anomalies);
        await writeAnomalyStates(deps.db, states, input.asOf);
        return { series: series.length, scored, flagged: anomalies.length, inserted };
      });
    },
  };
}

/** Each series' observations newer than its stored state (a new series: its recent history). */
async function newPoints(
  db: Db,
  series: readonly SeriesRow[],
  stored: ReadonlyMap<SeriesId, AnomalyStateRow>,
  asOf: number,
): Promise<Map<SeriesId, { t: number; value: number }[]>> {
  const warm = series.filter((s) => stored.has(s.id)).map((s) => s.id);
  const cold = series.filter((s) => !stored.has(s.id)).map((s) => s.id);
  const since = Math.min(asOf, ...warm.map((id) => (stored.get(id) as AnomalyStateRow).scoredUntil));
  const result = new Map<SeriesId, { t: number; value: number }[]>();
  if (warm.length > 0) {
    for (const [id, rows] of await readObservationsOf(db, warm, { from: since, to: asOf })) {
      const after = (stored.get(id) as AnomalyStateRow).scoredUntil;
      result.set(
        id,
        rows.filter((r) => r.t > after),
      );
    }
  }
  if (cold.length > 0)
    for (const [id, rows] of await readObservationsOf(db, cold, { from: asOf - LEARN_MS, to: asOf }))
      result.set(id, rows);
  return result;
}

export type IncrementalAnomalyActivities = ReturnType<typeof createIncrementalAnomalyActivities>;
