import type { Granularity } from '../shared';
import { TRAINING_DAYS } from './retrain';
import { startRetrainChild } from './retrain-child';
import { proxyActivity } from './activity-proxy';

const listBootstrapSeries = proxyActivity('listBootstrapSeries');

/** Enough points for the forecasting core to train: four daily seasons. */
export const MIN_BOOTSTRAP_POINTS: Readonly<Record<Granularity, number>> = { '1h': 4 * 24, '5m': 4 * 288 };

export interface BootstrapSummary {
  readonly candidates: number;
  readonly trained: number;
  readonly failed: number;
}

/**
 * Gives every series that has data but no champion a first one before a backfill's first hour,
 * trained on the data before that hour only (a forced retrain with that hour as its nominal
 * time), and waits for them: the live system would have had a champion by then, and a champion
 * that had seen later data would make the replay a lie.
 */
export async function bootstrapChampions(
  from: number,
  granularity: Granularity,
  horizon: number,
  mlTaskQueue: string,
): Promise<BootstrapSummary> {
  const ids = await listBootstrapSeries({
    granularity,
    horizon,
    asOf: from,
    trainingDays: TRAINING_DAYS[granularity],
    minPoints: MIN_BOOTSTRAP_POINTS[granularity],
  });
  const results = await Promise.allSettled(
    ids.map(async (seriesId) => {
      const outcome = await startRetrainChild({
        seriesId,
        granularity,
        horizon,
        nominalTime: from,
        trigger: {
          type: 'forced',
          reason: 'backfill bootstrap: first champion from data before the backfill',
        },
        mlTaskQueue,
      });
      if (outcome.started) await outcome.handle.result();
    }),
  );
  const failed = results.filter((r) => r.status === 'rejected').length;
  return { candidates: ids.length, trained: ids.length - failed, failed };
}
