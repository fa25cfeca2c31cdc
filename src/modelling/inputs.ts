/**
 * The inputs and results of the training activities, and the one place their inputs are checked.
 * Everything here crosses Temporal: ids, time ranges and numbers, never points or weights.
 */
import type { ModelAlias } from '../db';
import { ForecastInputError, isSingleModelKind, type ModelKind, type ParamValue } from '../forecast';
import {
  DEFAULT_HORIZON,
  type Granularity,
  type ModelVersionId,
  type SeriesId,
  type TimeRange,
} from '../shared';

/** Hyperparameters of one model kind. */
export type Hyperparameters = Readonly<Record<string, ParamValue>>;

/** A hyperparameter search over one of the kinds being trained. */
export interface TrainSearchInput {
  readonly kind: ModelKind;
  readonly space: Readonly<Record<string, readonly ParamValue[]>>;
  /** `grid` (default) or seeded `random`. */
  readonly mode?: 'grid' | 'random';
  /** Cap on trials (random: how many to sample). */
  readonly trials?: number;
  /** Seed of random sampling. */
  readonly seed?: number;
}

export interface TrainSeriesInput {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  /** Steps ahead; 6 hourly, 12 at 5 minutes by default. Part of the registry key. */
  readonly horizon?: number;
  /** The data to train and evaluate on; the newest stretch inside it with no gap over 6 hours is used, shorter gaps bridged. */
  readonly window: TimeRange;
  readonly kinds: readonly ModelKind[];
  /** Business id from the caller, e.g. `retrain/42/2026-11-23T10:00Z`: run ids derive from it. */
  readonly runIdPrefix: string;
  /** Fixed hyperparameters per kind (a search's values override them for its kind). */
  readonly hyperparameters?: Readonly<Partial<Record<ModelKind, Hyperparameters>>>;
  readonly search?: TrainSearchInput;
  /** `challenger` (default) only sets the challenger; `champion-if-better` may promote it. */
  readonly promote?: 'challenger' | 'champion-if-better';
}

/** The registered model served: one kind, or the combination (kind `ensemble`) `decideServing` chose. */
export interface SelectedModel {
  readonly kind: ModelKind;
  readonly versionId: ModelVersionId;
  readonly validationMase: number;
  /** Null when not finite (JSON has no NaN or Infinity). */
  readonly evaluationMase: number | null;
}

/** What `trainSeries` did, small enough for a workflow history. */
export interface TrainSummary {
  /** One training run per kind, in the order given: `${runIdPrefix}/${kind}`. */
  readonly runIds: readonly string[];
  /** Versions registered by the kinds that trained, in the same order. */
  readonly versionIds: readonly ModelVersionId[];
  /** Kinds whose training was refused by the model (bad fit for this data), with why. */
  readonly failed: ReadonlyArray<{ readonly kind: ModelKind; readonly error: string }>;
  readonly search?: { readonly searchId: string; readonly bestTrial: number };
  /**
   * Each network kind's covariate twin (`<kind>+covariates`, run `<runIdPrefix>/<kind>+covariates`):
   * whether it serves in the plain model's place and why. Absent when no twin was trained.
   */
  readonly covariateTwins?: ReadonlyArray<{
    readonly kind: string;
    readonly runId: string;
    readonly served: boolean;
    readonly reason: string;
  }>;
  /**
   * The core's serving decision (`decideServing`, validation results only): `combination` or a
   * kind, the combination's members and why. Absent in summaries recorded before it existed.
   */
  readonly serving?: {
    readonly served: string;
    readonly members: readonly string[];
    readonly reason: string;
  };
  /** The combination's run and version, when a combination of several kinds is served. */
  readonly combination?: { readonly runId: string; readonly versionId: ModelVersionId };
  readonly selected: SelectedModel;
  readonly champion: {
    readonly versionId: ModelVersionId | null;
    readonly promoted: boolean;
    readonly reason: string;
  };
}

export interface ForecastSeriesInput {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  readonly horizon?: number;
  /** Nominal issue time of the cycle (never the wall clock); history strictly before it is used. */
  readonly issuedAt: number;
  /** Which model issues: `champion` (default), or `challenger` for shadow forecasts. */
  readonly alias?: ModelAlias;
}

export interface ForecastSeriesResult {
  readonly rows: number;
  readonly modelVersionId: ModelVersionId;
}

/** Throws `<field> must <rule>, got <value>` as a ForecastInputError (non-retryable at the edge). */
export function invalid(field: string, value: unknown, rule: string): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new ForecastInputError(field, value, `${field} must ${rule}, got ${shown}`);
}

/** Checks what the types cannot: ranges, kinds, and that the search is over a kind being trained. */
export function checkTrainInput(input: TrainSeriesInput): void {
  const { window, kinds, search } = input;
  if (!(Number.isFinite(window.from) && Number.isFinite(window.to) && window.from < window.to))
    invalid('input.window', JSON.stringify(window), 'have finite from < to (epoch ms)');
  if (!(input.runIdPrefix.length > 0 && input.runIdPrefix.length <= 200))
    invalid('input.runIdPrefix', input.runIdPrefix, 'have 1 to 200 characters');
  if (kinds.length === 0) invalid('input.kinds', '[]', 'name at least one model kind');
  kinds.forEach((kind, i) => {
    if (!isSingleModelKind(kind)) invalid(`input.kinds[${i}]`, kind, 'be a single-model kind');
    if (kinds.indexOf(kind) !== i) invalid(`input.kinds[${i}]`, kind, 'not repeat a kind');
  });
  if (search !== undefined && !kinds.includes(search.kind))
    invalid('input.search.kind', search.kind, `be one of input.kinds (${kinds.join(', ')})`);
}

/** The horizon, defaulted per granularity and checked. */
export function horizonOf(input: { readonly horizon?: number; readonly granularity: Granularity }): number {
  const horizon = input.horizon ?? DEFAULT_HORIZON[input.granularity];
  if (!(Number.isSafeInteger(horizon) && horizon >= 1))
    invalid('input.horizon', horizon, 'be a positive integer');
  return horizon;
}

/** Steps ahead by default: 6 hours hourly, 1 hour at 5 minutes (as `FitOptions.horizon` documents). */
export { DEFAULT_HORIZON };
