/**
 * The API's one error shape, `{ error, field, value, message }`, and the error classes routes throw.
 * `field` names where the fault is (`query.horizon`, `body.steps[2].lower80`), `value` what was found
 * there; both are null when no single field is at fault.
 */

import { ApiError, ErrorCode } from '../http-auth';

export { ApiError, ErrorCode, type ErrorBody } from '../http-auth';

const MAX_SHOWN = 200;

/** A value as error messages and bodies show it: long strings cut, so a posted file never echoes back whole. */
export function shownValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  if (value === undefined) return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value);
    return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : value;
  }
  return value;
}

/** `<field> must <rule>, got <value>` as a 400. */
export function badRequest(field: string, value: unknown, rule: string): ApiError {
  const shown = shownValue(value);
  return new ApiError(
    400,
    ErrorCode.badRequest,
    field,
    shown,
    `${field} must ${rule}, got ${JSON.stringify(shown)}`,
  );
}

/** A 404 for a resource named by `field`. */
export function notFound(field: string, value: unknown, what: string): ApiError {
  return new ApiError(
    404,
    ErrorCode.notFound,
    field,
    shownValue(value),
    `${field} ${JSON.stringify(value)} names no ${what}`,
  );
}
