/** Where bad input was found: any of file, line, field and the offending value. */
export interface IngestInputContext {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  readonly value?: unknown;
  readonly cause?: unknown;
}

/**
 * Input that cannot be ingested: a bad CSV row, a malformed CloudWatch dump, an unknown metric, bad options.
 * Not worth retrying; activities turn it into a non-retryable failure.
 * The message reads `data/x.csv line 17: value must be a finite number, got "abc"`.
 */
export class IngestInputError extends Error {
  override readonly name = 'IngestInputError';
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  readonly value?: unknown;

  constructor(message: string, context: IngestInputContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    if (context.file !== undefined) this.file = context.file;
    if (context.line !== undefined) this.line = context.line;
    if (context.field !== undefined) this.field = context.field;
    if ('value' in context) this.value = context.value;
  }
}

/** Shows a value the way it appeared: strings quoted, everything else as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = stringify(value) ?? typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** JSON of a value; a structure nested too deep for `JSON.stringify` (a hostile dump) is shown as its shape. */
function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? '[...nested too deep]' : '{...nested too deep}';
  }
}

/**
 * Builds the error for `<where>: <field> <expectation>, got <value>`.
 * `where` is `file line N` for rows and `file` for whole-file problems.
 */
export function inputError(context: IngestInputContext, expectation: string): IngestInputError {
  const where = [context.file, context.line === undefined ? undefined : `line ${context.line}`]
    .filter((part) => part !== undefined)
    .join(' ');
  const subject = context.field === undefined ? expectation : `${context.field} ${expectation}`;
  const got = 'value' in context ? `, got ${showValue(context.value)}` : '';
  return new IngestInputError(`${where ? `${where}: ` : ''}${subject}${got}`, context);
}
