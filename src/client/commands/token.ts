import type { Config } from '../../config';
import {
  createApiToken,
  createDb,
  listApiTokens,
  revokeApiToken,
  type ApiScope,
  type ApiToken,
  type Db,
} from '../../db';
import { CliArgumentError, parseChoice } from '../args';

const SCOPES: readonly ApiScope[] = ['read', 'push', 'admin'];

async function withDb<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(config.db);
  try {
    return await work(db);
  } finally {
    await db.pool.end();
  }
}

/**
 * `metricast token create`: makes an API token and returns it. It is printed once, here; only its
 * sha256 is stored, so a lost token is revoked and replaced, never recovered.
 */
export async function tokenCreateCommand(
  options: { name?: string; scope?: string },
  config: Config,
): Promise<{ name: string; scope: ApiScope; token: string }> {
  const name = options.name?.trim();
  if (!name) throw new CliArgumentError('--name', options.name, 'who or what holds the token');
  const scope = parseChoice('--scope', options.scope, SCOPES);
  const { token, row } = await withDb(config, (db) => createApiToken(db, { name, scope }));
  return { name: row.name, scope: row.scope, token };
}

/** `metricast token list`: every token, live and revoked, without the tokens themselves. */
export async function tokenListCommand(config: Config): Promise<ApiToken[]> {
  return withDb(config, (db) => listApiTokens(db));
}

/** `metricast token revoke`: ends the live token of a name; revoking twice is harmless. */
export async function tokenRevokeCommand(
  options: { name?: string },
  config: Config,
): Promise<{ name: string; revoked: number }> {
  const name = options.name?.trim();
  if (!name) throw new CliArgumentError('--name', options.name, 'the name of a token');
  return { name, revoked: await withDb(config, (db) => revokeApiToken(db, name)) };
}

/** Token rows as a table people read. */
export function formatTokens(tokens: readonly ApiToken[]): string {
  const iso = (t: number | null) => (t === null ? '-' : new Date(t).toISOString());
  const rows = tokens.map((t) => [t.name, t.scope, iso(t.createdAt), iso(t.revokedAt)]);
  const all = [['name', 'scope', 'created', 'revoked'], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}
