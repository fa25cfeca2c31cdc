/**
 * The HTTP server's one error shape, `{ error, field, value, message }`, and the error class routes
 * and hooks throw; the API's error handler answers with its status and body. Here, beside auth,
 * because the API and the dashboard both throw it and neither owns the other.
 */

/** Machine-readable error codes, one per status the API answers with. */
export const ErrorCode = {
  badRequest: 'bad_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  methodNotAllowed: 'method_not_allowed',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  rateLimited: 'rate_limited',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The body of every error answer. */
export interface ErrorBody {
  readonly error: ErrorCode;
  readonly field: string | null;
  readonly value: unknown;
  readonly message: string;
}

/** An error a route or hook throws on purpose; the error handler answers with its status and body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly field: string | null,
    readonly value: unknown,
    message: string,
  ) {
    super(message);
  }
}
