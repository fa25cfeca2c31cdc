/**
 * The global model in the accuracy benchmark, for one granularity and step: pretrained on synthetic
 * series (a fresh install's model), then warm-started on the training segments of every real series
 * (the update part B runs each cycle), and backtested on each series' calibration and evaluation
 * origins like any candidate. Cold start: the pretrained model, which never saw any real series,
 * forecasts each evaluation origin from only the 24 hours before it, scored beside naive on the same
 * origins. Also times one batched forward pass over 1,000 series.
 */
import {
  COLD_START_PLAN,
  GlobalForecaster,
  backtest,
  combinePoints,
  headOf,
  maseScale,
  mae,
  residualQuantiles,
  sliceSeries,
  splitSeries,
  syntheticSeries,
  withConformal,
  type ModelEvaluation,
  type PredictInput,
  type SeriesData,
} from '../src/forecast';
import { planFor, type Granularity } from './accuracy-config';

/** What the global task returns. */
export interface GlobalResult {
  readonly evaluations: readonly (ModelEvaluation | undefined)[];
  /**
   * Per series, on the same origins from 24 hours of history: MASE of the global model updated on
   * the other half of the series, of naive, and of what is served to a series that young (the
   * mean of the two, a policy fixed in advance); `fresh` is the same with the pretrained model.
   */
  readonly coldstart: readonly ColdStart[];
  readonly coldstartFresh: readonly ColdStart[];
  readonly pretrainS: number;
  readonly updateS: number;
  readonly inferMsPerSeries: number;
  readonly samples: number;
}

/** MASE on the cold-start origins. */
export interface ColdStart {
  readonly model: number;
  readonly naive: number;
  readonly served: number;
}

const SYNTHETIC_SERIES = 48;
const EPOCHS = { pretrain: 10, update: 6 };

/** Runs the global model on `series` (all of one step). */
export async function runGlobal(
  granularity: Granularity,
  series: readonly SeriesData[],
): Promise<GlobalResult> {
  const stepMs = (series[0] as SeriesData).stepMs;
  const plan = planFor(granularity, stepMs);
  const options = { horizon: plan.horizon, seasonPeriod: plan.seasonPeriod, maxSamples: 20_000, seed: 42 };
  let started = performance.now();
  const length = Math.min(4032, 14 * plan.seasonPeriod);
  const synthetic = syntheticSeries({ count: SYNTHETIC_SERIES, length, stepMs, seed: 2024 });
  const pretrained = await GlobalForecaster.train(synthetic, { ...options, epochs: EPOCHS.pretrain });
  const pretrainS = (performance.now() - started) / 1000;
  started = performance.now();
  const training = series.map((s) => headOf(s, splitSeries(s.values.length).calStart));
  const model = await GlobalForecaster.train(training, {
    ...options,
    epochs: EPOCHS.update,
    warmStart: pretrained,
  });
  const updateS = (performance.now() - started) / 1000;
  try {
    const evaluations: (ModelEvaluation | undefined)[] = [];
    for (const s of series) evaluations.push(await evaluateOne(model, s, plan));
    const coldstartFresh: ColdStart[] = [];
    for (const s of series) coldstartFresh.push(await coldStart(pretrained, s, plan));
    return {
      evaluations,
      coldstart: await fleetColdStart(pretrained, series, training, plan, options),
      coldstartFresh,
      pretrainS,
      updateS,
      inferMsPerSeries: await timeBatch(model, series, 1000),
      samples: Number(model.metadata?.hyperparameters['samples'] ?? 0),
    };
  } finally {
    model.dispose();
    pretrained.dispose();
  }
}

async function evaluateOne(
  model: GlobalForecaster,
  series: SeriesData,
  plan: ReturnType<typeof planFor>,
): Promise<ModelEvaluation> {
  const split = splitSeries(series.values.length);
  const base = {
    horizon: plan.horizon,
    seasonPeriod: plan.seasonPeriod,
    originStep: plan.originStep,
    refitEvery: Infinity,
  };
  const factory = (): GlobalForecaster => model;
  const calibration = await backtest(factory, headOf(series, split.evalStart), {
    ...base,
    segment: { from: split.calStart, to: split.evalStart },
    fitted: model,
  });
  const conformal = residualQuantiles(calibration.residuals);
  const calibrated = withConformal(model, conformal);
  const evaluation = await backtest(() => calibrated, series, {
    ...base,
    segment: { from: split.evalStart, to: split.length },
    fitted: calibrated,
  });
  return { split, calibration, conformal, evaluation, training: { fits: 0, ms: 0 } };
}

/**
 * Cold start of a series joining a fleet: series in two folds (even and odd positions); each fold
 * is forecast by the pretrained model updated on the other fold's training segments only.
 */
async function fleetColdStart(
  pretrained: GlobalForecaster,
  series: readonly SeriesData[],
  training: readonly SeriesData[],
  plan: ReturnType<typeof planFor>,
  options: { horizon: number; seasonPeriod: number; maxSamples: number; seed: number },
): Promise<ColdStart[]> {
  const out = new Array<ColdStart>(series.length);
  for (const fold of [0, 1]) {
    const others = training.filter((_, i) => i % 2 !== fold);
    const members = series.map((s, i) => ({ s, i })).filter(({ i }) => i % 2 === fold);
    if (members.length === 0) continue;
    // With one series there is no other to learn from: the pretrained model is all a newcomer gets.
    const model =
      others.length === 0
        ? pretrained
        : await GlobalForecaster.train(others, { ...options, epochs: EPOCHS.update, warmStart: pretrained });
    try {
      for (const { s, i } of members) out[i] = await coldStart(model, s, plan);
    } finally {
      if (model !== pretrained) model.dispose();
    }
  }
  return out;
}

async function coldStart(
  pretrained: GlobalForecaster,
  series: SeriesData,
  plan: ReturnType<typeof planFor>,
): Promise<ColdStart> {
  const { evalStart, length } = splitSeries(series.values.length);
  const origins: number[] = [];
  for (let o = evalStart; o + plan.horizon <= length; o += plan.originStep) origins.push(o);
  // Only the day before each origin: what a series one day old has.
  const inputs: PredictInput[] = origins.map((o) => ({
    history: sliceSeries(series, o - plan.seasonPeriod, o),
  }));
  const forecasts = await pretrained.predictBatch(inputs);
  const actual = origins.flatMap((o) => series.values.slice(o, o + plan.horizon));
  const scale = maseScale(series.values.slice(0, evalStart), plan.seasonPeriod).scale;
  const naive = origins.flatMap((o) => new Array<number>(plan.horizon).fill(series.values[o - 1] as number));
  const model = forecasts.flatMap((f) => f.point);
  // Production's rule for a series this young (`COLD_START_PLAN`, the same function).
  const served = model.map((v, i) => combinePoints([v, naive[i] as number], COLD_START_PLAN));
  return {
    model: mae(actual, model) / scale,
    naive: mae(actual, naive) / scale,
    served: mae(actual, served) / scale,
  };
}

async function timeBatch(
  model: GlobalForecaster,
  series: readonly SeriesData[],
  count: number,
): Promise<number> {
  const inputs: PredictInput[] = Array.from({ length: count }, (_, i) => {
    const s = series[i % series.length] as SeriesData;
    const end = splitSeries(s.values.length).evalStart + Math.floor(i / series.length);
    return { history: headOf(s, Math.min(end, s.values.length)) };
  });
  await model.predictBatch(inputs.slice(0, 10));
  const started = performance.now();
  await model.predictBatch(inputs);
  return (performance.now() - started) / count;
}
