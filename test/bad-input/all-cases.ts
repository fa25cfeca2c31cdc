import { cliCases } from './cli-cases';
import { apiCases } from './api-cases';
import { configCases } from './config-cases';
import { fileCases } from './file-cases';
import { generatedCases } from './generated-cases';
import type { BadInputCase, Expectation } from './types';

/** File kinds are ingest failures unless their expectation says otherwise. */
function asIngestError(c: BadInputCase): BadInputCase {
  const expect: Expectation = 'error' in c.expect ? { type: 'IngestInputError', ...c.expect } : c.expect;
  return { ...c, expect };
}

/** Every case of the corpus, in a stable order. */
export function corpusCases(): BadInputCase[] {
  return [
    ...fileCases('csv').map(asIngestError),
    ...fileCases('cloudwatch-json').map(asIngestError),
    ...fileCases('sql-injection').map(asIngestError),
    ...generatedCases(),
    ...configCases(),
    ...cliCases(),
    ...apiCases(),
  ];
}
