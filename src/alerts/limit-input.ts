import { asSeriesId } from '../shared';
import { AlertLimitError, Basis, Direction, type LimitSpec } from './types';

const KEYS = new Set([
  'seriesId',
  'metricPattern',
  'threshold',
  'direction',
  'basis',
  'alsoActuals',
  'cooldownMinutes',
  'enabled',
]);
/** Letters, digits and the punctuation of CloudWatch metric names, plus `*`. */
const PATTERN = /^[A-Za-z0-9_.:/*-]{1,255}$/;
const MAX_COOLDOWN_MINUTES = 7 * 24 * 60;

function oneOf<T extends string>(field: string, value: unknown, choices: Record<string, T>, fallback: T): T {
  if (value === undefined) return fallback;
  const allowed = Object.values(choices);
  if (typeof value === 'string' && (allowed as string[]).includes(value)) return value as T;
  throw new AlertLimitError(field, value, `be one of ${allowed.join(', ')}`);
}

function flag(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new AlertLimitError(field, value, 'be true or false');
  return value;
}

function scope(input: Record<string, unknown>): Pick<LimitSpec, 'seriesId' | 'metricPattern'> {
  const { seriesId, metricPattern } = input;
  if ((seriesId === undefined) === (metricPattern === undefined))
    throw new AlertLimitError('seriesId', seriesId, 'be given, or metricPattern instead (exactly one)');
  if (seriesId !== undefined) {
    if (!(typeof seriesId === 'number' && Number.isSafeInteger(seriesId) && seriesId > 0))
      throw new AlertLimitError('seriesId', seriesId, 'be a positive integer');
    return { seriesId: asSeriesId(seriesId), metricPattern: null };
  }
  if (!(typeof metricPattern === 'string' && PATTERN.test(metricPattern)))
    throw new AlertLimitError(
      'metricPattern',
      metricPattern,
      'be a metric name of 1 to 255 letters, digits, _ . : / - with * as wildcard',
    );
  return { seriesId: null, metricPattern };
}

/**
 * Validates a limit as it arrives (HTTP body, CLI flags): every field is checked, unknown fields
 * are refused, and defaults are filled in (basis upper95, actuals checked, 60 min cooldown, enabled).
 * Throws `AlertLimitError` naming the first bad field and its value.
 */
export function parseLimitSpec(input: unknown): LimitSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new AlertLimitError('body', input, 'be an object');
  const raw = input as Record<string, unknown>;
  const unknown = Object.keys(raw).find((k) => !KEYS.has(k));
  if (unknown !== undefined)
    throw new AlertLimitError(unknown, raw[unknown], `not be set (known fields: ${[...KEYS].join(', ')})`);
  const where = scope(raw);
  if (!(typeof raw.threshold === 'number' && Number.isFinite(raw.threshold)))
    throw new AlertLimitError('threshold', raw.threshold, 'be a finite number');
  if (raw.direction === undefined)
    throw new AlertLimitError('direction', raw.direction, 'be one of above, below');
  const cooldown = raw.cooldownMinutes ?? 60;
  if (!(typeof cooldown === 'number' && Number.isInteger(cooldown) && cooldown >= 0))
    throw new AlertLimitError('cooldownMinutes', cooldown, 'be a whole number of minutes, 0 or more');
  if (cooldown > MAX_COOLDOWN_MINUTES)
    throw new AlertLimitError('cooldownMinutes', cooldown, `be at most ${MAX_COOLDOWN_MINUTES} (7 days)`);
  return {
    ...where,
    threshold: raw.threshold,
    direction: oneOf('direction', raw.direction, Direction, Direction.above),
    basis: oneOf('basis', raw.basis, Basis, Basis.upper95),
    alsoActuals: flag('alsoActuals', raw.alsoActuals, true),
    cooldownMinutes: cooldown,
    enabled: flag('enabled', raw.enabled, true),
  };
}
