import { isCancellation, patched } from '@temporalio/workflow';
import type { Granularity } from '../shared';
import { MIN_BOOTSTRAP_POINTS } from './backfill-bootstrap';
import { proxyActivity } from './activity-proxy';
import { DEFAULT_TRAINING_DAYS } from './retrain';
import { startRetrainChild } from './retrain-child';

/** The patch id guarding the step, so cycles recorded before it still replay. */
export const FIRST_CHAMPIONS_PATCH = 'metricast-first-champions-v1';
/** Guards the cold starts inside the step (cycles recorded before them replay without). */
export const COLD_START_PATCH = 'metricast-cold-start-v1';

/** A day of points: the global model's full context. */
const COLD_START_MIN_POINTS: Readonly<Record<Granularity, number>> = { '1h': 24, '5m': 288 };

/** First champions started per cycle at most; the rest wait for the next hours. */
const MAX_PER_CYCLE = 20;
/** A series whose first training failed is tried again a day later, not every hour. */
const RETRY_AFTER_MS = 24 * 3_600_000;

export interface FirstChampionsSummary {
  readonly candidates: number;
  readonly started: number;
  readonly alreadyRunning: number;
  /** Younger series given the global model as champion, and those whose cold start failed. */
  readonly coldStarted?: number;
  readonly coldStartFailed?: number;
}

const listBootstrapSeries = proxyActivity('listBootstrapSeries');
const listColdStartSeries = proxyActivity('listColdStartSeries');

/**
 * Starts a first training for series that came in live (a Prometheus or CloudWatch host) and now
 * have enough history before the cycle's hour (four days of hourly points), as the backfill does
 * for bundled data: a forced retrain with the hour as its nominal time, abandoned by the cycle.
 * The next cycle forecasts with the new champion.
 */
export async function startFirstChampions(
  hour: number,
  granularity: Granularity,
  horizon: number,
  mlTaskQueue: string,
): Promise<FirstChampionsSummary> {
  const ids = await listBootstrapSeries({
    granularity,
    horizon,
    asOf: hour,
    trainingDays: DEFAULT_TRAINING_DAYS,
    minPoints: MIN_BOOTSTRAP_POINTS[granularity],
    cooldownMs: RETRY_AFTER_MS,
    limit: MAX_PER_CYCLE,
  });
  let started = 0;
  for (const seriesId of ids) {
    const outcome = await startRetrainChild({
      seriesId,
      granularity,
      horizon,
      nominalTime: hour,
      trigger: { type: 'forced', reason: 'first champion: the series now has enough history' },
      mlTaskQueue,
    });
    if (outcome.started) started++;
  }
  const summary = { candidates: ids.length, started, alreadyRunning: ids.length - started };
  return patched(COLD_START_PATCH)
    ? { ...summary, ...(await coldStarts(hour, granularity, horizon, mlTaskQueue)) }
    : summary;
}

/**
 * Series with a day of history but too little to train per series get the global model as their
 * first champion (`coldStartSeries` on the ML queue, one at a time); a failure is counted, and the
 * series is tried again a day later.
 */
async function coldStarts(
  hour: number,
  granularity: Granularity,
  horizon: number,
  mlTaskQueue: string,
): Promise<{ coldStarted: number; coldStartFailed: number }> {
  const ids = await listColdStartSeries({
    granularity,
    horizon,
    asOf: hour,
    trainingDays: DEFAULT_TRAINING_DAYS,
    minPoints: COLD_START_MIN_POINTS[granularity],
    maxPoints: MIN_BOOTSTRAP_POINTS[granularity],
    cooldownMs: RETRY_AFTER_MS,
    limit: MAX_PER_CYCLE,
  });
  const coldStartSeries = proxyActivity('coldStartSeries', mlTaskQueue);
  let coldStarted = 0;
  for (const seriesId of ids) {
    const runIdPrefix = `cold-start/${seriesId}/${new Date(hour).toISOString()}`;
    try {
      await coldStartSeries({ seriesId, granularity, horizon, issuedAt: hour, runIdPrefix });
      coldStarted++;
    } catch (error) {
      // One series' failure (after its retries) never fails the cycle: it is counted and retried tomorrow.
      if (isCancellation(error)) throw error;
    }
  }
  return { coldStarted, coldStartFailed: ids.length - coldStarted };
}
