import { isDeepStrictEqual } from 'node:util';
import type { Db } from '../../src/db';
import { diffFingerprints, fingerprint } from './db-fingerprint';
import {
  isStored,
  type BadInputCase,
  type CorpusContext,
  type ErrorExpectation,
  type Outcome,
} from './types';

/** The verdict on one case. */
export interface CaseResult {
  readonly kind: string;
  readonly name: string;
  /** What is wrong with the outcome; empty when the case passed. */
  readonly problems: string[];
  /** Tables whose data differs from before the case (after undoing an expected literal store). */
  readonly dbChanges: string[];
  readonly outcome: Outcome;
}

/**
 * Runs one case between two fingerprints of every table. A case that must store a literal name
 * is checked for it, its new rows are removed, and then the fingerprint must match again, so any
 * change to data that was already there shows up either way.
 */
export async function runCase(db: Db, ctx: CorpusContext, c: BadInputCase): Promise<CaseResult> {
  const before = await fingerprint(db);
  const maxSeriesId = await maxId(db);
  const outcome = await c.run(ctx).catch((error: unknown): Outcome => ({
    kind: 'error',
    message: `runner: ${String(error)}`,
    type: 'crash',
  }));
  const problems = isStored(c.expect)
    ? await checkStored(db, c.expect.stored, outcome, maxSeriesId)
    : checkError(c.expect, outcome);
  const dbChanges = diffFingerprints(before, await fingerprint(db));
  return { kind: c.kind, name: c.name, problems, dbChanges, outcome };
}

function checkError(expect: ErrorExpectation, outcome: Outcome): string[] {
  if (outcome.kind !== 'error')
    return [`expected an error, but the input was accepted ${outcome.detail ?? ''}`];
  const problems: string[] = [];
  const { message } = outcome;
  for (const part of expect.error)
    if (!message.includes(part)) problems.push(`message lacks ${JSON.stringify(part)}`);
  for (const part of expect.absent ?? [])
    if (message.includes(part)) problems.push(`message must not contain ${JSON.stringify(part)}`);
  if (expect.type !== undefined && outcome.type !== expect.type)
    problems.push(`error type ${String(outcome.type)}, expected ${expect.type}`);
  if (expect.exitCode !== undefined && outcome.exitCode !== expect.exitCode)
    problems.push(`exit code ${String(outcome.exitCode)}, expected ${expect.exitCode}`);
  if (expect.status !== undefined && outcome.status !== expect.status)
    problems.push(`HTTP status ${String(outcome.status)}, expected ${expect.status}`);
  if (expect.maxMessageLength !== undefined && message.length > expect.maxMessageLength)
    problems.push(`message is ${message.length} characters, at most ${expect.maxMessageLength} expected`);
  if (problems.length > 0) problems.push(`message was: ${message.slice(0, 600)}`);
  return problems;
}

async function maxId(db: Db): Promise<number> {
  const [row] = await db.pool.query<Array<{ id: number | null }>>('SELECT MAX(id) AS id FROM series');
  return Number(row?.id ?? 0);
}

interface StoredRow {
  id: number;
  namespace: string;
  metric: string;
  dimensions: string | Record<string, string>;
}

async function checkStored(
  db: Db,
  expected: { metric: string; namespace?: string; dimensions?: Readonly<Record<string, string>> },
  outcome: Outcome,
  maxSeriesId: number,
): Promise<string[]> {
  const problems: string[] = [];
  if (outcome.kind !== 'accepted') problems.push(`expected a literal store, got error: ${outcome.message}`);
  const rows = await db.pool.query<StoredRow[]>(
    'SELECT id, namespace, metric, dimensions FROM series WHERE id > ?',
    [maxSeriesId],
  );
  const match = rows.find((r) => {
    const dims = typeof r.dimensions === 'string' ? (JSON.parse(r.dimensions) as unknown) : r.dimensions;
    return (
      r.metric === expected.metric &&
      (expected.namespace === undefined || r.namespace === expected.namespace) &&
      (expected.dimensions === undefined || isDeepStrictEqual(dims, expected.dimensions))
    );
  });
  if (outcome.kind === 'accepted' && !match)
    problems.push(`no new series stores ${JSON.stringify(expected)} literally; new: ${JSON.stringify(rows)}`);
  // Undo the expected store, so the fingerprint comparison covers everything that was there before.
  await db.pool.query('DELETE FROM observations WHERE series_id > ?', [maxSeriesId]);
  await db.pool.query('DELETE FROM series WHERE id > ?', [maxSeriesId]);
  return problems;
}
