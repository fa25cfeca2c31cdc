/**
 * When a champion's rolling accuracy calls for a retrain: pure rules over one `ChampionAccuracy`,
 * so they are tested without a database. Errors are RMSE (in the series' unit) and MASE, which
 * the aggregates do not store: it is the rolling MAE over the champion's own MASE scale (its
 * validation MAE / validation MASE), the same scale its validation MASE was measured on.
 */
import type { ChampionAccuracy } from '../db';

/** Limits on the rolling 24 h error of a series' champion; give at least one of the four. */
export interface BreachThresholds {
  /** Absolute limit on rolling RMSE, in the series' unit. */
  readonly rmse?: number;
  /** Absolute limit on rolling MASE. */
  readonly mase?: number;
  /** Limit as a multiple of the champion's validation RMSE (e.g. 2: twice as bad as validated). */
  readonly rmseRatio?: number;
  /** Limit as a multiple of the champion's validation MASE (equals rolling MAE / validation MAE). */
  readonly maseRatio?: number;
  /** Fewest reconciled records in the window before any verdict; default 12 (two hourly issues of 6). */
  readonly minSamples?: number;
  /** A series whose last retrain started less than this before `asOf` is left alone. */
  readonly cooldownMs: number;
}

export type BreachMetric = 'rmse' | 'mase';

/** One limit a champion broke: which, by how much, and the sentence people read. */
export interface BreachReason {
  readonly metric: BreachMetric;
  readonly basis: 'absolute' | 'relative';
  readonly value: number;
  readonly limit: number;
  readonly text: string;
}

export const DEFAULT_MIN_SAMPLES = 12;

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3));

/** Thresholds that would never or always fire; the activity edge makes it non-retryable by its name. */
export class BreachThresholdError extends Error {
  override readonly name = 'ValidationError';
}

function refuse(field: string, value: unknown, rule: string): never {
  throw new BreachThresholdError(`${field} must ${rule}, got ${JSON.stringify(value)}`);
}

/** Refuses thresholds that would never or always fire. */
export function checkThresholds(t: BreachThresholds): void {
  const limits = ['rmse', 'mase', 'rmseRatio', 'maseRatio'] as const;
  for (const name of limits) {
    const v = t[name];
    if (v !== undefined && !(Number.isFinite(v) && v > 0))
      refuse(`input.thresholds.${name}`, v, 'be a positive number');
  }
  if (limits.every((name) => t[name] === undefined))
    refuse('input.thresholds', t, 'set at least one of rmse, mase, rmseRatio, maseRatio');
  if (!(Number.isFinite(t.cooldownMs) && t.cooldownMs >= 0))
    refuse('input.thresholds.cooldownMs', t.cooldownMs, 'be a non-negative number of ms');
  const min = t.minSamples;
  if (min !== undefined && !(Number.isInteger(min) && min >= 1))
    refuse('input.thresholds.minSamples', min, 'be a positive integer');
}

/** The champion's MASE scale from its validation metrics, or undefined when they cannot give one. */
function maseScale(a: ChampionAccuracy): number | undefined {
  const v = a.validation;
  const scale = v ? v.mae / v.mase : NaN;
  return Number.isFinite(scale) && scale > 0 ? scale : undefined;
}

function validated(a: ChampionAccuracy, metric: BreachMetric): number | undefined {
  const v = a.validation?.[metric];
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Every limit of `t` that `a` breaks (empty when none, or when the window holds too few records). */
export function breachesOf(a: ChampionAccuracy, t: BreachThresholds): BreachReason[] {
  if (a.n < (t.minSamples ?? DEFAULT_MIN_SAMPLES)) return [];
  const scale = maseScale(a);
  const rolling: Record<BreachMetric, number | undefined> = {
    rmse: a.rmse,
    mase: scale === undefined ? undefined : a.mae / scale,
  };
  const reasons: BreachReason[] = [];
  for (const metric of ['rmse', 'mase'] as const) {
    const value = rolling[metric];
    if (value === undefined) continue;
    const name = `24h ${metric.toUpperCase()} ${fmt(value)}`;
    const absolute = t[metric];
    if (absolute !== undefined && value > absolute)
      reasons.push({
        metric,
        basis: 'absolute',
        value,
        limit: absolute,
        text: `${name} > limit ${fmt(absolute)}`,
      });
    const ratio = t[`${metric}Ratio`];
    const base = validated(a, metric);
    if (ratio !== undefined && base !== undefined && value > ratio * base) {
      const text = `${name} > ${ratio} × champion ${a.championVersionId}'s validation ${metric.toUpperCase()} ${fmt(base)}`;
      reasons.push({ metric, basis: 'relative', value, limit: ratio * base, text });
    }
  }
  return reasons;
}
