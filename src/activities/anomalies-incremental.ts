/**
 * scoreNewAnomalyPoints: the cycle's anomaly step, incremental. For one shard of series it reads
 * each series' stored detector state and only the observations newer than the last one scored,
 * scores them with the production detector (`src/anomaly/online.ts`), stores the detections in
 * `anomalies` (detector `likelihood`, score = the detector's surprise) and writes the states back.
 * Every point is scored once: a repeated or retried run finds nothing newer and changes nothing.
 * A series seen for the first time learns the recent history first and reports only its last
 * `reportHours`; so does a series whose stored state must relearn (a state of an older detector
 * version, or unreadable), which reports only the points it had not scored yet. Observations that
 * arrive later than newer ones already scored are not rescored.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  DEFAULT_EVENTS,
  DetectorName,
  decodeOnlineState,
  encodeOnlineState,
  scoreNewPoints,
  type OnlineState,
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
        const decoded = new Map(
          series.map((s) => [
            s.id,
            decodeOnlineState(stored.get(s.id)?.state ?? null, STEP_MS[s.granularity]),
          ]),
        );
        // A stored state that decodes unlearned relearns from history, as a new series does,
        // rather than staying silent for its day of learning on new points alone.
        const relearn = new Set(
          ids.filter((id) => stored.has(id) && decoded.get(id)?.detector.predictors.n === 0),
        );
        const points = await newPoints(deps.db, series, stored, relearn, input.asOf);
        await heartbeat({ series: series.length });
        const reportFrom = input.asOf - (input.reportHours ?? 24) * HOUR_MS;
        const anomalies: AnomalyRow[] = [];
        const states: AnomalyStateRow[] = [];
        let scored = 0;
        for (const s of series) {
          const fresh = points.get(s.id) ?? [];
          if (fresh.length === 0) continue;
          const known = stored.get(s.id);
          const from = !known ? reportFrom : relearn.has(s.id) ? known.scoredUntil + 1 : -Infinity;
          const run = scoreNewPoints(
            decoded.get(s.id) as OnlineState,
            fresh,
            DEFAULT_EVENTS.likelihood,
            from,
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
            state: encodeOnlineState(run.state),
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

/**
 * Each series' observations newer than its stored state; a new series, or one in `relearn`, its
 * recent history.
 */
async function newPoints(
  db: Db,
  series: readonly SeriesRow[],
  stored: ReadonlyMap<SeriesId, AnomalyStateRow>,
  relearn: ReadonlySet<SeriesId>,
  asOf: number,
): Promise<Map<SeriesId, { t: number; value: number }[]>> {
  const isCold = (id: SeriesId): boolean => !stored.has(id) || relearn.has(id);
  const cold = series.filter((s) => isCold(s.id)).map((s) => s.id);
  const warm = series.filter((s) => !isCold(s.id));
  const result = new Map<SeriesId, { t: number; value: number }[]>();
  for (const { since, ids } of warmGroups(warm, stored, asOf))
    for (const [id, rows] of await readObservationsOf(db, ids, { from: since, to: asOf })) {
      const after = (stored.get(id) as AnomalyStateRow).scoredUntil;
      result.set(
        id,
        rows.filter((r) => r.t > after),
      );
    }
  if (cold.length > 0)
    for (const [id, rows] of await readObservationsOf(db, cold, { from: asOf - LEARN_MS, to: asOf }))
      result.set(id, rows);
  return result;
}

/** Reads of warm series a page makes at most: one per distinct `scored_until`, the oldest merged. */
const MAX_WARM_READS = 4;

/**
 * The page's warm series grouped by where their reads start (their `scored_until`, newest first).
 * One read from the page's oldest state would make every series re-read back to a feed that stopped
 * days ago, each cycle longer; the groups past `MAX_WARM_READS - 1` share one read from their oldest.
 */
function warmGroups(
  series: readonly SeriesRow[],
  stored: ReadonlyMap<SeriesId, AnomalyStateRow>,
  asOf: number,
): { since: number; ids: SeriesId[] }[] {
  const bySince = new Map<number, SeriesId[]>();
  for (const s of series) {
    const state = stored.get(s.id);
    if (state === undefined) continue;
    const since = Math.min(asOf, state.scoredUntil);
    const ids = bySince.get(since);
    if (ids === undefined) bySince.set(since, [s.id]);
    else ids.push(s.id);
  }
  const groups = [...bySince].sort((a, b) => b[0] - a[0]).map(([since, ids]) => ({ since, ids }));
  if (groups.length <= MAX_WARM_READS) return groups;
  const rest = groups.slice(MAX_WARM_READS - 1);
  const oldest = { since: Math.min(...rest.map((g) => g.since)), ids: rest.flatMap((g) => g.ids) };
  return [...groups.slice(0, MAX_WARM_READS - 1), oldest];
}

export type IncrementalAnomalyActivities = ReturnType<typeof createIncrementalAnomalyActivities>;
