/**
 * Keeping one broken model from taking its caller down. A model can fail in ways its own code does
 * not catch: Prophet's wasm optimizer traps (`RuntimeError: unreachable`), a fit throws, a network
 * returns NaN. `guardForecaster` turns each into a `ModelFailureError` naming the model and the
 * operation, and `evaluateCandidate` turns that into a failed candidate with its reason.
 */
import type { Forecast, Forecaster, ModelArtifact, PredictInput, SeriesData, FitOptions } from '../types';
import { evaluateModel, type EvaluateOptions, type ModelEvaluation } from './evaluate';

/** A model failed while fitting or forecasting; `cause` is what it threw. */
export class ModelFailureError extends Error {
  override readonly name = 'ModelFailureError';

  constructor(
    readonly kind: string,
    readonly operation: 'fit' | 'predict' | 'serialize',
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${kind} ${operation} failed: ${reason}`, options);
  }
}

/** `RuntimeError: unreachable`, `TypeError: …`: the error's class and message in one line. */
export function describeError(error: unknown): string {
  if (error instanceof ModelFailureError) return error.reason;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function checkFinite(kind: string, forecasts: readonly Forecast[]): void {
  forecasts.forEach((f, i) => {
    const bad = f.point.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new ModelFailureError(
        kind,
        'predict',
        `non-finite forecast (${f.point[bad]}) at step ${bad + 1} of forecast ${i}`,
      );
    }
  });
}

async function guarded<T>(
  kind: string,
  operation: ModelFailureError['operation'],
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ModelFailureError) throw error;
    throw new ModelFailureError(kind, operation, describeError(error), { cause: error });
  }
}

/** Wraps a model so every failure, thrown or NaN, surfaces as a `ModelFailureError`. */
export function guardForecaster(inner: Forecaster): Forecaster {
  return {
    kind: inner.kind,
    fit: (history: SeriesData, options: FitOptions) =>
      guarded(inner.kind, 'fit', () => inner.fit(history, options)),
    predict: (input: PredictInput) =>
      guarded(inner.kind, 'predict', async () => {
        const forecast = await inner.predict(input);
        checkFinite(inner.kind, [forecast]);
        return forecast;
      }),
    predictBatch: (inputs: readonly PredictInput[]) =>
      guarded(inner.kind, 'predict', async () => {
        const forecasts = await inner.predictBatch(inputs);
        checkFinite(inner.kind, forecasts);
        return forecasts;
      }),
    serialize: (): Promise<ModelArtifact> => guarded(inner.kind, 'serialize', () => inner.serialize()),
    ...(inner.setConformal === undefined ? {} : { setConformal: inner.setConformal.bind(inner) }),
    dispose: () => {
      try {
        inner.dispose();
      } catch {
        // A model that cannot even be freed has already failed; its failure is reported elsewhere.
      }
    },
  };
}

/** A candidate's evaluation, or why it failed. */
export type CandidateOutcome =
  | { readonly name: string; readonly ok: true; readonly evaluation: ModelEvaluation }
  | { readonly name: string; readonly ok: false; readonly failure: string };

/** Evaluates one candidate; any failure becomes `{ ok: false, failure }` instead of a throw. */
export async function evaluateCandidate(
  name: string,
  factory: () => Forecaster,
  series: SeriesData,
  options: EvaluateOptions,
): Promise<CandidateOutcome> {
  try {
    return {
      name,
      ok: true,
      evaluation: await evaluateModel(() => guardForecaster(factory()), series, options),
    };
  } catch (error) {
    return { name, ok: false, failure: describeError(error) };
  }
}
