import { inputError } from './errors';
import { normaliseHost } from './normalise-host';
import { alignToGrid, expectedSlots, fillGaps, type TimeRange } from './grid';
import type { CleanedSeries, DropReport, Point, RawSeries, SeriesKey } from './types';

/** Options of `cleanSeries`; `ingest.*` settings map onto them. */
export interface CleanOptions {
  /** Grid step, e.g. 300000 for 5 minutes. */
  readonly stepMs: number;
  /** Longest missing span (missing slots × step) filled by interpolation; 0 fills nothing. */
  readonly maxGapMs: number;
  /** Least share (0..1) of expected grid slots that must hold an observed point. */
  readonly minCoverage: number;
  /**
   * Case-insensitive regular expressions (a plain word is a substring match; text that is not a valid
   * regex is matched literally), tested against the metric name and every dimension value, not against
   * namespace or unit. `packet` drops `NetworkPacketsIn`; `error` drops `5XXError` but not `StatusCheckFailed`.
   */
  readonly dropPatterns: readonly string[];
  /** Domain suffixes for `normaliseHost`, applied to every key's host; default none (cut at the first dot). */
  readonly hostSuffixes?: readonly string[];
  /** Half-open `[from, to)`: slots outside are discarded and the whole range is the expected grid. */
  readonly range?: TimeRange;
}

/** Series kept (on the grid) and series dropped (with reason), in input order. */
export interface CleanResult {
  kept: CleanedSeries[];
  dropped: DropReport[];
}

/**
 * Puts raw series on a regular grid, fills short gaps, reports long ones, normalises host names and
 * drops series that would only mislead a forecaster. Checks run in this order and the first that applies is reported:
 * `name-pattern`, `empty`, `all-zero`, `constant`, `sparse` (coverage is measured on observed points,
 * before filling). Pure; throws `IngestInputError` for invalid options.
 */
export function cleanSeries(raw: readonly RawSeries[], opts: CleanOptions): CleanResult {
  checkOptions(opts);
  const patterns = opts.dropPatterns.map(compilePattern);
  const kept: CleanedSeries[] = [];
  const dropped: DropReport[] = [];
  for (const series of raw) {
    const key = withHost(series.key, opts.hostSuffixes);
    const aligned = alignToGrid(series.points, opts.stepMs, opts.range);
    const slots = expectedSlots(aligned, opts.stepMs, opts.range);
    const drop = nameDrop(key, patterns) ?? dataDrop(aligned, slots, opts);
    if (drop) {
      dropped.push({ key, ...drop });
      continue;
    }
    const { points, filled, gaps } = fillGaps(aligned, opts.stepMs, opts.maxGapMs, slots);
    kept.push({ key, stepMs: opts.stepMs, points, filled, gaps });
  }
  return { kept, dropped };
}

/** The key with its host normalised; aggregate series without a host keep `''`. */
function withHost(key: SeriesKey, suffixes: readonly string[] = []): SeriesKey {
  return key.host === '' ? key : { ...key, host: normaliseHost(key.host, suffixes) };
}

type Drop = Pick<DropReport, 'reason' | 'detail'>;

function nameDrop(key: SeriesKey, patterns: readonly RegExp[]): Drop | undefined {
  for (const pattern of patterns) {
    if (pattern.test(key.metric)) {
      return {
        reason: 'name-pattern',
        detail: `metric "${key.metric}" matches drop pattern /${pattern.source}/i`,
      };
    }
    for (const [name, value] of Object.entries(key.dimensions)) {
      if (pattern.test(value)) {
        return {
          reason: 'name-pattern',
          detail: `dimension ${name}="${value}" matches drop pattern /${pattern.source}/i`,
        };
      }
    }
  }
  return undefined;
}

function dataDrop(aligned: readonly Point[], slots: TimeRange, opts: CleanOptions): Drop | undefined {
  const first = aligned[0];
  if (first === undefined) {
    const where = opts.range ? ` in [${iso(opts.range.from)}, ${iso(opts.range.to)})` : '';
    return { reason: 'empty', detail: `no points${where}` };
  }
  if (aligned.every((p) => p.v === first.v)) {
    const n = aligned.length;
    if (first.v === 0) return { reason: 'all-zero', detail: `all ${n} values are 0` };
    return { reason: 'constant', detail: `all ${n} values equal ${first.v}` };
  }
  const expected = Math.round((slots.to - slots.from) / opts.stepMs) + 1;
  const coverage = aligned.length / expected;
  if (coverage < opts.minCoverage) {
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    return {
      reason: 'sparse',
      detail: `${aligned.length} of ${expected} expected points present (${pct(coverage)} < ${pct(opts.minCoverage)})${coarseNote(aligned, opts.stepMs)}`,
    };
  }
  return undefined;
}

/**
 * Why a sparse series is sparse when its own cadence is coarser than the grid (an hourly export on
 * the 5-minute grid): without it, "48 of 565 expected points" reads like lost data.
 */
function coarseNote(aligned: readonly Point[], stepMs: number): string {
  if (aligned.length < 3) return ''; // one gap is not a cadence
  const gaps = aligned.slice(1).map((p, i) => p.t - (aligned[i] as Point).t);
  const cadence = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] as number;
  if (cadence < 2 * stepMs) return '';
  const minutes = (ms: number): string => `${+(ms / 60_000).toFixed(2)} minutes`;
  return `; its points are ${minutes(cadence)} apart, coarser than the grid's ${minutes(stepMs)}: ingestion needs a point every grid step`;
}

function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i');
  }
}

function checkOptions(opts: CleanOptions): void {
  const bad = (field: string, value: unknown, expectation: string): Error =>
    inputError({ file: 'clean options', field, value }, expectation);
  if (!Number.isInteger(opts.stepMs) || opts.stepMs <= 0)
    throw bad('stepMs', opts.stepMs, 'must be a positive integer');
  if (!(opts.maxGapMs >= 0)) throw bad('maxGapMs', opts.maxGapMs, 'must be a number ≥ 0');
  if (!(opts.minCoverage >= 0 && opts.minCoverage <= 1))
    throw bad('minCoverage', opts.minCoverage, 'must be between 0 and 1');
  opts.dropPatterns.forEach((p, i) => {
    if (p.trim() === '') throw bad(`dropPatterns[${i}]`, p, 'must not be empty');
  });
  if (opts.range && !(opts.range.from < opts.range.to)) throw bad('range', opts.range, 'must have from < to');
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
