/** A command-line argument that failed validation: names the flag, the value and what is expected. */
export class CliArgumentError extends Error {
  override readonly name = 'CliArgumentError';
  constructor(
    readonly flag: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${flag} must be ${expected}, got ${JSON.stringify(value)}`);
  }
}

/** Parses an ISO-8601 time (`2014-02-14T14:30Z`, `2014-02-14`) into epoch ms, UTC unless an offset is given. */
export function parseTime(flag: string, value: string | undefined): number {
  if (value === undefined)
    throw new CliArgumentError(flag, value, 'an ISO-8601 time such as 2014-02-14T14:30Z');
  const withZone =
    /[zZ]|[+-]\d\d:?\d\d$/.test(value) || /^\d{4}-\d\d-\d\d$/.test(value) ? value : `${value}Z`;
  const t = Date.parse(withZone);
  if (!Number.isFinite(t))
    throw new CliArgumentError(flag, value, 'an ISO-8601 time such as 2014-02-14T14:30Z');
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
