import { isPlausibleTime } from '../ingest';
import { FieldValueError } from '../shared';

/** A command-line argument that failed validation: names the flag, the value and what is expected. */
export class CliArgumentError extends FieldValueError {
  override readonly name = 'CliArgumentError';
  constructor(
    readonly flag: string,
    value: unknown,
    expected: string,
  ) {
    super(flag, value, `${flag} must be ${expected}, got ${JSON.stringify(value)}`);
  }
}

const ISO_TIME = /^(\d{4})-(\d\d)-(\d\d)([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?([zZ]|[+-]\d\d:?\d\d)?$/;
const ISO_EXAMPLE = 'an ISO-8601 time such as 2014-02-14T14:30Z';

/**
 * Parses an ISO-8601 time (`2014-02-14T14:30Z`, `2014-02-14`) into epoch ms, UTC unless an offset is
 * given. `Date.parse` alone would take `2026-02-30` as 2 March and `2026-1-1` as a date; both are refused,
 * and so is a time outside 2000–2100, which is a typo rather than a range of metrics.
 */
export function parseTime(flag: string, value: string | undefined): number {
  const parts = value === undefined ? null : ISO_TIME.exec(value);
  if (value === undefined || !parts) throw new CliArgumentError(flag, value, ISO_EXAMPLE);
  const [, year, month, day] = parts.map(Number) as [number, number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
    throw new CliArgumentError(flag, value, `${ISO_EXAMPLE} (no such day)`);
  const withZone = parts[7] || parts[4] === undefined ? value : `${value}Z`;
  const t = Date.parse(withZone.replace(' ', 'T'));
  if (!Number.isFinite(t)) throw new CliArgumentError(flag, value, ISO_EXAMPLE);
  if (!isPlausibleTime(t))
    throw new CliArgumentError(flag, value, 'a time between 2000-01-01 and 2100-01-01');
  return t;
}

/** Parses `a,b,c` into a list of non-empty names. */
export function parseList(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseChoice<T extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly T[],
): T {
  if (value !== undefined && (choices as readonly string[]).includes(value)) return value as T;
  throw new CliArgumentError(flag, value, `one of ${choices.join(', ')}`);
}
