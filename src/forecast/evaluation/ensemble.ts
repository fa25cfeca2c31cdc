/**
 * An ensemble of fitted forecasters behind the same `Forecaster` door: the per-step median or
 * inverse-validation-error weighted mean of its members' forecasts. Members are chosen and weighted
 * on the calibration segment (see `planEnsemble`). A member that refuses a history as too short
 * (after an outage, MSTL wants two days of 5-minute points again, seasonal-naive one day) sits that
 * forecast out and the others combine without it, weights renormalised; only when every member
 * refuses does the ensemble.
 */
import {
  ModelKind,
  type FitOptions,
  type Forecast,
  type Forecaster,
  type Interval,
  type ModelArtifact,
  type PredictInput,
  type SeriesData,
} from '../types';
import { fail, ForecastInputError } from '../validate';
import { combinePoints, type EnsembleMethod, type EnsemblePlan } from './select';

/** A member artifact with its weights made JSON-safe, as stored in the ensemble's state. */
interface StoredMember {
  readonly metadata: ModelArtifact['metadata'];
  readonly state: unknown;
  readonly weightsBase64?: string;
}

/** The ensemble's JSON state. */
export interface EnsembleState {
  readonly method: EnsembleMethod;
  readonly weights: readonly number[];
  readonly members: readonly StoredMember[];
}

/** Combines members' forecasts; intervals are the combined member intervals (uncalibrated: wrap with conformal). */
export class EnsembleForecaster implements Forecaster {
  readonly kind = ModelKind.ensemble;

  constructor(
    readonly members: readonly Forecaster[],
    readonly plan: Pick<EnsemblePlan, 'method' | 'weights'>,
  ) {
    if (members.length === 0) fail('members', 0, 'hold at least one forecaster');
    if (plan.weights.length !== members.length)
      fail('plan.weights.length', plan.weights.length, `be ${members.length}`);
  }

  async fit(history: SeriesData, options: FitOptions): Promise<void> {
    // Sequential on purpose: members share the process's cores (and tfjs its backend).
    for (const member of this.members) await member.fit(history, options);
  }

  async predict(input: PredictInput): Promise<Forecast> {
    const forecasts: Refusable[] = [];
    for (const member of this.members) forecasts.push(await refusable(() => member.predict(input)));
    return this.combine(forecasts);
  }

  async predictBatch(inputs: readonly PredictInput[]): Promise<Forecast[]> {
    const perMember: Refusable[][] = [];
    for (const member of this.members) {
      const batch = await refusable(() => member.predictBatch(inputs));
      // One short history refuses the member's whole batch: ask again one input at a time.
      if (!(batch instanceof ForecastInputError)) perMember.push(batch);
      else perMember.push(await Promise.all(inputs.map((input) => refusable(() => member.predict(input)))));
    }
    return inputs.map((_, i) => this.combine(perMember.map((forecasts) => forecasts[i] as Refusable)));
  }

  async serialize(): Promise<ModelArtifact> {
    const artifacts = await Promise.all(this.members.map((m) => m.serialize()));
    return ensembleArtifact(artifacts, this.plan);
  }

  dispose(): void {
    for (const member of this.members) member.dispose();
  }

  /** The members' forecasts combined, those that refused the history left out. */
  private combine(all: readonly Refusable[]): Forecast {
    const kept = all.flatMap((f, i) =>
      f instanceof ForecastInputError ? [] : [{ f, w: this.plan.weights[i] ?? 0 }],
    );
    const first = kept[0]?.f;
    if (first === undefined) throw all[0] as ForecastInputError;
    const forecasts = kept.map(({ f }) => f);
    const total = kept.reduce((sum, { w }) => sum + w, 0);
    const plan = {
      method: this.plan.method,
      weights: kept.map(({ w }) => (total > 0 ? w / total : 1 / kept.length)),
    };
    const step = (pick: (f: Forecast) => readonly number[]): number[] =>
      pick(first).map((_, k) =>
        combinePoints(
          forecasts.map((f) => pick(f)[k] ?? NaN),
          plan,
        ),
      );
    const interval = (pick: (f: Forecast) => Interval): Interval => ({
      lower: step((f) => pick(f).lower),
      upper: step((f) => pick(f).upper),
    });
    return {
      times: first.times,
      point: step((f) => f.point),
      intervals: { p80: interval((f) => f.intervals.p80), p95: interval((f) => f.intervals.p95) },
    };
  }
}

/** A member's forecast, or its refusal of a history too short for it. */
type Refusable = Forecast | ForecastInputError;

/** The forecast, or the `ForecastInputError` that refused its input (any other failure is thrown). */
async function refusable<T>(predict: () => Promise<T>): Promise<T | ForecastInputError> {
  try {
    return await predict();
  } catch (error) {
    if (error instanceof ForecastInputError) return error;
    throw error;
  }
}

/**
 * The artifact of an ensemble of already serialized members, self-contained (every member's
 * metadata, state and weights inside it), so it loads like any single model. Building it needs no
 * member loaded: a registry can combine stored versions without rebuilding their networks.
 */
export function ensembleArtifact(
  artifacts: readonly ModelArtifact[],
  plan: Pick<EnsemblePlan, 'method' | 'weights'>,
): ModelArtifact {
  const first = artifacts[0];
  if (first === undefined) fail('artifacts', 0, 'hold at least one member artifact');
  if (plan.weights.length !== artifacts.length)
    fail('plan.weights.length', plan.weights.length, `be ${artifacts.length}`);
  const members: StoredMember[] = artifacts.map((a) => ({
    metadata: a.metadata,
    state: a.state,
    weightsBase64: a.weights === undefined ? undefined : Buffer.from(a.weights).toString('base64'),
  }));
  const state: EnsembleState = { method: plan.method, weights: plan.weights, members };
  const metadata = {
    ...first.metadata,
    kind: ModelKind.ensemble,
    window: undefined,
    hyperparameters: { method: plan.method, members: artifacts.map((a) => a.metadata.kind).join(',') },
    conformal: undefined,
    fallback: undefined,
    environment: Object.assign({}, ...artifacts.map((a) => a.metadata.environment)) as Record<string, string>,
  };
  return { metadata, state };
}

/** Rebuilds an ensemble; `loadMember` loads any member kind (see `loadForecaster`). */
export async function loadEnsemble(
  artifact: ModelArtifact,
  loadMember: (member: ModelArtifact) => Promise<Forecaster>,
): Promise<EnsembleForecaster> {
  const state = artifact.state as EnsembleState;
  const members: Forecaster[] = [];
  for (const stored of state.members) {
    const weights =
      stored.weightsBase64 === undefined
        ? undefined
        : new Uint8Array(Buffer.from(stored.weightsBase64, 'base64'));
    members.push(await loadMember({ metadata: stored.metadata, state: stored.state, weights }));
  }
  return new EnsembleForecaster(members, { method: state.method, weights: state.weights });
}
