import assert from 'node:assert/strict';
import path from 'node:path';
import { REVIEWED_SQL_INTERPOLATIONS } from './sql-allow-list';
import { findSqlSites } from './sql-sites';

/**
 * Values reach MariaDB only as `?` parameters. Every place where src/ splices an expression into SQL
 * text must be on the reviewed list (constants, identifiers quoted from a whitelist, clauses of
 * fixed fragments); a new one fails here, naming file, line and expression, until someone reviews it.
 */
describe('security: SQL is parameterised', () => {
  const repo = path.resolve(__dirname, '../..');
  const sites = findSqlSites(path.join(repo, 'src'), repo);

  it('finds the splices it is meant to police (the scanner works)', () => {
    assert.ok(sites.length > 20, `only ${sites.length} sites found`);
    assert.ok(sites.some((s) => s.file === 'src/db/registry-repo.ts' && s.expression === 'KEY_WHERE'));
  });

  it('splices nothing into SQL text that has not been reviewed', () => {
    const unreviewed = sites.filter((s) => REVIEWED_SQL_INTERPOLATIONS[s.file]?.[s.expression] === undefined);
    assert.deepEqual(
      unreviewed.map((s) => `${s.file}:${s.line} \${${s.expression}}`),
      [],
      'review these and add them to test/security/sql-allow-list.ts, or pass the value as a ? parameter',
    );
  });

  it('lists no reviewed splice that is gone (the list stays exact)', () => {
    const present = new Set(sites.map((s) => `${s.file}\t${s.expression}`));
    const stale = Object.entries(REVIEWED_SQL_INTERPOLATIONS).flatMap(([file, entries]) =>
      Object.keys(entries)
        .filter((expression) => !present.has(`${file}\t${expression}`))
        .map((expression) => `${file} \${${expression}}`),
    );
    assert.deepEqual(stale, []);
  });

  it('flags a value spliced into SQL, so the check has teeth', () => {
    const found = findSqlSites(path.join(__dirname, 'fixtures'), __dirname);
    assert.deepEqual(
      found.map((s) => s.expression),
      ['name', 'id'],
    );
  });
});
