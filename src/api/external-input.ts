/**
 * Checks on posted external predictions and actuals that JSON schema cannot express: times on the
 * series' grid, no repeats, bands ordered. Every failure names the body field and its value; all
 * checks run before anything is written, so a refused body stores nothing.
 */
import type { ExternalForecastRow, ObservationRow } from '../db';
import type { SeriesId } from '../shared';
import { isPlausibleTime } from '../ingest';
import { badRequest } from './errors';

/** One posted step; a missing band is derived (see `bandsOf`). */
export interface PostedStep {
  readonly targetAt: string;
  readonly point: number;
  readonly lower80?: number;
  readonly upper80?: number;
  readonly lower95?: number;
  readonly upper95?: number;
}

const MAX_HORIZON_STEP = 65_535;

/** `text` as epoch ms, or a 400 naming `field` when it lies outside 2000–2100 (say a year-9999 placeholder). */
function plausibleTime(text: string, field: string): number {
  const t = Date.parse(text);
  if (!isPlausibleTime(t)) throw badRequest(field, text, 'be between 2000-01-01 and 2100-01-01 (UTC)');
  return t;
}

/** `t` as epoch ms on a `stepMs` grid, or a 400 naming `field`. */
function onGrid(text: string, stepMs: number, field: string): number {
  const t = plausibleTime(text, field);
  if (t % stepMs !== 0)
    throw badRequest(
      field,
      text,
      `be the start of a ${stepMs / 60_000}-minute interval of the series (e.g. ${new Date(t - (t % stepMs)).toISOString()})`,
    );
  return t;
}

function pair(step: PostedStep, level: '80' | '95', field: string): [number, number] | undefined {
  const lower = step[`lower${level}`];
  const upper = step[`upper${level}`];
  if (lower === undefined && upper === undefined) return undefined;
  if (lower === undefined || upper === undefined)
    throw badRequest(
      `${field}.${lower === undefined ? 'lower' : 'upper'}${level}`,
      null,
      `be given with ${lower === undefined ? 'upper' : 'lower'}${level}`,
    );
  return [lower, upper];
}

/**
 * The 80% and 95% bands of a step. A model that sends no 80% band gets a zero-width one at its point
 * (its coverage then counts exact hits, an honest score for a point forecast); a missing 95% band
 * takes the 80% one. Ordered lower95 ≤ lower80 ≤ point ≤ upper80 ≤ upper95, or a 400.
 */
function bandsOf(step: PostedStep, field: string): [number, number, number, number] {
  const b80 = pair(step, '80', field) ?? [step.point, step.point];
  const b95 = pair(step, '95', field) ?? b80;
  const ordered: Array<[string, number]> = [
    ['lower95', b95[0]],
    ['lower80', b80[0]],
    ['point', step.point],
    ['upper80', b80[1]],
    ['upper95', b95[1]],
  ];
  for (let i = 1; i < ordered.length; i++) {
    const [name, value] = ordered[i] as [string, number];
    const [before, limit] = ordered[i - 1] as [string, number];
    if (value < limit) throw badRequest(`${field}.${name}`, value, `be at least ${before} (${limit})`);
  }
  return [b80[0], b80[1], b95[0], b95[1]];
}

/** Posted steps as forecast rows of `seriesId` issued at `issuedAt`, horizon step by the interval's close. */
export function toExternalRows(
  seriesId: SeriesId,
  stepMs: number,
  issuedAtText: string,
  steps: readonly PostedStep[],
): ExternalForecastRow[] {
  const issuedAt = plausibleTime(issuedAtText, 'body.issuedAt');
  const seen = new Set<number>();
  return steps.map((step, i) => {
    const field = `body.steps[${i}]`;
    const targetAt = onGrid(step.targetAt, stepMs, `${field}.targetAt`);
    if (seen.has(targetAt))
      throw badRequest(`${field}.targetAt`, step.targetAt, 'not repeat an earlier step');
    seen.add(targetAt);
    // Step 1 is the interval that closes first after the issue time, as for metricast's own forecasts.
    const horizonStep = Math.ceil((targetAt + stepMs - issuedAt) / stepMs);
    if (horizonStep < 1)
      throw badRequest(
        `${field}.targetAt`,
        step.targetAt,
        `be an interval still open at issuedAt ${issuedAtText}`,
      );
    if (horizonStep > MAX_HORIZON_STEP)
      throw badRequest(
        `${field}.targetAt`,
        step.targetAt,
        `lie within ${MAX_HORIZON_STEP} steps of issuedAt`,
      );
    const [lower80, upper80, lower95, upper95] = bandsOf(step, field);
    return {
      seriesId,
      issuedAt,
      targetAt,
      horizonStep,
      point: step.point,
      lower80,
      upper80,
      lower95,
      upper95,
    };
  });
}

/** Posted actuals as observation rows, on the series' grid and without repeats. */
export function toObservationRows(
  seriesId: SeriesId,
  stepMs: number,
  points: ReadonlyArray<{ readonly t: string; readonly v: number }>,
): ObservationRow[] {
  const seen = new Set<number>();
  return points.map((p, i) => {
    const t = onGrid(p.t, stepMs, `body.points[${i}].t`);
    if (seen.has(t)) throw badRequest(`body.points[${i}].t`, p.t, 'not repeat an earlier point');
    seen.add(t);
    return { seriesId, t, value: p.v };
  });
}
