/**
 * The living demo's data, made the way the demo makes it: every bundled NAB series shifted to the
 * present (whole weeks, its last days held back), ingested and cleaned as `metricast ingest` does,
 * then a short backfill through the real activities: first champions trained on the data before it
 * (the retrain workflow's kinds and window), and one cycle per hour (forecast every series,
 * reconcile, accuracy, dashboard rows, anomaly detection, alerts) up to the current hour.
 * The dashboard test and the README screenshot are made from it; when the demo's own seeding lands,
 * the call in `seedDashboardDemo` is the one line to point at it.
 */
import { createActivities, storeCleanedSeries } from '../../src/activities';
import { DEFAULT_HORIZON } from '../../src/modelling';
import { parseLimitSpec } from '../../src/alerts';
import { listSeries, upsertLimit, type Db } from '../../src/db';
import { cleanSeries } from '../../src/ingest';
import type { Granularity, SeriesId } from '../../src/shared';
import { DEFAULT_RETRAIN_KINDS, DEFAULT_TRAINING_DAYS } from '../../src/workflows/retrain';
import { bundledSeriesAt, DAY, HOUR } from './demo-data';

export interface DemoSeedOptions {
  /** The wall clock the demo runs at; its hour is the current cycle's. */
  readonly now: number;
  /** Hours of cycles replayed before the current one (the demo's short backfill). */
  readonly backfillHours?: number;
  /** Granularities trained and forecast (both by default). */
  readonly granularities?: readonly Granularity[];
  /** Only these bundled files (all by default). */
  readonly files?: readonly string[];
  /** Hours the anomaly detectors look back from the current hour (default: the backfill and a day before it). */
  readonly anomalyLookbackHours?: number;
}

export interface DemoSeed {
  /** Nominal hour of the newest cycle: the newest forecasts' issue time. */
  readonly hour: number;
  readonly series: ReadonlyArray<{
    readonly id: SeriesId;
    readonly name: string;
    readonly granularity: Granularity;
  }>;
}

const CLEANING = {
  stepMs: 300_000,
  maxGapMs: 30 * 60_000,
  minCoverage: 0.8,
  dropPatterns: ['error', 'packet'],
};
/** The demo's overload limit (`infra/up.sh` step `limits`). */
const DEMO_LIMIT = { metricPattern: 'CPUUtilization', threshold: 60, direction: 'above', basis: 'upper95' };

type Activities = ReturnType<typeof createActivities>;

/** First champions, trained on the `DEFAULT_TRAINING_DAYS` before `first` as the backfill's bootstrap does. */
async function trainFirstChampions(a: Activities, ids: readonly SeriesId[], g: Granularity, first: number) {
  for (const seriesId of ids) {
    const runIdPrefix = `retrain/${seriesId}/${new Date(first).toISOString()}`;
    await a.trainSeries({
      ...{
        seriesId,
        granularity: g,
        horizon: DEFAULT_HORIZON[g],
        kinds: DEFAULT_RETRAIN_KINDS[g],
        runIdPrefix,
      },
      window: { from: first - DEFAULT_TRAINING_DAYS * DAY, to: first },
      promote: 'champion-if-better',
    });
  }
}

/**
 * One cycle at nominal hour `asOf`, step by step as `forecastCycleWorkflow` runs them, but for the
 * anomaly detectors: their cost is the warm-up history they score, so they run once at the end.
 */
async function cycle(a: Activities, bySeries: Map<Granularity, SeriesId[]>, asOf: number) {
  for (const [granularity, seriesIds] of bySeries)
    await a.forecastShard({ seriesIds, granularity, issuedAt: asOf });
  await a.reconcileCycle({ asOf, deadlineMs: 2 * HOUR });
  await a.refreshAccuracy({ asOf });
  await a.refreshDashboard({ asOf });
  await a.evaluateAlerts({ asOf });
}

/** Seeds `db` with the demo's data as of `options.now`; see the file's comment. */
export async function seedLivingDemo(db: Db, options: DemoSeedOptions): Promise<DemoSeed> {
  const hour = Math.floor(options.now / HOUR) * HOUR;
  const a = createActivities({ db, cleaning: CLEANING, cloudwatch: undefined as never });
  const shifted = await bundledSeriesAt(hour, options.files);
  await storeCleanedSeries(
    db,
    cleanSeries(
      shifted.map((s) => s.known),
      CLEANING,
    ).kept,
  );
  await upsertLimit(db, parseLimitSpec(DEMO_LIMIT));
  const series = await listSeries(db, { activeOnly: true });
  const bySeries = new Map<Granularity, SeriesId[]>();
  for (const g of options.granularities ?? (['1h', '5m'] as const))
    bySeries.set(
      g,
      series.filter((s) => s.granularity === g).map((s) => s.id),
    );
  const first = hour - (options.backfillHours ?? 24) * HOUR;
  for (const [g, ids] of bySeries) await trainFirstChampions(a, ids, g, first);
  for (let asOf = first; asOf <= hour; asOf += HOUR) await cycle(a, bySeries, asOf);
  // The day before the backfill too, as the first live cycle's 24-hour look-back would.
  const lookbackHours = options.anomalyLookbackHours ?? (hour - first) / HOUR + 24;
  await a.detectAnomalies({ asOf: hour, lookbackHours, seriesIds: [...bySeries.values()].flat() });
  return { hour, series: series.map((s) => ({ id: s.id, name: s.name, granularity: s.granularity })) };
}

/**
 * The dashboard test's data: the demo's own, as of now. Hourly series only (the 5-minute ones are
 * ingested, and listed, but forecasting them too would take minutes more), and the detectors look
 * back over the two weeks of history, so the anomaly list runs to several pages.
 * When the demo's seeding is merged, this is the one line to point at it.
 */
export function seedDashboardDemo(db: Db, now: number): Promise<DemoSeed> {
  return seedLivingDemo(db, { now, granularities: ['1h'], anomalyLookbackHours: 14 * 24 });
}
