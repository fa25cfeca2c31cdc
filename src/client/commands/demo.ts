/**
 * `metricast demo start` and `metricast demo backfill`: the living demo (setting `demo.replay`).
 * `start` records when the demo began (once), ingests the shifted history of the bundled series up to
 * the current hour, and leaves the rest to the replay source the hourly cycle reads; `backfill`
 * replays the last hours before the start as cycles, so champions, forecasts, reconciled records and
 * accuracy exist at once. Both are idempotent: `infra/up.sh` runs them on every start.
 */
import path from 'node:path';
import { replayPlans, type RecordingReplay } from '../../activities/replay';
import type { Config } from '../../config';
import {
  createDb,
  listSeriesNaturalKeys,
  naturalKeyOf,
  readDemoReplay,
  resetDemoData,
  startDemoReplay,
  type Db,
  type DemoReplay,
} from '../../db';
import { copyAt, copyEnd } from '../../ingest';
import type { IngestSummary } from '../../shared';
import { backfillCommand } from './backfill';
import { ingestCommand } from './ingest';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A restarted demo re-reads at most this much before now (upserts: nothing already stored changes). */
const MAX_CATCH_UP_MS = 30 * DAY_MS;

/** The demo cannot start here, and why (a setting, or a database holding other data). */
export class DemoError extends Error {
  override readonly name = 'DemoError';
}

export interface DemoStartOptions {
  /** Delete the database's data first, whatever it holds (the API tokens and the schema stay). */
  readonly reset?: boolean;
}

export interface DemoStartReport {
  readonly anchorAt: string;
  /** Rows deleted per table when the database was reset; absent when it was not. */
  readonly reset?: Readonly<Record<string, number>>;
  readonly ingested: { readonly from: string; readonly to: string; readonly summary: IngestSummary };
  readonly recordings: readonly string[];
}

function requireReplay(config: Config): void {
  if (!config.demo.replay)
    throw new DemoError(
      'demo.replay is off: set "demo": { "replay": true } in metricast.config.json or METRICAST_DEMO_REPLAY=true (the worker needs it too)',
    );
}

const iso = (t: number) => new Date(t).toISOString();

/** The natural keys the bundled files ingest as, at both granularities. */
function bundledKeys(plans: readonly RecordingReplay[]): Set<string> {
  return new Set(
    plans.flatMap((p) =>
      (['5m', '1h'] as const).map((granularity) => naturalKeyOf({ ...p.key, granularity })),
    ),
  );
}

/** What `demo start` does with the database it finds. */
export type ResetDecision =
  | { readonly action: 'keep' }
  | { readonly action: 'reset'; readonly why: string }
  | { readonly action: 'refuse'; readonly foreign: readonly string[] };

/**
 * Clear the database when it must be: asked to (`--reset`), or when it holds only the bundled
 * series without a replay (a demo from before the replay source, whose 2014 data would sit beside
 * the shifted copies). A started demo is kept; any other data is refused rather than deleted.
 */
export function decideReset(input: {
  readonly reset: boolean;
  readonly started: boolean;
  readonly stored: ReadonlyArray<{ readonly naturalKey: string; readonly name: string }>;
  readonly bundled: ReadonlySet<string>;
}): ResetDecision {
  if (input.reset) return { action: 'reset', why: 'asked to (--reset)' };
  if (input.started || input.stored.length === 0) return { action: 'keep' };
  const foreign = input.stored.filter((s) => !input.bundled.has(s.naturalKey)).map((s) => s.name);
  if (foreign.length === 0)
    return { action: 'reset', why: 'an older demo: only the bundled series, no replay' };
  return { action: 'refuse', foreign };
}

async function resetIfNeeded(
  db: Db,
  config: Config,
  existing: DemoReplay | undefined,
  options: DemoStartOptions,
): Promise<Record<string, number> | undefined> {
  const stored = options.reset || existing ? [] : await listSeriesNaturalKeys(db);
  const bundled =
    stored.length > 0
      ? bundledKeys(await replayPlans(config.paths.dataDir, { anchorAt: 0, holdBackHours: 0 }))
      : new Set<string>();
  const decision = decideReset({
    reset: options.reset ?? false,
    started: existing !== undefined,
    stored,
    bundled,
  });
  if (decision.action === 'keep') return undefined;
  if (decision.action === 'reset') return resetDemoData(db);
  const { foreign } = decision;
  throw new DemoError(
    `database ${config.db.database} holds ${foreign.length} series that are not the demo's (first: ${foreign[0]}): ` +
      'the demo starts on an empty database or one holding only the bundled series; point METRICAST_DB_DATABASE ' +
      'at another database, or run `metricast demo start --reset` to delete its data',
  );
}

/** One line per recording: its shift, how often it repeats, and when the replay next starts over. */
export function describePlans(plans: readonly RecordingReplay[], now: number): string[] {
  return plans.map(({ file, plan }) => {
    const weeks = plan.shiftMs / (7 * DAY_MS);
    const end = copyEnd(plan, copyAt(plan, now));
    return `${file}: shifted ${weeks} weeks, repeats every ${plan.periodMs / DAY_MS} days; starts over after ${iso(end)}`;
  });
}

/** `metricast demo start [--reset]`. */
export async function demoStartCommand(options: DemoStartOptions, config: Config): Promise<DemoStartReport> {
  requireReplay(config);
  const db = createDb(config.db, { connectionLimit: 2 });
  let demo: DemoReplay;
  let reset: Record<string, number> | undefined;
  try {
    const existing = await readDemoReplay(db);
    reset = await resetIfNeeded(db, config, existing, options);
    const { holdBackHours, historyDays } = config.demo;
    demo = await startDemoReplay(db, { anchorAt: Date.now(), holdBackHours, historyDays });
  } finally {
    await db.pool.end();
  }
  const nowHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const from = Math.max(demo.anchorAt - demo.historyDays * DAY_MS, nowHour - MAX_CATCH_UP_MS);
  const summary = await ingestCommand({ source: 'replay', from: iso(from), to: iso(nowHour) }, config);
  const plans = await replayPlans(path.resolve(config.paths.dataDir), demo);
  return {
    anchorAt: iso(demo.anchorAt),
    ...(reset && { reset }),
    ingested: { from: iso(from), to: iso(nowHour), summary },
    recordings: describePlans(plans, nowHour),
  };
}

/** `metricast demo backfill`: the last `demo.backfillHours` before the start and the start's own hour. */
export async function demoBackfillCommand(options: { readonly detach?: boolean }, config: Config) {
  requireReplay(config);
  const db = createDb(config.db, { connectionLimit: 1 });
  const demo = await readDemoReplay(db).finally(() => db.pool.end());
  if (!demo) throw new DemoError('no demo was started in this database: run `metricast demo start` first');
  // The start's own hour is included: its cycle issues the forecasts that look past the newest data.
  const from = demo.anchorAt - config.demo.backfillHours * HOUR_MS;
  const to = demo.anchorAt + HOUR_MS;
  return backfillCommand(
    { from: iso(from), to: iso(to), granularity: '1h,5m', detach: options.detach },
    config,
  );
}
