import type { Granularity } from '../shared';
import { MIN_BOOTSTRAP_POINTS } from './backfill-bootstrap';
import { proxyActivity } from './activity-proxy';
import { DEFAULT_TRAINING_DAYS } from './retrain';
import { startRetrainChild } from './retrain-child';

/** The patch id guarding the step, so cycles recorded before it still replay. */
export const FIRST_CHAMPIONS_PATCH = 'metricast-first-champions-v1';

/** First champions started per cycle at most; the rest wait for the next hours. */
const MAX_PER_CYCLE = 20;
/** A series whose first training failed is tried again a day later, not every hour. */
const RETRY_AFTER_MS = 24 * 3_600_000;

export interface FirstChampionsSummary {
  readonly candidates: number;
  readonly started: number;
  readonly alreadyRunning: number;
}

const listBootstrapSeries = proxyActivity('listBootstrapSeries');

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
  return { candidates: ids.length, started, alreadyRunning: ids.length - started };
}
