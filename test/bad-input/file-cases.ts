import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { BadInputCase, CorpusContext, Expectation, Outcome } from './types';

export const CORPUS = path.resolve(__dirname, 'corpus');

/** The `expectations.json` (or another JSON file) of a corpus folder. */
export function readExpectations<T = Expectation>(
  kind: string,
  file = 'expectations.json',
): Record<string, T> {
  return JSON.parse(readFileSync(path.join(CORPUS, kind, file), 'utf8')) as Record<string, T>;
}

/**
 * Cases whose input is a file in `corpus/<kind>/`, fed to the real ingest activities. Every file must
 * have an expectation and every expectation a file, so a case cannot silently drop out of the corpus.
 */
export function fileCases(kind: string): BadInputCase[] {
  const expectations = readExpectations(kind);
  const files = readdirSync(path.join(CORPUS, kind)).filter(
    (f) => f !== 'expectations.json' && !f.endsWith('.queries.json'),
  );
  const missing = files.filter((f) => !(f in expectations));
  const orphans = Object.keys(expectations).filter((f) => !files.includes(f));
  if (missing.length > 0 || orphans.length > 0)
    throw new Error(
      `corpus/${kind}: files without expectation [${missing.join(', ')}], expectations without file [${orphans.join(', ')}]`,
    );
  return files.sort().map((name) => ({
    kind,
    name,
    expect: expectations[name] as Expectation,
    run: (ctx) => ingestOutcome(ctx, path.join(CORPUS, kind, name)),
  }));
}

/** Ingests `file` through the activities and reports the error they raised, if any. */
export async function ingestOutcome(ctx: CorpusContext, file: string): Promise<Outcome> {
  try {
    await ctx.ingestPath(file);
    return { kind: 'accepted' };
  } catch (error) {
    return errorOutcome(error);
  }
}

/** An activity's bad-input failure carries the library error's name as its type. */
export function errorOutcome(error: unknown): Outcome {
  if (error instanceof ApplicationFailure)
    return { kind: 'error', message: error.message, type: error.type ?? undefined };
  const e = error as Error;
  return { kind: 'error', message: e.message, type: e.name };
}
