// Root hook of the full fault run: once every scenario has run, print the totals they measured as
// `RESULT` lines (BENCHMARKS.md format), counted from the database, never assumed.
import { tally } from '../support/tally';

after(function () {
  console.log(`RESULT faults.kills=${tally.kills}`);
  console.log(`RESULT faults.cycles=${tally.cycles}`);
  console.log(`RESULT faults.missing_rows=${tally.missingRows}`);
  console.log(`RESULT faults.duplicate_rows=${tally.duplicateRows}`);
  console.log(`RESULT faults.other_violations=${tally.otherViolations}`);
  console.log(`RESULT faults.stalled_recoveries=${tally.stalls}`);
});
