/**
 * A served combination as a registry version of kind `ensemble`: its artifact holds copies of its
 * members' stored artifacts (the core's `ensembleArtifact`) and records their version ids, so it
 * loads, caches and forecasts like any single model. Self-contained rather than a list of ids to
 * resolve at load time: versions are immutable, so the champion cache keys it by its own id as it
 * does every version, and loading a champion stays one artifact read. Its intervals are the
 * split-conformal quantiles of the combined calibration forecasts; it is recorded as a run
 * (`<prefix>/combination`) like any kind, and a retried job finds the version it registered.
 */
import type { ModelKey } from '../db';
import {
  ensembleArtifact,
  evaluateWithPlan,
  servingPlan,
  type ModelArtifact,
  type ModelEvaluation,
  type ServingDecision,
} from '../forecast';
import type { ModelVersionId } from '../shared';
import type { ServedCandidate, TrainedKind } from './champion';
import { invalid } from './inputs';
import { registerEvaluated } from './register-evaluated';
import type { RunContext } from './search';
import type { Modelling } from './store';

/** What registering a combination needs from the training job. */
export interface CombinationJob {
  readonly key: ModelKey;
  readonly context: RunContext;
  readonly runIdPrefix: string;
}

/** A trained kind and its evaluation, by kind name. */
export type Evaluated = ReadonlyMap<
  string,
  { readonly kind: TrainedKind; readonly evaluation: ModelEvaluation }
>;

/** The served candidate and the decision's summary (small: it crosses Temporal). */
export interface Served {
  readonly candidate: ServedCandidate;
  readonly serving: { readonly served: string; readonly members: readonly string[]; readonly reason: string };
  readonly combination?: { readonly runId: string; readonly versionId: ModelVersionId };
}

const runIdOf = (job: CombinationJob): string => `${job.runIdPrefix}/combination`;

/** The hyperparameter naming the member versions, comma-separated in member order. */
export const MEMBER_VERSIONS = 'memberVersions';

/** Registers the decision's combination, records its run, and returns it as the served candidate. */
export async function registerCombination(
  m: Modelling,
  job: CombinationJob,
  decision: ServingDecision,
  evaluations: Evaluated,
): Promise<Omit<Served, 'serving'>> {
  const started = performance.now();
  const plan = servingPlan(decision);
  const named = [...evaluations].map(([name, e]) => ({ name, evaluation: e.evaluation }));
  const evaluation = evaluateWithPlan(named, plan);
  const versionIds = plan.members.map((name) => evaluations.get(name)?.kind.versionId as ModelVersionId);
  const artifact = await combinedArtifact(m, versionIds, plan, evaluation.conformal);
  const run = { ...job.context, runId: runIdOf(job), kind: artifact.metadata.kind };
  const hyperparameters = artifact.metadata.hyperparameters;
  await m.store.recordRun({ ...run, hyperparameters });
  const { version, validationMetrics, outcome } = await registerEvaluated(
    m,
    job.key,
    run.runId,
    artifact,
    evaluation,
    started,
  );
  await m.store.recordRun({ ...run, hyperparameters, outcome });
  const candidate: ServedCandidate = {
    kind: artifact.metadata.kind,
    versionId: version.id,
    validationMase: validationMetrics.mase,
    evaluationMase: outcome.metrics.mase,
    why: `combination of ${plan.members.join(', ')} (versions ${versionIds.join(', ')}) served: ${decision.reasons.join('; ')}`,
  };
  return { candidate, combination: { runId: run.runId, versionId: version.id } };
}

/** The members' stored artifacts combined under `plan`, with the combination's own intervals. */
async function combinedArtifact(
  m: Modelling,
  versionIds: readonly ModelVersionId[],
  plan: ReturnType<typeof servingPlan>,
  conformal: { readonly q80: readonly number[]; readonly q95: readonly number[] },
): Promise<ModelArtifact> {
  const artifacts: ModelArtifact[] = [];
  for (const id of versionIds) artifacts.push(await m.store.loadArtifact(id));
  const artifact = ensembleArtifact(artifacts, plan);
  const hyperparameters = { ...artifact.metadata.hyperparameters, [MEMBER_VERSIONS]: versionIds.join(',') };
  const q = { q80: [...conformal.q80], q95: [...conformal.q95] };
  return { ...artifact, metadata: { ...artifact.metadata, hyperparameters, conformal: q } };
}

/**
 * The combination an earlier attempt of this job registered and recorded, or undefined. A run id
 * naming another series, horizon or window is refused (its version would be served for this job).
 */
export async function finishedCombination(m: Modelling, job: CombinationJob): Promise<Served | undefined> {
  const runId = runIdOf(job);
  const run = await m.store.getRun(runId);
  if (run === undefined) return undefined;
  const { from, to } = job.context.dataWindow;
  if (
    run.seriesId !== job.key.seriesId ||
    run.horizon !== job.key.horizon ||
    run.dataWindow.from !== from ||
    run.dataWindow.to !== to
  )
    invalid(
      'input.runIdPrefix',
      runId,
      'name a new training job (a run with this id trained another series, horizon or window)',
    );
  if (run.status !== 'succeeded' || run.modelVersionId === null) return undefined;
  const version = await m.store.getVersion(run.modelVersionId);
  const members = String(version?.metadata.hyperparameters['members'] ?? '').split(',');
  const candidate: ServedCandidate = {
    kind: 'ensemble',
    versionId: run.modelVersionId,
    validationMase: version?.validationMetrics?.mase ?? NaN,
    evaluationMase: run.metrics?.mase ?? NaN,
    why: `combination of ${members.join(', ')} served (registered by an earlier attempt of this job)`,
  };
  const serving = { served: 'combination', members, reason: 'registered by an earlier attempt of this job' };
  return { candidate, combination: { runId, versionId: run.modelVersionId }, serving };
}
