/** Issuing one series' forecast with its champion (or challenger), as `forecastSeries` does. */
import { STEP_MS } from '../shared';
import { horizonOf, invalid, type ForecastSeriesInput, type ForecastSeriesResult } from './inputs';
import { issueForecast, loadModel } from './issue';
import type { Modelling } from './store';

/** The series has no model under the alias asked for; the activity edge makes it non-retryable. */
export class NoModelError extends Error {
  override readonly name = 'NoModelError';
}

/** Forecasts one series from history before `issuedAt`; idempotent (rows are upserted). */
export async function forecastSeries(
  m: Modelling,
  input: ForecastSeriesInput,
): Promise<ForecastSeriesResult> {
  if (!Number.isFinite(input.issuedAt))
    invalid('input.issuedAt', input.issuedAt, 'be a finite epoch-ms time');
  const { seriesId, granularity, issuedAt } = input;
  const horizon = horizonOf(input);
  const role = input.alias ?? 'champion';
  const model = await loadModel(m, { seriesId, granularity, horizon }, role);
  if (model === undefined)
    throw new NoModelError(
      `series ${seriesId} (${granularity}, horizon ${horizon}) has no ${role} model: train one first`,
    );
  try {
    const stepMs = STEP_MS[granularity];
    const rows = await issueForecast(m, model, { seriesId, issuedAt, role, stepMs, horizon });
    return { rows, modelVersionId: model.versionId };
  } finally {
    model.forecaster.dispose();
  }
}
