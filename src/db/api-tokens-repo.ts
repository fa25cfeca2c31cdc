import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './pool';
import { dbErrorCode, showValue } from './repo-errors';

/** What a token may do; each scope includes the ones before it: read < push < admin. */
export const ApiScope = { read: 'read', push: 'push', admin: 'admin' } as const;
export type ApiScope = (typeof ApiScope)[keyof typeof ApiScope];
export const API_SCOPE_RANK: Readonly<Record<ApiScope, number>> = { read: 1, push: 2, admin: 3 };

/** A token as listed: never the token itself, which is shown once at creation and not stored. */
export interface ApiToken {
  readonly id: number;
  readonly name: string;
  readonly scope: ApiScope;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** Bad input to the token repository, naming the field and value. */
export class ApiTokenError extends Error {
  override readonly name = 'ApiTokenError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    message: string,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** sha256 of a token, hex: what the table stores and looks tokens up by. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Creates a token and returns it with its row; only its sha256 is stored. 32 random bytes make
 * guessing hopeless; the `mct_` prefix lets secret scanners recognise a leaked one.
 */
export async function createApiToken(
  db: Db,
  input: { readonly name: string; readonly scope: ApiScope },
): Promise<{ token: string; row: ApiToken }> {
  if (!NAME.test(input.name))
    throw new ApiTokenError(
      'name',
      input.name,
      `name must be 1 to 64 letters, digits or ._@-, got ${showValue(input.name)}`,
    );
  if (!(input.scope in API_SCOPE_RANK))
    throw new ApiTokenError(
      'scope',
      input.scope,
      `scope must be read, push or admin, got ${showValue(input.scope)}`,
    );
  const live = await db.pool.query<unknown[]>(
    'SELECT id FROM api_tokens WHERE name = ? AND revoked_at IS NULL',
    [input.name],
  );
  if (live.length > 0)
    throw new ApiTokenError(
      'name',
      input.name,
      `name ${showValue(input.name)} already holds a live token: revoke it first`,
    );
  const token = `mct_${randomBytes(32).toString('base64url')}`;
  try {
    await db.pool.query('INSERT INTO api_tokens (name, token_sha256, scope) VALUES (?, ?, ?)', [
      input.name,
      hashApiToken(token),
      input.scope,
    ]);
  } catch (error) {
    if (dbErrorCode(error) === 'ER_DUP_ENTRY')
      throw new Error('token collision: run the command again', { cause: error });
    throw error;
  }
  const [row] = await selectTokens(db, 'WHERE token_sha256 = ?', [hashApiToken(token)]);
  return { token, row: row as ApiToken };
}

interface TokenDbRow {
  id: number;
  name: string;
  scope: ApiScope;
  created_at: Date;
  revoked_at: Date | null;
}

async function selectTokens(db: Db, where: string, params: unknown[]): Promise<ApiToken[]> {
  const rows = await db.pool.query<TokenDbRow[]>(
    `SELECT id, name, scope, created_at, revoked_at FROM api_tokens ${where} ORDER BY id`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scope: r.scope,
    createdAt: r.created_at.getTime(),
    revokedAt: r.revoked_at?.getTime() ?? null,
  }));
}

/** The live (not revoked) token with this sha256, or undefined. */
export async function findApiToken(db: Db, sha256: string): Promise<ApiToken | undefined> {
  return (await selectTokens(db, 'WHERE token_sha256 = ? AND revoked_at IS NULL', [sha256]))[0];
}

/** Every token, live and revoked, oldest first. */
export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  return selectTokens(db, '', []);
}

/** Revokes the live token of `name`; returns how many were revoked (0 or 1). Revoking twice is harmless. */
export async function revokeApiToken(db: Db, name: string): Promise<number> {
  const result = await db.pool.query<{ affectedRows: number }>(
    'UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP(3) WHERE name = ? AND revoked_at IS NULL',
    [name],
  );
  return result.affectedRows;
}
