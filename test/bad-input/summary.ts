import type { CaseResult } from './run-case';

/** A case passed: its outcome was right and nothing stored before it changed. */
export const passed = (r: CaseResult): boolean => r.problems.length === 0 && r.dbChanges.length === 0;

/** Counts for the report: cases, failures, cases that changed stored data. */
export function summarise(results: readonly CaseResult[]) {
  const key = (r: CaseResult) => `${r.kind}/${r.name}`;
  return {
    cases: results.length,
    passed: results.filter(passed).length,
    failed: results.filter((r) => !passed(r)).map(key),
    dbChanged: results.filter((r) => r.dbChanges.length > 0).map(key),
  };
}
