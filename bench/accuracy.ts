/**
 * `npm run bench:accuracy`: rolling-origin accuracy of every model on a folder of `timestamp,value`
 * CSVs at hourly and 5-minute granularity, with the per-series selected model, the ensemble,
 * conformal coverage, and training and inference costs. Ends with RESULT lines (BENCHMARKS.md).
 * Exits non-zero only when it cannot run; targets are for people to judge.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { REFERENCE_BASELINES, type Granularity } from './accuracy-config';
import { printHeader, printGranularity, printSpeed, type GranularityOutcome } from './accuracy-output';
import { evaluateAll, measureSpeed, prepareSeries, resolveDataDir, resolveModels } from './accuracy-run';

const USAGE = `usage: npm run bench:accuracy -- [--data <dir>] [--models a,b] [--granularity hourly,5min]
       [--series N] [--workers N] [--ensemble-k K] [--ensemble-method median|inverse-error] [--quick]
       [--save <file.json>]  (every evaluation, folds included, for offline analysis)`;

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      data: { type: 'string' },
      models: { type: 'string' },
      granularity: { type: 'string', default: 'hourly,5min' },
      series: { type: 'string' },
      workers: { type: 'string' },
      'ensemble-k': { type: 'string' },
      'ensemble-method': { type: 'string', default: 'median' },
      quick: { type: 'boolean', default: false },
      save: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (args.help) return console.log(USAGE);
  const dataDir = resolveDataDir(args.data);
  const models = resolveModels(args.models, args.quick);
  const granularities = (args.granularity ?? '').split(',').filter(Boolean) as Granularity[];
  const seriesLimit = args.series !== undefined ? count('--series', args.series) : args.quick ? 4 : Infinity;
  const workers = args.workers !== undefined ? count('--workers', args.workers, 0) : undefined;
  // Default: the median of the better half of the models (5 of 9): medians of more members are more robust.
  const k =
    args['ensemble-k'] !== undefined
      ? count('--ensemble-k', args['ensemble-k'])
      : Math.ceil(models.length / 2);
  const ensemble = { k, method: args['ensemble-method'] as 'median' | 'inverse-error' };
  const run = await printHeader({ dataDir, models, granularities, seriesLimit, workers, ensemble });

  const prepared = prepareSeries(dataDir, granularities, seriesLimit);
  const outcomes: GranularityOutcome[] = await evaluateAll(prepared, models, run.workers);
  if (args.save !== undefined) saveOutcomes(args.save, outcomes);
  const speed = await measureSpeed(prepared, models);
  const results: string[] = [];
  for (const outcome of outcomes)
    results.push(...printGranularity(outcome, models, ensemble, REFERENCE_BASELINES));
  results.push(...printSpeed(speed, outcomes));
  console.log('');
  for (const line of results) console.log(line);
}

function count(flag: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${flag} must be an integer ≥ ${min}, got ${text}`);
  return value;
}

function saveOutcomes(file: string, outcomes: readonly GranularityOutcome[]): void {
  const plain = outcomes.map((o) => ({
    ...o,
    series: o.series.map((s) => ({ name: s.name, byModel: Object.fromEntries(s.byModel) })),
  }));
  writeFileSync(file, JSON.stringify(plain));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  console.error(USAGE);
  process.exitCode = 1;
});
