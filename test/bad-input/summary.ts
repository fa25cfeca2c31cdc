import type { CaseResult } from './run-case';
import type { BadInputCase } from './types';

/** A case passed: its outcome was right and nothing stored before it changed. */
export const passed = (r: CaseResult): boolean => r.problems.length === 0 && r.dbChanges.length === 0;

/** The open issue a case is marked with, if any. */
export function openIssueOf(c: BadInputCase): string | undefined {
  return 'error' in c.expect ? c.expect.openIssue : undefined;
}

/** Counts for the report: cases, failures, open issues, cases that changed stored data. */
export function summarise(cases: readonly BadInputCase[], results: readonly CaseResult[]) {
  const open = new Set(cases.filter((c) => openIssueOf(c) !== undefined).map((c) => `${c.kind}/${c.name}`));
  const key = (r: CaseResult) => `${r.kind}/${r.name}`;
  return {
    cases: results.length,
    passed: results.filter(passed).length,
    /** Failing cases not marked as open issues: these fail the run. */
    failed: results.filter((r) => !passed(r) && !open.has(key(r))).map(key),
    /** Marked cases that now pass: their marker must be removed. */
    fixed: results.filter((r) => passed(r) && open.has(key(r))).map(key),
    openIssues: results.filter((r) => !passed(r) && open.has(key(r))).map(key),
    dbChanged: results.filter((r) => r.dbChanges.length > 0).map(key),
  };
}
