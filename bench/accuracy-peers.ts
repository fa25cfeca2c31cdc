/**
 * The peers' request: every series of every granularity with exactly the evaluation origins the
 * metricast candidates were scored on, one fit per day of origins. Fits read the whole history
 * before the origin on hourly data (AutoARIMA: the last 7 days; its seasonal search took about a
 * minute per fit on the whole history on this shared machine); on fine data (a season of 288) 3 days,
 * and AutoARIMA 2 days: at period 288 it did not finish one fit on 7 days within 5 minutes here.
 * Between the two (a season of 25 to 48 steps, i.e. 30-minute files) AutoARIMA reads 7 seasons and
 * searches its orders approximately, as R's auto.arima does by default past a season of 12: the exact
 * search took 184 s for one fit at period 48 on 336 points here (3.6 s approximated, same orders),
 * which made a 12-file, 60-day 30-minute folder run for hours. Hourly and 5-minute requests are as
 * before (exact search).
 */
import { planFor } from './accuracy-config';
import type { GranularityOutcome, PreparedGranularity } from './accuracy-run';
import type { PeerSeries } from './support/peers';

/** One request for all granularities; series are named `<granularity>/<name>`. */
export function peerRequest(
  prepared: readonly PreparedGranularity[],
  outcomes: readonly GranularityOutcome[],
): PeerSeries[] {
  return prepared.flatMap(({ granularity, series }) => {
    const outcome = outcomes.find((o) => o.granularity === granularity);
    return series.flatMap(({ name, series: s }) => {
      const evaluated = outcome?.series.find((o) => o.name === name);
      const reference = evaluated?.byModel.get('naive') ?? [...(evaluated?.byModel.values() ?? [])][0];
      if (reference === undefined) return [];
      const plan = planFor(granularity, s.stepMs);
      return [
        {
          name: `${granularity}/${name}`,
          values: s.values,
          season: plan.seasonPeriod,
          horizon: plan.horizon,
          origins: reference.evaluation.folds.map((f) => f.origin),
          refit_every: plan.originsPerDay,
          max_train: plan.fine ? 3 * plan.seasonPeriod : null,
          max_train_arima: plan.fine ? 2 * plan.seasonPeriod : 7 * plan.seasonPeriod,
          ...(approximateArima(plan) ? { arima_approximation: true } : {}),
        },
      ];
    });
  });
}

/** Long seasons (over 24 steps) on data not capped as fine: AutoARIMA's exact search is impractical. */
export function approximateArima(plan: { readonly seasonPeriod: number; readonly fine: boolean }): boolean {
  return !plan.fine && plan.seasonPeriod > 24;
}
