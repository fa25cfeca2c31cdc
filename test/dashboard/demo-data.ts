import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseCsv,
  planReplay,
  replayPoints,
  spanOf,
  type RawSeries,
  type RecordingSpan,
} from '../../src/ingest';

/** The bundled series, as `infra/up.sh` ingests them. */
export const NAB_DIR = 'data/nab/realAWSCloudwatch';
const STEP = 300_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Days of each series held back after the current hour, at least: the replay feeds them later. */
export const HOLD_BACK_DAYS = 3;
/** Days of history before the current hour, as `metricast demo start` ingests (`demo.historyDays`). */
export const HISTORY_DAYS = 14;

/** One bundled series moved to the present: what is known by `hour`. */
export interface ShiftedSeries {
  readonly file: string;
  /** Whole weeks added to every timestamp of the recording's copy 0 (see `src/ingest/replay.ts`). */
  readonly shiftMs: number;
  readonly known: RawSeries;
}

/**
 * The demo's own data at `hour`, made with its replay arithmetic (`planReplay`, `replayPoints`): the
 * recording shifted by whole weeks so it ends at least `HOLD_BACK_DAYS` after `hour`, and the
 * `HISTORY_DAYS` before `hour` filled from its earlier copies, so every series has two weeks
 * whatever the hour of the week.
 */
export function shiftToPresent(file: string, raw: RawSeries, hour: number): ShiftedSeries {
  const plan = planReplay(spanOf(raw.points) as RecordingSpan, hour, HOLD_BACK_DAYS * DAY);
  const range = { from: hour - HISTORY_DAYS * DAY, to: hour + STEP };
  // Before `hour` once on the 5-minute grid (a point at 15:58 lands on 16:00), as an ingest range cuts.
  const points = replayPoints(raw.points, plan, range).filter((p) => Math.round(p.t / STEP) * STEP < hour);
  return { file, shiftMs: plan.shiftMs, known: { key: raw.key, points } };
}

/** Every bundled CSV (or the named ones), parsed as `infra/up.sh` does and shifted to `hour`. */
export async function bundledSeriesAt(hour: number, only?: readonly string[]): Promise<ShiftedSeries[]> {
  const files = (await readdir(NAB_DIR)).filter((f) => f.endsWith('.csv') && (!only || only.includes(f)));
  const out: ShiftedSeries[] = [];
  for (const file of files.sort()) {
    const path = join(NAB_DIR, file);
    // Two files repeat 03:00 at the 2014 daylight-saving switch: keep-last, as the demo's ingest does.
    const raw = parseCsv(await readFile(path, 'utf8'), path, { duplicates: 'keep-last' });
    out.push(shiftToPresent(file, raw, hour));
  }
  return out;
}

export { HOUR, DAY };
