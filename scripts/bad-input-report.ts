// `npm run test:badinput`: runs the whole bad-input corpus against a fresh seeded database and the
// real components, prints one line per failing case and the RESULT lines, exits 1 on any failure.
import { corpusCases } from '../test/bad-input/all-cases';
import { openCorpusEnv } from '../test/bad-input/corpus-env';
import { runCase, type CaseResult } from '../test/bad-input/run-case';
import { passed, summarise } from '../test/bad-input/summary';

async function main(): Promise<number> {
  const cases = corpusCases();
  const env = await openCorpusEnv();
  const results: CaseResult[] = [];
  const started = Date.now();
  try {
    for (const c of cases) {
      const r = await runCase(env.db, env.ctx, c);
      results.push(r);
      if (!passed(r))
        console.log(`not ok ${c.kind}/${c.name}: ${[...r.problems, ...r.dbChanges].join('; ')}`);
    }
  } finally {
    await env.close();
  }
  const s = summarise(results);
  const byKind = new Map<string, number>();
  for (const c of cases) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  console.log(`bad-input corpus: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`${(Date.now() - started) / 1000} s`);
  console.log(`RESULT badinput.cases=${s.cases}`);
  console.log(`RESULT badinput.passed=${s.passed}`);
  console.log(`RESULT badinput.db_changed=${s.dbChanged.length}`);
  console.log(`${s.passed} passed, ${s.cases - s.passed} failed`);
  return s.failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
