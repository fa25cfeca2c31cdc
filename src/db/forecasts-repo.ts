import type { ForecastBands, ModelVersionId, SeriesId } from '../shared';
import type { Db } from './pool';

/**
 * The alias a model version served under when it issued a forecast; `external` for predictions posted
 * through the API by models metricast did not train (the enum value 005_api.sql added).
 */
export const ForecastRole = { champion: 'champion', challenger: 'challenger', external: 'external' } as const;
export type ForecastRole = (typeof ForecastRole)[keyof typeof ForecastRole];

/** Where a stored forecast record stands against its actual. */
export const ReconcileStatus = { pending: 'pending', reconciled: 'reconciled', missing: 'missing' } as const;
export type ReconcileStatus = (typeof ReconcileStatus)[keyof typeof ReconcileStatus];

/** One horizon step of one issued forecast, as the forecast cycle writes it. Times are epoch ms, UTC. */
export interface ForecastRow extends ForecastBands {
  readonly seriesId: SeriesId;
  readonly modelVersionId: ModelVersionId;
  readonly modelKind: string;
  /** Defaults to `champion`; challengers' shadow forecasts are stored alike and scored alike. */
  readonly role?: ForecastRole;
  /** Nominal time of the cycle (from the workflow), never the wall clock: it is part of the key. */
  readonly issuedAt: number;
  /** Start of the interval forecast, on the series' own grid (equal to the `observations.ts` it predicts). */
  readonly targetAt: number;
  /** 1..H. */
  readonly horizonStep: number;
}

/** A stored forecast record with its reconciliation state. */
export interface ForecastRecord extends ForecastRow {
  readonly role: ForecastRole;
  /** Target time plus the series' step: when the actual is final and the record matures. */
  readonly closesAt: number;
  readonly status: ReconcileStatus;
  readonly actual: number | null;
  readonly actualRevision: number | null;
  readonly absError: number | null;
  readonly sqError: number | null;
  /** |actual − point| / |actual| as a fraction; null when the actual is 0. */
  readonly ape: number | null;
  readonly in80: boolean | null;
  readonly in95: boolean | null;
  /** Nominal time of the reconcile run that attached the actual. */
  readonly reconciledAt: number | null;
  readonly attempts: number;
  readonly lastAttemptAt: number | null;
  readonly missingReason: string | null;
}

/** Multi-row statements of this many rows: the driver's `batch()` is ~20x slower here (see observations-repo). */
const ROWS_PER_STATEMENT = 2_000;
const PREDICTION = ['horizon_step', 'model_kind', 'point', 'lower80', 'upper80', 'lower95', 'upper95'];
const COLUMNS = [
  'series_id',
  'model_version_id',
  'issued_at',
  'target_at',
  'closes_at',
  'role',
  ...PREDICTION,
];
const SAME = PREDICTION.map((c) => `${c} <=> VALUES(${c})`).join(' AND ');
const RESET: ReadonlyArray<readonly [string, string]> = [
  ['reconcile_status', `'pending'`],
  ...'actual actual_revision abs_error sq_error ape in80 in95 reconciled_at last_attempt_at missing_reason'
    .split(' ')
    .map((column) => [column, 'NULL'] as const),
  ['reconcile_attempts', '0'],
  ['updated_at', 'CURRENT_TIMESTAMP(3)'],
];
/**
 * An identical retry leaves the row (and its reconciliation) untouched; a re-issue with other numbers
 * replaces the prediction and sends the record back to `pending`, because errors computed against
 * the old numbers would be wrong. ODKU assigns left to right, so the resets compare old values first.
 */
const UPSERT_TAIL = `ON DUPLICATE KEY UPDATE
  ${RESET.map(([col, fresh]) => `${col} = IF(${SAME}, ${col}, ${fresh})`).join(',\n  ')},
  role = VALUES(role),
  ${PREDICTION.map((c) => `${c} = VALUES(${c})`).join(', ')}`;

/**
 * Stores forecast records, one row per (series, model version, issue time, target time). Safe to run
 * twice: the same cycle written again changes nothing. Returns the number of rows passed.
 */
export async function upsertForecasts(db: Db, rows: readonly ForecastRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const steps = await stepsOf(db, rows);
  const placeholders = `(${COLUMNS.map(() => '?').join(',')})`;
  // Sequential: parallel multi-row upserts into neighbouring keys can deadlock on gap locks.
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    await db.pool.query(
      `INSERT INTO forecasts (${COLUMNS.join(', ')})
       VALUES ${new Array<string>(chunk.length).fill(placeholders).join(',')} ${UPSERT_TAIL}`,
      chunk.flatMap((r) => toRow(r, steps)),
    );
  }
  return rows.length;
}

/** Each series' step in ms, which places `closes_at`; a forecast for an unknown series is a caller's bug. */
async function stepsOf(db: Db, rows: readonly ForecastRow[]): Promise<Map<number, number>> {
  const ids = [...new Set(rows.map((r) => r.seriesId))];
  const found = await db.pool.query<Array<{ id: number; step_seconds: number }>>(
    'SELECT id, step_seconds FROM series WHERE id IN (?)',
    [ids],
  );
  const steps = new Map(found.map((r) => [r.id, r.step_seconds * 1000]));
  const unknown = ids.find((id) => !steps.has(id));
  if (unknown !== undefined)
    throw new RangeError(`forecast.seriesId must name a stored series, got ${unknown}`);
  return steps;
}

function toRow(r: ForecastRow, steps: ReadonlyMap<number, number>): unknown[] {
  return [
    r.seriesId,
    r.modelVersionId,
    new Date(r.issuedAt),
    new Date(r.targetAt),
    new Date(r.targetAt + (steps.get(r.seriesId) ?? 0)),
    r.role ?? ForecastRole.champion,
    r.horizonStep,
    r.modelKind,
    r.point,
    r.lower80,
    r.upper80,
    r.lower95,
    r.upper95,
  ];
}

/** Columns under the names of `ForecastRecord`, so a row needs only its times and flags converted. */
const RECORD = `series_id AS seriesId, model_version_id AS modelVersionId, model_kind AS modelKind, role,
  issued_at AS issuedAt, target_at AS targetAt, closes_at AS closesAt, horizon_step AS horizonStep, point,
  lower80, upper80, lower95, upper95, reconcile_status AS status, actual, actual_revision AS actualRevision,
  abs_error AS absError, sq_error AS sqError, ape, in80, in95, reconciled_at AS reconciledAt,
  reconcile_attempts AS attempts, last_attempt_at AS lastAttemptAt, missing_reason AS missingReason`;
type Times = 'issuedAt' | 'targetAt' | 'closesAt' | 'reconciledAt' | 'lastAttemptAt' | 'in80' | 'in95';
type StoredRecord = Omit<ForecastRecord, Times> & {
  readonly issuedAt: Date;
  readonly targetAt: Date;
  readonly closesAt: Date;
  readonly reconciledAt: Date | null;
  readonly lastAttemptAt: Date | null;
  readonly in80: number | null;
  readonly in95: number | null;
};

const flag = (v: number | null): boolean | null => (v === null ? null : v === 1);

function fromRow(r: StoredRecord): ForecastRecord {
  return {
    ...r,
    issuedAt: r.issuedAt.getTime(),
    targetAt: r.targetAt.getTime(),
    closesAt: r.closesAt.getTime(),
    reconciledAt: r.reconciledAt?.getTime() ?? null,
    lastAttemptAt: r.lastAttemptAt?.getTime() ?? null,
    in80: flag(r.in80),
    in95: flag(r.in95),
  };
}

/** Which records `listForecasts` returns; time bounds are half-open, [from, to), epoch ms. */
export interface ForecastFilter {
  readonly seriesId: SeriesId;
  readonly modelVersionId?: ModelVersionId;
  readonly issuedFrom?: number;
  readonly issuedTo?: number;
  readonly targetFrom?: number;
  readonly targetTo?: number;
  readonly status?: ReconcileStatus;
}

/** A series' forecast records, ordered by issue time, model version and target time. */
export async function listForecasts(db: Db, filter: ForecastFilter): Promise<ForecastRecord[]> {
  const where = ['series_id = ?'];
  const params: unknown[] = [filter.seriesId];
  const add = (clause: string, value: unknown): void => {
    where.push(clause);
    params.push(value);
  };
  if (filter.modelVersionId !== undefined) add('model_version_id = ?', filter.modelVersionId);
  if (filter.issuedFrom !== undefined) add('issued_at >= ?', new Date(filter.issuedFrom));
  if (filter.issuedTo !== undefined) add('issued_at < ?', new Date(filter.issuedTo));
  if (filter.targetFrom !== undefined) add('target_at >= ?', new Date(filter.targetFrom));
  if (filter.targetTo !== undefined) add('target_at < ?', new Date(filter.targetTo));
  if (filter.status !== undefined) add('reconcile_status = ?', filter.status);
  const rows = await db.pool.query<StoredRecord[]>(
    `SELECT ${RECORD} FROM forecasts WHERE ${where.join(' AND ')} ORDER BY issued_at, model_version_id, target_at`,
    params,
  );
  return rows.map(fromRow);
}

/**
 * The newest champion forecast of a series (issued at or before `asOf` when given), one record per
 * horizon step in step order; empty when there is none. Should two versions have issued as champion
 * at the same time (a promotion between a cycle and its retry), the higher version id wins.
 */
export async function latestForecast(
  db: Db,
  seriesId: SeriesId,
  options: { readonly asOf?: number } = {},
): Promise<ForecastRecord[]> {
  const asOf = options.asOf === undefined ? [] : [new Date(options.asOf)];
  const [newest] = await db.pool.query<Array<{ issuedAt: Date; modelVersionId: ModelVersionId }>>(
    `SELECT issued_at AS issuedAt, model_version_id AS modelVersionId FROM forecasts
     WHERE series_id = ? AND role = 'champion'${asOf.length ? ' AND issued_at <= ?' : ''}
     ORDER BY issued_at DESC, model_version_id DESC LIMIT 1`,
    [seriesId, ...asOf],
  );
  if (!newest) return [];
  const issuedAt = newest.issuedAt.getTime();
  const filter = {
    seriesId,
    modelVersionId: newest.modelVersionId,
    issuedFrom: issuedAt,
    issuedTo: issuedAt + 1,
  };
  return listForecasts(db, filter);
}
