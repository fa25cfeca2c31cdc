/** The driver's symbolic error code (`ER_DUP_ENTRY`...), if `error` is a MariaDB error. @internal */
export function dbErrorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A value as an error message shows it: strings quoted, objects as JSON. @internal */
export function showValue(value: unknown): string {
  return typeof value === 'string' || (typeof value === 'object' && value !== null)
    ? JSON.stringify(value)
    : String(value);
}
