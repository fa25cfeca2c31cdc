import path from 'node:path';
import { loadConfig } from '../../src/config';
import { CORPUS, errorOutcome, readExpectations } from './file-cases';
import type { BadInputCase, ErrorExpectation } from './types';

/** Config files in `corpus/config/`, each loaded by the real loader with the case's environment only. */
export function configCases(): BadInputCase[] {
  const expectations = readExpectations<ErrorExpectation>('config');
  return Object.entries(expectations).map(([name, expect]) => ({
    kind: 'config',
    name,
    expect: { type: 'ConfigError', ...expect },
    run: () => {
      try {
        loadConfig({ file: path.join(CORPUS, 'config', name), env: { ...expect.env } });
        return Promise.resolve({ kind: 'accepted' as const });
      } catch (error) {
        return Promise.resolve(errorOutcome(error));
      }
    },
  }));
}
