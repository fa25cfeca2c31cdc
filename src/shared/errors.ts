/**
 * The base of every "this field has a bad value" error: it names the field and keeps the value, so
 * a message reads `<field> must <rule>, got <value>` and a caller (the activity edge, the HTTP error
 * handler) can classify it without parsing text. Subclasses set `name`, which the activity edge
 * maps to a non-retryable failure type.
 */
export abstract class FieldValueError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A value as an error message shows it: strings and objects as JSON, the rest (`NaN`, `undefined`) as text. */
export function showValue(value: unknown): string {
  return typeof value === 'string' || (typeof value === 'object' && value !== null)
    ? JSON.stringify(value)
    : String(value);
}

/**
 * The default branch of a switch over a union: it compiles only when every member is handled,
 * and throws (naming the value) if an unexpected one arrives at run time anyway.
 */
export function assertNever(value: never): never {
  throw new TypeError(`unexpected value ${showValue(value)}`);
}
