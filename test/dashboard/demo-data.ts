import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv, type RawSeries } from '../../src/ingest';

/** The bundled series, as `infra/up.sh` ingests them. */
export const NAB_DIR = 'data/nab/realAWSCloudwatch';
const STEP = 300_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Days of each series held back after the current hour, at least: the replay feeds them later. */
export const HOLD_BACK_DAYS = 3;

/** One bundled series moved to the present: what is known by `hour`, and what is still to come. */
export interface ShiftedSeries {
  readonly file: string;
  /** Whole weeks added to every timestamp, so hour of day and day of week stay as recorded. */
  readonly shiftMs: number;
  readonly known: RawSeries;
  readonly heldBack: number;
}

/**
 * Shifts a bundled series by the fewest whole weeks that put its last point at least
 * `HOLD_BACK_DAYS` after `hour`, and keeps the points before `hour`: the demo's own data, as its
 * replay source holds it at that hour.
 */
export function shiftToPresent(file: string, raw: RawSeries, hour: number): ShiftedSeries {
  const last = Math.max(...raw.points.map((p) => p.t));
  const shiftMs = Math.ceil((hour + HOLD_BACK_DAYS * DAY - last) / WEEK) * WEEK;
  const shifted = raw.points.map((p) => ({ t: p.t + shiftMs, v: p.v }));
  // Before `hour` once on the 5-minute grid (a point at 15:58 lands on 16:00), as an ingest range cuts.
  const points = shifted.filter((p) => Math.round(p.t / STEP) * STEP < hour);
  return { file, shiftMs, known: { key: raw.key, points }, heldBack: shifted.length - points.length };
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
