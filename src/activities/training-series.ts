/**
 * `trainSeries` step by step: check the input and the series, read its history once, search, train
 * every kind, select by validation MASE and decide the champion.
 */
import { bestTrial, getRun, listSeries, type Db, type ModelKey } from '../db';
import { initBackend, type SeriesData, type SingleModelKind } from '../forecast';
import { heartbeat } from './heartbeat';
import { decideChampion, selectByValidation, type TrainedKind } from './training-champion';
import { readTrainingSeries } from './training-history';
import {
  checkTrainInput,
  horizonOf,
  invalid,
  type TrainSeriesInput,
  type TrainSummary,
} from './training-input';
import { trainKind, type KindResult } from './training-kind';
import { libraryVersions, planFor, type TrainingPlan } from './training-options';
import { runSearch, type RunContext, type SearchOutcome } from './training-search';

/** What every step of one training job shares. */
interface Job {
  readonly input: TrainSeriesInput;
  readonly key: ModelKey;
  readonly plan: TrainingPlan;
  readonly series: SeriesData;
  readonly context: RunContext;
}

/** Refuses a series that does not exist or is stored at another granularity. */
async function checkSeries(db: Db, input: TrainSeriesInput): Promise<void> {
  const [row] = await listSeries(db, { ids: [input.seriesId] });
  if (row === undefined) invalid('input.seriesId', input.seriesId, 'name a stored series');
  if (row.granularity !== input.granularity)
    invalid(
      'input.granularity',
      input.granularity,
      `be ${row.granularity}, the granularity of series ${row.id}`,
    );
}

async function prepare(db: Db, input: TrainSeriesInput): Promise<Job> {
  checkTrainInput(input);
  await checkSeries(db, input);
  const { seriesId, granularity, window } = input;
  const horizon = horizonOf(input);
  const plan = planFor(granularity, horizon);
  const series = await readTrainingSeries(db, seriesId, window, plan);
  const backend = (await initBackend()).name;
  const key = { seriesId, granularity, horizon };
  const context = { ...key, dataWindow: window, backend, libraryVersions: libraryVersions() };
  return { input, key, plan, series, context };
}

/** The search's outcome: run now, or read back when an earlier attempt already trained its kind with it. */
async function searchStep(db: Db, job: Job): Promise<SearchOutcome | undefined> {
  const { search, runIdPrefix, hyperparameters } = job.input;
  if (search === undefined) return undefined;
  const kind = search.kind as SingleModelKind;
  const searchId = `${runIdPrefix}/search/${kind}`;
  if ((await getRun(db, `${runIdPrefix}/${kind}`))?.status === 'succeeded') {
    const best = await bestTrial(db, searchId);
    if (best?.trial != null) return { searchId, bestTrial: best.trial, params: best.hyperparameters };
  }
  const fixed = hyperparameters?.[kind] ?? {};
  return runSearch(db, job.series, job.plan, { ...search, kind }, fixed, { ...job.context, runIdPrefix });
}

async function trainKinds(db: Db, job: Job, search: SearchOutcome | undefined): Promise<KindResult[]> {
  const { kinds, runIdPrefix } = job.input;
  const results: KindResult[] = [];
  for (const kind of kinds as readonly SingleModelKind[]) {
    await heartbeat({ stage: 'train', kind });
    const searched = search !== undefined && job.input.search?.kind === kind ? search.params : {};
    const hyperparameters = { ...job.input.hyperparameters?.[kind], ...searched };
    results.push(await trainKind(db, { ...job, kind, runId: `${runIdPrefix}/${kind}`, hyperparameters }));
  }
  return results;
}

/** The kind with the best validation MASE; refused when none has a finite one. */
function select(input: TrainSeriesInput, results: readonly KindResult[]): TrainedKind {
  const selected = selectByValidation(results.filter((r): r is TrainedKind => r.ok));
  if (selected !== undefined && Number.isFinite(selected.validationMase)) return selected;
  const why = results.map((r) => `${r.kind}: ${r.ok ? `validation MASE ${r.validationMase}` : r.error}`);
  return invalid(
    'input.kinds',
    input.kinds.join(', '),
    `give a model with a finite validation MASE (${why.join('; ')})`,
  );
}

/** Trains every kind of `input` on the series' stored history and decides the champion. */
export async function trainSeries(db: Db, input: TrainSeriesInput): Promise<TrainSummary> {
  const job = await prepare(db, input);
  const search = await searchStep(db, job);
  const results = await trainKinds(db, job, search);
  const selected = select(input, results);
  const promote = input.promote ?? 'challenger';
  const champion = await decideChampion(db, { ...job, runIdPrefix: input.runIdPrefix, promote }, selected);
  const { kind, versionId, validationMase, evaluationMase } = selected;
  return {
    runIds: input.kinds.map((k) => `${input.runIdPrefix}/${k}`),
    versionIds: results.flatMap((r) => (r.ok ? [r.versionId] : [])),
    failed: results.flatMap((r) => (r.ok ? [] : [{ kind: r.kind, error: r.error }])),
    ...(search && { search: { searchId: search.searchId, bestTrial: search.bestTrial } }),
    selected: {
      kind,
      versionId,
      validationMase,
      evaluationMase: Number.isFinite(evaluationMase) ? evaluationMase : null,
    },
    champion,
  };
}
