import assert from 'node:assert/strict';
import { corpusCases } from './all-cases';
import { openCorpusEnv, type CorpusEnv } from './corpus-env';
import { runCase } from './run-case';

/**
 * The bad-input corpus (test/bad-input/corpus): every case goes to the real component (ingest
 * activities, config loader, `bin/metricast`, the HTTP server) against a seeded MariaDB database,
 * and must be refused with an error naming where and what, while every table keeps its checksum.
 */
describe('bad-input corpus', function () {
  this.timeout(300_000);
  const cases = corpusCases();
  let env: CorpusEnv;
  before(async () => (env = await openCorpusEnv()));
  after(async () => env?.close());

  it('holds at least 100 cases of every kind the issue names', () => {
    assert.ok(cases.length >= 100, `only ${cases.length} cases`);
    const kinds = new Set(cases.map((c) => c.kind));
    for (const kind of ['csv', 'cloudwatch-json', 'sql-injection', 'generated', 'config', 'cli', 'api'])
      assert.ok(kinds.has(kind), `no ${kind} cases`);
  });

  for (const c of cases) {
    it(`${c.kind}/${c.name}`, async () => {
      const result = await runCase(env.db, env.ctx, c);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.dbChanges, [], 'stored data changed');
    });
  }
});
