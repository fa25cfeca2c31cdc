/**
 * Input validation shared by every forecaster (tfjs and statistical). Data is checked once where it
 * enters `fit`/`predict`; inside, code trusts it. Failures are `ForecastInputError`s, which callers
 * map to non-retryable failures: retrying bad data never helps.
 */
import { FieldValueError, showValue } from '../shared/errors';
import type { Covariates, SeriesData } from './types';

/** Bad input to the forecasting core. `field` names where (`history.values[17]`), `value` what was found. */
export class ForecastInputError extends FieldValueError {
  override readonly name = 'ForecastInputError';
}

/** Throws `<field> must <rule>, got <value>`. */
export function fail(field: string, value: unknown, rule: string): never {
  throw new ForecastInputError(field, value, `${field} must ${rule}, got ${showValue(value)}`);
}

/** Every element is a finite number; names the first offender by index. */
export function assertFiniteValues(values: ArrayLike<number>, field: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${field}[${i}]`, v, 'be a finite number');
  }
}

/** A positive safe integer (horizon, window, epochs...). */
export function assertPositiveInteger(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    fail(field, value, 'be a positive integer');
  }
}

/** Checks a series' grid (finite start, positive step) and that every value is finite. */
export function assertSeries(series: SeriesData, field = 'history'): void {
  if (!Number.isFinite(series.start)) fail(`${field}.start`, series.start, 'be a finite epoch-ms time');
  if (!Number.isFinite(series.stepMs) || series.stepMs <= 0) {
    fail(`${field}.stepMs`, series.stepMs, 'be a positive number of milliseconds');
  }
  if (!Array.isArray(series.values)) fail(`${field}.values`, series.values, 'be an array of numbers');
  assertFiniteValues(series.values, `${field}.values`);
}

/** The series holds at least `required` points; `why` explains the requirement, e.g. `window 48 + horizon 6`. */
export function assertMinLength(actual: number, required: number, field: string, why: string): void {
  if (actual < required) fail(`${field}.length`, actual, `be at least ${required} (${why})`);
}

/** Each covariate is an array of finite numbers aligned with the target (same length). */
export function assertCovariates(
  covariates: Covariates | undefined,
  length: number,
  field = 'covariates',
): void {
  if (covariates === undefined) return;
  for (const [name, values] of Object.entries(covariates)) {
    const where = `${field}.${name}`;
    if (!Array.isArray(values)) fail(where, values, 'be an array of numbers');
    if (values.length !== length) {
      fail(`${where}.length`, values.length, `equal the target's length ${length} (aligned arrays)`);
    }
    assertFiniteValues(values, where);
  }
}

/** A series with no variation (max − min within float noise of its magnitude): nothing to learn. */
export function isConstant(values: ArrayLike<number>): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min <= 1e-9 * Math.max(1, Math.abs(max), Math.abs(min));
}
