/** The driver's symbolic error code (`ER_DUP_ENTRY`...), if `error` is a MariaDB error. @internal */
export function dbErrorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A value as an error message shows it (one helper for every room: `src/shared/errors.ts`). @internal */
export { showValue } from '../shared';
