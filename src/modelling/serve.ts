/**
 * What a training job serves: the core's `decideServing` over every kind it trained (their
 * calibration backtests) and every kind that failed, under the granularity's `SERVING_OPTIONS`
 * (`plan.ts`), the very function and options `bench:accuracy` scores as "served". A served combination becomes a version of its own (`combination-version.ts`); a single
 * kind, or a combination of one member, is served as that kind's version.
 */
import {
  COMBINATION,
  decideServing,
  type ModelEvaluation,
  type ServingDecision,
  type ServingOptions,
} from '../forecast';
import type { ServedCandidate, TrainedKind } from './champion';
import {
  finishedCombination,
  registerCombination,
  type CombinationJob,
  type Evaluated,
  type Served,
} from './combination-version';
import { invalid } from './inputs';
import { SERVING_OPTIONS } from './plan';
import { evaluateAgain, modelFailureReason, type KindJob, type KindResult } from './train-kind';
import type { Modelling } from './store';

/** A kind's result with the job that trained it (to evaluate it again on a retry). */
export interface TrainedResult {
  readonly result: KindResult;
  readonly job: KindJob;
}

/**
 * Decides what to serve from the trained kinds and registers a served combination. `trained` may
 * hold covariate twins in their plain models' places (`own`): a twin serves alone, never inside a
 * combination (whose artifact reads no covariates), so a combination is decided over `own`.
 */
export async function chooseServed(
  m: Modelling,
  job: CombinationJob,
  trained: readonly TrainedResult[],
  own: readonly TrainedResult[] = trained,
): Promise<Served> {
  const earlier = await finishedCombination(m, job);
  if (earlier !== undefined) return earlier;
  let { evaluations, failures } = await evaluationsOf(m, trained);
  if (evaluations.size === 0) return noneUsable(trained);
  const options = SERVING_OPTIONS[job.key.granularity];
  let decision = decide(evaluations, failures, options);
  const twinIn = (name: string) =>
    trained.find((t) => t.result.kind === name) !== own.find((t) => t.result.kind === name);
  if (
    decision.served === COMBINATION &&
    decision.combination.members.length > 1 &&
    decision.combination.members.some(twinIn)
  ) {
    ({ evaluations, failures } = await evaluationsOf(m, own));
    decision = decide(evaluations, failures, options);
  }
  const members = decision.combination.members;
  const reason = decision.reasons.join('; ');
  const serving = { served: decision.served, members, reason };
  const single =
    decision.served !== COMBINATION ? decision.served : members.length === 1 ? members[0] : undefined;
  if (single !== undefined) return { candidate: singleCandidate(evaluations, single, decision), serving };
  return { ...(await registerCombination(m, job, decision, evaluations)), serving };
}

function decide(
  evaluations: Evaluated,
  failures: ReadonlyMap<string, string>,
  options: ServingOptions,
): ServingDecision {
  return decideServing(
    [
      ...[...evaluations].map(([name, e]) => ({ name, calibration: e.evaluation.calibration })),
      ...[...failures].map(([name, failure]) => ({ name, failure })),
    ],
    options,
  );
}

/** Each trained kind's backtests (evaluated again when a reused run did not keep them) and each failure. */
async function evaluationsOf(
  m: Modelling,
  trained: readonly TrainedResult[],
): Promise<{ evaluations: Evaluated; failures: ReadonlyMap<string, string> }> {
  const evaluations = new Map<string, { kind: TrainedKind; evaluation: ModelEvaluation }>();
  const failures = new Map<string, string>();
  for (const { result, job } of trained) {
    if (!result.ok) {
      failures.set(result.kind, result.error);
      continue;
    }
    try {
      const evaluation = result.evaluation ?? (await evaluateAgain(m, job));
      evaluations.set(result.kind, { kind: result, evaluation });
    } catch (error) {
      const reason = modelFailureReason(error);
      if (reason === undefined) throw error;
      failures.set(result.kind, reason);
    }
  }
  return { evaluations, failures };
}

function singleCandidate(evaluations: Evaluated, name: string, decision: ServingDecision): ServedCandidate {
  const { kind } = evaluations.get(name) as { kind: TrainedKind };
  const why = `${kind.kind} served: ${decision.reasons.join('; ')}`;
  return { ...kind, why };
}

/** Refused for good: no kind gave a usable validation result. */
function noneUsable(trained: readonly TrainedResult[]): never {
  const why = trained.map(({ result: r }) =>
    r.ok ? `${r.kind}: validation MASE ${r.validationMase}` : `${r.kind}: ${r.error}`,
  );
  return invalid(
    'input.kinds',
    trained.map((t) => t.result.kind).join(', '),
    `give a model with a finite validation MASE (${why.join('; ')})`,
  );
}
