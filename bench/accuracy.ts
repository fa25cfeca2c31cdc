/**
 * `npm run bench:accuracy`: rolling-origin accuracy of every model on a folder of `timestamp,value`
 * CSVs at hourly and native (5-minute) granularity: every candidate, the global model, the served
 * forecast (combination or single model, chosen on validation only) with adaptive intervals, and
 * statsforecast peers (AutoETS, AutoARIMA, AutoTheta, MSTL and their median) on exactly the same
 * origins, timed apart. Ends with RESULT lines (BENCHMARKS.md). Exits non-zero only when it cannot
 * run; targets are for people to judge.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Granularity } from './accuracy-config';
import { printGranularity, printHeader, printReading } from './accuracy-output';
import { fmt } from './accuracy-report';
import { printSpeed } from './accuracy-speed-output';
import { evaluateAll, measureSpeed, prepareSeries, resolveDataDir, resolveModels } from './accuracy-run';
import { peerRequest } from './accuracy-peers';
import { ensurePeerEnvironment, runPeers, type PeerRun } from './support/peers';
import { runCovariateBench } from './accuracy-covariates';
import { withCleanTwins } from './accuracy-clean';
import { parseKindSets } from './accuracy-kind-sets';

const USAGE = `usage: npm run bench:accuracy -- [--data <dir>] [--models a,b] [--granularity hourly,5min]
       [--series N] [--workers N] [--ensemble-k K] [--ensemble-method median|inverse-error] [--quick]
       [--max-gap-minutes M] [--no-peers] [--peers-cache <file.json>] [--save <file.json>] [--covariates]
       [--clean-spikes] [--no-speed] [--kind-sets a,b;c,d]
  --save: every evaluation, folds included; --peers-cache: reuse the peers' answer stored there for
  the identical request (data, origins, script, requirements), else run them and store it;
  --covariates: only the covariate twins on generated hosts (bench/accuracy-covariates.ts);
  --clean-spikes: also spike-cleaned ETS, Theta, SARIMA, ARIMA and MSTL, and the served forecast
  scored a second time with them in place of the plain ones (bench/accuracy-clean.ts);
  --no-speed: skip the inference timings (and the LSTM fit they include);
  --kind-sets: a row per set of kinds served under production's policy, beside the production row
  (the retrain's default kinds)`;

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
      'max-gap-minutes': { type: 'string', default: '30' },
      'no-peers': { type: 'boolean', default: false },
      'peers-cache': { type: 'string' },
      quick: { type: 'boolean', default: false },
      save: { type: 'string' },
      help: { type: 'boolean', default: false },
      covariates: { type: 'boolean', default: false },
      'clean-spikes': { type: 'boolean', default: false },
      'no-speed': { type: 'boolean', default: false },
      'kind-sets': { type: 'string' },
    },
  });
  if (args.help) return console.log(USAGE);
  if (args.covariates) return runCovariateBench();
  const dataDir = resolveDataDir(args.data);
  const kindSets = parseKindSets(args['kind-sets']);
  const plainModels = resolveModels(args.models, args.quick);
  const models = args['clean-spikes'] ? withCleanTwins(plainModels) : plainModels;
  const granularities = (args.granularity ?? '').split(',').filter(Boolean) as Granularity[];
  const seriesLimit = args.series !== undefined ? count('--series', args.series) : args.quick ? 4 : Infinity;
  const workers = args.workers !== undefined ? count('--workers', args.workers, 0) : undefined;
  const maxGapMs = count('--max-gap-minutes', args['max-gap-minutes'] ?? '30', 0) * 60_000;
  const k =
    args['ensemble-k'] !== undefined
      ? count('--ensemble-k', args['ensemble-k'])
      : Math.ceil(plainModels.length / 2);
  const ensemble = { k, method: args['ensemble-method'] as 'median' | 'inverse-error' };
  const run = await printHeader({ dataDir, models, granularities, seriesLimit, workers, ensemble });
  if (!args['no-peers']) ensurePeerEnvironment((line) => console.log(line));

  const { prepared, raw } = prepareSeries(dataDir, granularities, seriesLimit, maxGapMs);
  printReading(raw);
  let started = performance.now();
  const outcomes = await evaluateAll(prepared, models, run.workers);
  // The twins' cost is read from their evaluation fits; timing them again would lengthen the run.
  const speed = args['no-speed']
    ? { granularity: granularities[0] ?? 'hourly', byModel: new Map() }
    : await measureSpeed(prepared, plainModels);
  const ownS = (performance.now() - started) / 1000;
  const loadAfterOwn = loadavg()[0] ?? NaN;
  if (args.save !== undefined) saveOutcomes(args.save, outcomes);

  let peers: PeerRun | undefined;
  const request = args['no-peers'] ? [] : peerRequest(prepared, outcomes);
  started = performance.now();
  if (!args['no-peers']) peers = await runPeers(request, run.workers, args['peers-cache']);
  const peersS = (performance.now() - started) / 1000;

  const results: string[] = [];
  for (const outcome of outcomes) {
    const series = prepared.find((p) => p.granularity === outcome.granularity)?.series ?? [];
    const histories = new Map(series.map((s) => [s.name, s.series]));
    results.push(...printGranularity(outcome, models, ensemble, peers, histories, kindSets));
  }
  results.push(...printSpeed(speed, outcomes));
  console.log(
    `\nmetricast's own part: ${ownS.toFixed(0)} s (evaluations, global model, speed; load average after it ${loadAfterOwn.toFixed(1)} on ${run.workers} workers)`,
  );
  if (peers !== undefined) {
    const perModel = Object.entries(peers.seconds).map(([m, s]) => `${m} ${s.toFixed(0)} s`);
    if (peers.cached)
      console.log(`statsforecast peers: answer reused from ${args['peers-cache']} (same request)`);
    console.log(
      `statsforecast ${peers.statsforecast} peers: ${peers.cached ? 'when run, ' + peers.wall_seconds.toFixed(0) : peersS.toFixed(0)} s wall (${perModel.join(', ')} of worker time); ` +
        `refitted once per day of origins, statsforecast's forward in between; ${peers.failures.length} failed forecasts (naive used)`,
    );
    if (peers.sharedFits > 0)
      console.log(
        `  ${peers.sharedFits} of ${request.length} series fitted once for both granularities (files recorded hourly or coarser are read alike at both)`,
      );
    const approximated = request.filter((s) => s.arima_approximation === true).length;
    if (approximated > 0)
      console.log(
        `  AutoARIMA's order search approximated (R's auto.arima default for long seasons) on ${approximated} of ${request.length} series: a season over 24 steps not capped as fine`,
      );
    for (const f of peers.failures.slice(0, 20)) console.log(`  peer failure: ${f}`);
  }
  console.log('');
  for (const line of results) console.log(line);
  console.log(`RESULT accuracy.own.s=${fmt(ownS)}`);
  if (peers !== undefined)
    console.log(`RESULT accuracy.peers.s=${fmt(peers.cached ? peers.wall_seconds : peersS)}`);
}

function count(flag: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${flag} must be an integer ≥ ${min}, got ${text}`);
  return value;
}

function saveOutcomes(
  file: string,
  outcomes: readonly { series: readonly { name: string; byModel: ReadonlyMap<string, unknown> }[] }[],
): void {
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
