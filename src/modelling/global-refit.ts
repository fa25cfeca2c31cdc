/**
 * When the global model retrains, and how: a first version and a requested refit train from fresh
 * weights; a lineage whose last full refit is a week old refits in full (the schedule); otherwise,
 * once its data is a day old, the newest version is updated (warm start, a few epochs on the newest
 * windows), unless it has drifted: its loss on those windows above `BREACH_RATIO` times its own
 * training loss is a breach, and a breach refits in full.
 */
import type { GlobalModelVersion, GlobalRefit } from '../db';

/** Full refits at least this often. */
export const FULL_REFIT_EVERY_MS = 7 * 86_400_000;
/** A version younger than this (by its data) is current: the cycle leaves it alone. */
export const UPDATE_EVERY_MS = 86_400_000;
/** Loss on the newest windows over the version's training loss that calls for a full refit. */
export const BREACH_RATIO = 2;

/** What the rules decided before looking at the newest data. */
export type RefitPlan =
  | { readonly action: 'current'; readonly reason: string }
  | { readonly action: GlobalRefit; readonly reason: string };

const iso = (t: number): string => new Date(t).toISOString();

/** The plan from the newest version alone (the breach check needs the data: {@link breachReason}). */
export function planRefit(
  latest: GlobalModelVersion | undefined,
  asOf: number,
  requested: boolean,
): RefitPlan {
  if (latest === undefined) return { action: 'full', reason: 'first global model of the granularity' };
  if (requested) return { action: 'full', reason: 'full refit requested' };
  if (asOf - latest.fullRefitAt >= FULL_REFIT_EVERY_MS)
    return { action: 'full', reason: `schedule: last full refit on data to ${iso(latest.fullRefitAt)}` };
  if (asOf - latest.dataTo < UPDATE_EVERY_MS)
    return { action: 'current', reason: `version ${latest.version} has data to ${iso(latest.dataTo)}` };
  return { action: 'update', reason: `warm start from version ${latest.version}` };
}

/** Why the newest version's loss on new windows is a breach, or undefined when it is not. */
export function breachReason(latest: GlobalModelVersion, newLoss: number): string | undefined {
  const trained = Number(latest.metadata.hyperparameters['trainingLoss']);
  if (!(Number.isFinite(trained) && trained > 0 && Number.isFinite(newLoss))) return undefined;
  const ratio = newLoss / trained;
  if (ratio <= BREACH_RATIO) return undefined;
  return `breach: version ${latest.version}'s loss on the newest windows is ${ratio.toFixed(2)}× its training loss`;
}
