/**
 * The champion kinds bench:cycle seeds (`--models`), in proportions: by default the mix the default
 * retrain picks on the bundled data, so the cycle pays for the models production would serve.
 */
import {
  createForecaster,
  ensembleArtifact,
  EnsembleMethod,
  isSingleModelKind,
  type ModelArtifact,
  type SingleModelKind,
} from '../src/forecast';
import { modelHorizon } from '../src/shared';
import { HISTORY_HOURS, HOUR_MS, makeClone } from './cycle-data';
import type { SeedOptions } from './cycle-seed';

/**
 * A served model: a single kind, or a combination (`ensemble:a+b`, production's registry kind
 * `ensemble`, equal weights here) of single kinds.
 */
export interface ServedModel {
  /** As `--models` names it: `ets`, or `ensemble:ets+mstl` (members sorted). */
  readonly label: string;
  readonly members: readonly SingleModelKind[];
}

/** Served models with their share of the champions (weights, not necessarily summing to 1). */
export type ModelMix = ReadonlyArray<ServedModel & { readonly weight: number }>;

/**
 * Measured with `npm run bench:cycle-mix` (2026-12-07, after issue 12 widened the default retrain to
 * naive, seasonal-naive, ets, mstl, theta and sarima; the 17 bundled NAB files as hourly series, 14
 * days): every series was served a four-member combination (the median of the best two thirds of
 * six), theta in 15 of 17, ets in 14. Before (2026-12-05, seasonal-naive, ets and mstl only):
 * ets+mstl 9, ets+seasonal-naive 5, mstl+seasonal-naive 3, kept as `PREVIOUS_SERVED_MIX` to measure
 * the cost of the change back to back.
 */
export const SERVED_MIX = [
  'ensemble:ets+mstl+sarima+theta=4',
  'ensemble:ets+mstl+naive+theta=4',
  'ensemble:ets+naive+sarima+theta=3',
  'ensemble:ets+sarima+seasonal-naive+theta=1',
  'ensemble:ets+mstl+naive+sarima=1',
  'ensemble:mstl+naive+seasonal-naive+theta=1',
  'ensemble:naive+sarima+seasonal-naive+theta=1',
  'ensemble:ets+naive+seasonal-naive+theta=1',
  'ensemble:ets+mstl+seasonal-naive+theta=1',
].join(',');

export const PREVIOUS_SERVED_MIX =
  'ensemble:ets+mstl=9,ensemble:ets+seasonal-naive=5,ensemble:mstl+seasonal-naive=3';

const ENSEMBLE_PREFIX = 'ensemble:';

/** `kind` or `ensemble:a+b+…` as a served model; members sorted so either order names one model. */
export function parseServedModel(name: string): ServedModel {
  const members = name.startsWith(ENSEMBLE_PREFIX) ? name.slice(ENSEMBLE_PREFIX.length).split('+') : [name];
  for (const kind of members)
    if (!isSingleModelKind(kind))
      throw new Error(
        `--models must list single-model kinds or ensemble:kind+kind (with =weight), got ${JSON.stringify(name)}`,
      );
  if (name.startsWith(ENSEMBLE_PREFIX) && (members.length < 2 || new Set(members).size !== members.length))
    throw new Error(`--models ensemble must name two or more distinct kinds, got ${JSON.stringify(name)}`);
  const sorted = [...(members as SingleModelKind[])].sort();
  const label = sorted.length === 1 ? (sorted[0] as string) : `${ENSEMBLE_PREFIX}${sorted.join('+')}`;
  return { label, members: sorted };
}

/** `--models`: `model[=weight],…` (a model without a weight counts 1). */
export function parseModels(text: string): ModelMix {
  const mix = text.split(',').map((part) => {
    const [name = '', weightText] = part.trim().split('=');
    const weight = weightText === undefined ? 1 : Number(weightText);
    const model = parseServedModel(name);
    if (!(Number.isSafeInteger(weight) && weight > 0))
      throw new Error(
        `--models weight of ${name} must be a positive integer, got ${JSON.stringify(weightText)}`,
      );
    return { ...model, weight };
  });
  if (new Set(mix.map((m) => m.label)).size !== mix.length)
    throw new Error(`--models must not repeat a model, got ${text}`);
  return mix;
}

/** The served model of clone `index`: the mix repeated in index order, so every shard holds the same mix. */
export function modelOf(mix: ModelMix, index: number): string {
  const total = mix.reduce((t, m) => t + m.weight, 0);
  let k = index % total;
  for (const m of mix) {
    if (k < m.weight) return m.label;
    k -= m.weight;
  }
  return (mix[0] as ModelMix[number]).label;
}

export const describeMix = (mix: ModelMix): string => mix.map((m) => `${m.label} ${m.weight}`).join(', ');

/**
 * One artifact per served model, by label: each kind fitted on clone 0's history with default
 * hyperparameters (horizon 6 + lead); a combination holds copies of its members' artifacts as
 * production's does (`ensembleArtifact`, equal weights: the weights do not change its cost).
 */
export async function championArtifacts(
  mix: ModelMix,
  options: SeedOptions,
  horizon: number,
): Promise<Map<string, ModelArtifact>> {
  const byKind = new Map<SingleModelKind, ModelArtifact>();
  for (const kind of new Set(mix.flatMap((m) => m.members)))
    byKind.set(kind, await fitKind(kind, options, 0, horizon));
  return new Map(mix.map(({ label, members }) => [label, assemble(members, byKind)]));
}

/**
 * Kinds whose artifact holds one series' fitted state (our ETS and MSTL store their smoothing
 * state and seasonal profile): a copy fitted on another series would forecast from that series'
 * state, so they are fitted on each clone's own history, as production trains each series.
 */
const PER_SERIES_KINDS: ReadonlySet<SingleModelKind> = new Set(['ets', 'mstl']);

/**
 * The champion artifact of clone `index`: {@link championArtifacts}' shared fits for stateless
 * and refit-on-predict kinds, the clone's own fit for {@link PER_SERIES_KINDS}. `engine augurs`
 * trains ETS and MSTL on the earlier path, which stores no state: shared fits then.
 */
export async function championArtifactSource(
  mix: ModelMix,
  options: SeedOptions,
  horizon: number,
  engine: 'own' | 'augurs' = 'own',
): Promise<(index: number) => Promise<ModelArtifact>> {
  const perSeries = (kind: SingleModelKind): boolean => engine === 'own' && PER_SERIES_KINDS.has(kind);
  const shared = new Map<SingleModelKind, ModelArtifact>();
  for (const kind of new Set(mix.flatMap((m) => m.members)))
    if (!perSeries(kind)) shared.set(kind, await fitKind(kind, options, 0, horizon, engine));
  return async (index) => {
    const { members } = mix.find((m) => m.label === modelOf(mix, index)) as ModelMix[number];
    const byKind = new Map(shared);
    for (const kind of members)
      if (perSeries(kind)) byKind.set(kind, await fitKind(kind, options, index, horizon, engine));
    return assemble(members, byKind);
  };
}

async function fitKind(
  kind: SingleModelKind,
  options: SeedOptions,
  index: number,
  horizon: number,
  engine: 'own' | 'augurs' = 'own',
): Promise<ModelArtifact> {
  const clone = makeClone(options.sources, index, options.seed);
  const history = {
    start: options.gridStart,
    stepMs: HOUR_MS,
    values: [...clone.values.slice(0, HISTORY_HOURS)],
  };
  const model = createForecaster(kind);
  try {
    const hyperparameters = kind === 'ets' || kind === 'mstl' ? { engine } : undefined;
    await model.fit(history, { horizon: modelHorizon(horizon), seasonPeriod: 24, hyperparameters });
    return await model.serialize();
  } finally {
    model.dispose();
  }
}

function assemble(
  members: readonly SingleModelKind[],
  byKind: ReadonlyMap<SingleModelKind, ModelArtifact>,
): ModelArtifact {
  const parts = members.map((kind) => byKind.get(kind) as ModelArtifact);
  const weights = members.map(() => 1 / members.length);
  const plan = { method: EnsembleMethod.inverseError, weights };
  return members.length === 1 ? (parts[0] as ModelArtifact) : ensembleArtifact(parts, plan);
}
