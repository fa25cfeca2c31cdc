/**
 * `trainSeries` step by step: check the input and the series, read its history once, search, train
 * every kind, decide what to serve (the core's `decideServing`, as `bench:accuracy` does: a served
 * combination is registered as a version of its own) and decide the champion.
 */
import type { ModelKey } from '../db';
import { initBackend, type Covariates, type SeriesData, type SingleModelKind } from '../forecast';
import type { Modelling } from './store';
import { decideChampion } from './champion';
import { readTrainingCovariates, trainTwin, type TwinSummary } from './covariate-twin';
import { readTrainingSeries } from './history';
import { checkTrainInput, horizonOf, invalid, type TrainSeriesInput, type TrainSummary } from './inputs';
import { chooseServed, type TrainedResult } from './serve';
import { trainKind } from './train-kind';
import { isNeural, libraryVersions, planFor, type TrainingPlan } from './plan';
import { runSearch, type RunContext, type SearchOutcome } from './search';

/** What every step of one training job shares. */
interface Job {
  readonly input: TrainSeriesInput;
  readonly key: ModelKey;
  readonly plan: TrainingPlan;
  readonly series: SeriesData;
  readonly context: RunContext;
  /** The host's other series aligned with `series`, read when a network kind is trained and one lines up. */
  readonly covariates?: Covariates;
}

/** Every kind's own result, what serves in its place (a twin that won) and what became of each twin. */
interface TrainedKinds {
  readonly own: TrainedResult[];
  readonly chosen: TrainedResult[];
  readonly twins: TwinSummary[];
}

/** Refuses a series that does not exist or is stored at another granularity. */
async function checkSeries(m: Modelling, input: TrainSeriesInput): Promise<void> {
  const granularity = await m.store.seriesGranularity(input.seriesId);
  if (granularity === undefined) invalid('input.seriesId', input.seriesId, 'name a stored series');
  if (granularity !== input.granularity)
    invalid(
      'input.granularity',
      input.granularity,
      `be ${granularity}, the granularity of series ${input.seriesId}`,
    );
}

async function prepare(m: Modelling, input: TrainSeriesInput): Promise<Job> {
  checkTrainInput(input);
  await checkSeries(m, input);
  const { seriesId, granularity, window } = input;
  const horizon = horizonOf(input);
  const plan = planFor(granularity, horizon);
  const series = await readTrainingSeries(m, seriesId, window, plan);
  const backend = (await initBackend()).name;
  const key = { seriesId, granularity, horizon };
  const context = { ...key, dataWindow: window, backend, libraryVersions: libraryVersions() };
  const covariates = input.kinds.some(isNeural)
    ? await readTrainingCovariates(m, seriesId, window, series, plan)
    : undefined;
  return { input, key, plan, series, context, ...(covariates && { covariates }) };
}

/** The search's outcome: run now, or read back when an earlier attempt already trained its kind with it. */
async function searchStep(m: Modelling, job: Job): Promise<SearchOutcome | undefined> {
  const { search, runIdPrefix, hyperparameters } = job.input;
  if (search === undefined) return undefined;
  const kind = search.kind as SingleModelKind;
  const searchId = `${runIdPrefix}/search/${kind}`;
  if ((await m.store.getRun(`${runIdPrefix}/${kind}`))?.status === 'succeeded') {
    const best = await m.store.bestTrial(searchId);
    if (best?.trial != null) return { searchId, bestTrial: best.trial, params: best.hyperparameters };
  }
  const fixed = hyperparameters?.[kind] ?? {};
  return runSearch(m, job.series, job.plan, { ...search, kind }, fixed, { ...job.context, runIdPrefix });
}

async function trainKinds(m: Modelling, job: Job, search: SearchOutcome | undefined): Promise<TrainedKinds> {
  const { kinds, runIdPrefix } = job.input;
  const trained: TrainedKinds = { own: [], chosen: [], twins: [] };
  for (const kind of kinds as readonly SingleModelKind[]) {
    await m.heartbeat({ stage: 'train', kind });
    const searched = search !== undefined && job.input.search?.kind === kind ? search.params : {};
    const hyperparameters = { ...job.input.hyperparameters?.[kind], ...searched };
    const { key, plan, series, context } = job;
    const kindJob = { key, plan, series, context, kind, runId: `${runIdPrefix}/${kind}`, hyperparameters };
    const own = { result: await trainKind(m, kindJob), job: kindJob };
    const twin = await trainTwin(m, own, job.covariates);
    trained.own.push(own);
    trained.chosen.push(twin?.chosen ?? own);
    if (twin) trained.twins.push(twin.twin);
  }
  return trained;
}

/** Trains every kind of `input` on the series' stored history and decides the champion. */
export async function trainSeries(m: Modelling, input: TrainSeriesInput): Promise<TrainSummary> {
  const job = await prepare(m, input);
  const search = await searchStep(m, job);
  const trained = await trainKinds(m, job, search);
  const { runIdPrefix } = input;
  const served = await chooseServed(m, { ...job, runIdPrefix }, trained.chosen, trained.own);
  const promote = input.promote ?? 'challenger';
  const champion = await decideChampion(m, { ...job, runIdPrefix, promote }, served.candidate);
  const { kind, versionId, validationMase, evaluationMase } = served.candidate;
  const results = trained.own.map((t) => t.result);
  return {
    runIds: input.kinds.map((k) => `${runIdPrefix}/${k}`),
    versionIds: results.flatMap((r) => (r.ok ? [r.versionId] : [])),
    failed: results.flatMap((r) => (r.ok ? [] : [{ kind: r.kind, error: r.error }])),
    ...(search && { search: { searchId: search.searchId, bestTrial: search.bestTrial } }),
    ...(trained.twins.length > 0 && { covariateTwins: trained.twins }),
    serving: served.serving,
    ...(served.combination && { combination: served.combination }),
    selected: {
      kind,
      versionId,
      validationMase,
      evaluationMase: Number.isFinite(evaluationMase) ? evaluationMase : null,
    },
    champion,
  };
}
