/**
 * The demo's replay source as an activity (setting `demo.replay`): the bundled recordings shifted to
 * the present (`src/ingest/replay.ts`), read for a time window and stored like any other source's
 * points. The hourly cycle's ingest step reads it for its newest window, exactly where it reads
 * CloudWatch; `metricast demo start` reads it for the history before the demo's start. Nothing is
 * fed until a demo was started in the database (`demo_replay`), so the setting alone changes nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { readDemoReplay, type Db } from '../db';
import {
  cleanSeries,
  copyAt,
  decodeUtf8,
  parseCsv,
  planReplay,
  replayPoints,
  spanOf,
  type CleanOptions,
  type RawSeries,
  type ReplayPlan,
} from '../ingest';
import { EMPTY_SUMMARY, type IngestSummary, type TimeRange } from '../shared';
import { atActivityEdge } from './errors';
import { heartbeat } from './heartbeat';
import { storeCleanedSeries } from './ingest-store';
import { summarise } from './ingest-summary';

export interface ReplayDeps {
  readonly db: Db;
  readonly cleaning: CleanOptions;
  /**
   * Folder of the recorded CSV files (`paths.dataDir`) when the demo's replay source is on
   * (`demo.replay`); absent in production, where the activity refuses to run.
   */
  readonly replayDataDir?: string;
}

export interface ReplayWindowInput {
  readonly range: TimeRange;
}

/** What a window read: the usual ingest counts, and how far the replay has come. */
export interface ReplayWindowResult extends IngestSummary {
  /** False when no demo was started in the database: nothing was read. */
  readonly started: boolean;
  /** Recordings whose replay started over (a fresh copy) inside the window. */
  readonly restarted: number;
}

const HOUR_MS = 3_600_000;
/**
 * Points read before the window, cleaned with it and not stored: cleaning judges a series (constant,
 * sparse) and fills gaps on a day of context rather than on two hours.
 */
const CONTEXT_MS = 24 * HOUR_MS;

/** A recorded CSV file, parsed. */
interface Recording {
  readonly file: string;
  readonly raw: RawSeries;
}

/** The recordings, parsed once per process: they never change while a demo runs. */
async function readRecordings(dir: string, cache: Map<string, RawSeries>): Promise<Recording[]> {
  const names = (await readdir(dir)).filter((n) => /\.csv$/i.test(n)).sort();
  const out: Recording[] = [];
  for (const name of names) {
    const file = path.resolve(dir, name);
    let raw = cache.get(file);
    if (!raw) {
      // Two NAB files repeat 03:00 at a daylight-saving switch: the last row of each repeat is kept.
      raw = parseCsv(decodeUtf8(await readFile(file), file), file, { duplicates: 'keep-last' });
      cache.set(file, raw);
    }
    out.push({ file: name, raw });
  }
  return out;
}

/** How one recording is replayed for a demo, for `metricast demo start` and `status` to show. */
export interface RecordingReplay {
  readonly file: string;
  readonly key: RawSeries['key'];
  readonly plan: ReplayPlan;
}

/** The replay plan of every recording in `dir` for a demo started at `anchorAt`. */
export async function replayPlans(
  dir: string,
  demo: { readonly anchorAt: number; readonly holdBackHours: number },
): Promise<RecordingReplay[]> {
  const plans: RecordingReplay[] = [];
  for (const { file, raw } of await readRecordings(dir, new Map())) {
    const span = spanOf(raw.points);
    if (span)
      plans.push({ file, key: raw.key, plan: planReplay(span, demo.anchorAt, demo.holdBackHours * HOUR_MS) });
  }
  return plans;
}

/** Builds the replay activity over narrow dependencies (tests pass a test database and folder). */
export function createReplayActivities(deps: ReplayDeps) {
  const cache = new Map<string, RawSeries>();
  return {
    /** Stores the replayed points of `range` (idempotent upserts); nothing before a demo started. */
    async ingestReplayWindow(input: ReplayWindowInput): Promise<ReplayWindowResult> {
      return atActivityEdge(async () => {
        const dir = deps.replayDataDir;
        if (dir === undefined)
          throw ApplicationFailure.create({
            type: 'ReplayOffError',
            message: "demo.replay is off in this worker's configuration: the replay source reads nothing",
            nonRetryable: true,
          });
        const demo = await readDemoReplay(deps.db);
        if (!demo) return { ...EMPTY_SUMMARY, started: false, restarted: 0 };
        const { range } = input;
        const padded = { from: range.from - CONTEXT_MS, to: range.to };
        let restarted = 0;
        const shifted: RawSeries[] = [];
        for (const { raw } of await readRecordings(dir, cache)) {
          const span = spanOf(raw.points);
          if (!span) continue;
          const plan = planReplay(span, demo.anchorAt, demo.holdBackHours * HOUR_MS);
          if (copyAt(plan, range.to - 1) > copyAt(plan, range.from)) restarted++;
          shifted.push({ key: raw.key, points: replayPoints(raw.points, plan, padded) });
        }
        await heartbeat({ stage: 'clean', series: shifted.length });
        const { kept, dropped } = cleanSeries(shifted, { ...deps.cleaning, range: padded });
        // The window is stored, with the context's last whole hours within the fill limit: a gap at
        // the end of the previous window is filled only now that a point after it exists. The rest
        // of the context was stored by earlier windows (same values: upserts change nothing).
        const since = Math.floor((range.from - deps.cleaning.maxGapMs) / HOUR_MS) * HOUR_MS;
        const inWindow = kept.map((s) => ({
          ...s,
          points: s.points.filter((p) => p.t >= Math.max(since, padded.from) && p.t < range.to),
        }));
        const counts = await storeCleanedSeries(deps.db, inWindow);
        return { ...summarise(counts, inWindow, dropped), started: true, restarted };
      });
    },
  };
}

export type ReplayActivities = ReturnType<typeof createReplayActivities>;
