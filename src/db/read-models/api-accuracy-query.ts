import { asModelVersionId, type ModelVersionId, type SeriesId } from '../../shared';
import type { AccuracyWindow } from '../accuracy-repo';
import type { Db } from '../pool';

/** Accuracy of a set of reconciled records: counts, errors and interval coverage (0..1). */
export interface AccuracyScores {
  readonly n: number;
  readonly mae: number;
  readonly rmse: number;
  /** Percent, over records whose actual is not 0; null when every actual was 0. */
  readonly mape: number | null;
  readonly coverage80: number;
  readonly coverage95: number;
}

/** Which model a version is: metricast's own kind, or the name an external model posted under. */
export interface VersionLabel {
  readonly modelVersionId: ModelVersionId;
  readonly kind: string;
  readonly version: number;
  /** Set for external models: the name they post predictions under. */
  readonly externalName: string | null;
}

/** One time bucket of one model version's reconciled records. */
export interface AccuracyBucket extends AccuracyScores {
  /** Start of the bucket (by the close of the records' intervals), epoch ms. */
  readonly bucketStart: number;
}

/** A model version's accuracy over time, plus its current rolling aggregates pooled over horizon steps. */
export interface VersionAccuracy extends VersionLabel {
  readonly buckets: AccuracyBucket[];
  readonly windows: Partial<Record<AccuracyWindow, AccuracyScores & { readonly asOf: number }>>;
}

export interface AccuracyOverTimeInput {
  readonly seriesId: SeriesId;
  /** Records whose interval closed in [from, to), epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly bucketMs: number;
}

const SCORES = `COUNT(*) AS n, AVG(abs_error) AS mae, SQRT(AVG(sq_error)) AS rmse, 100 * AVG(ape) AS mape,
  AVG(CAST(in80 AS DOUBLE)) AS coverage80, AVG(CAST(in95 AS DOUBLE)) AS coverage95`;

interface BucketRow extends AccuracyScores {
  model_version_id: number;
  bucket: number;
}
interface WindowRow extends AccuracyScores {
  model_version_id: number;
  window_name: AccuracyWindow;
  as_of: Date;
}
interface LabelRow {
  id: number;
  kind: string;
  version: number;
  external_name: string | null;
}

/**
 * Per model version of a series: reconciled records bucketed by the close of their interval (from the
 * forecasts themselves, so the history is as long as the forecasts kept), and the current 1h/24h/7d
 * aggregates pooled over horizon steps (weighted by each step's count). Versions by id.
 */
export async function accuracyOverTime(db: Db, input: AccuracyOverTimeInput): Promise<VersionAccuracy[]> {
  const bucketSeconds = Math.max(1, Math.round(input.bucketMs / 1000));
  // TIMESTAMPDIFF from the epoch, not UNIX_TIMESTAMP: it ignores the session time zone.
  const [buckets, windows] = await Promise.all([
    db.pool.query<BucketRow[]>(
      `SELECT model_version_id, FLOOR(TIMESTAMPDIFF(SECOND, '1970-01-01', closes_at) / ?) AS bucket, ${SCORES}
       FROM forecasts WHERE series_id = ? AND reconcile_status = 'reconciled' AND closes_at >= ? AND closes_at < ?
       GROUP BY model_version_id, bucket ORDER BY model_version_id, bucket`,
      [bucketSeconds, input.seriesId, new Date(input.from), new Date(input.to)],
    ),
    pooledAggregates(db, input.seriesId),
  ]);
  const ids = [...new Set([...buckets, ...windows].map((r) => r.model_version_id))];
  const known = new Map((await versionLabels(db, ids)).map((l) => [l.modelVersionId as number, l]));
  // Forecasts may name a version the registry no longer (or never) held; they still count.
  const labels = ids
    .sort((a, b) => a - b)
    .map(
      (id) =>
        known.get(id) ?? {
          modelVersionId: asModelVersionId(id),
          kind: 'unregistered',
          version: 0,
          externalName: null,
        },
    );
  return labels.map((label) => ({
    ...label,
    buckets: buckets
      .filter((b) => b.model_version_id === label.modelVersionId)
      .map(({ model_version_id: _v, bucket, ...scores }) => ({
        bucketStart: bucket * bucketSeconds * 1000,
        ...scores,
      })),
    windows: Object.fromEntries(
      windows
        .filter((w) => w.model_version_id === label.modelVersionId)
        .map(({ model_version_id: _v, window_name, as_of, ...scores }) => [
          window_name,
          { ...scores, asOf: as_of.getTime() },
        ]),
    ),
  }));
}

/** The current aggregates of a series pooled over horizon steps, per model version and window. */
export async function pooledAggregates(db: Db, seriesId: SeriesId): Promise<WindowRow[]> {
  return db.pool.query<WindowRow[]>(
    `SELECT model_version_id, window_name, MAX(as_of) AS as_of, SUM(n) AS n, SUM(n * mae) / SUM(n) AS mae,
       SQRT(SUM(n * rmse * rmse) / SUM(n)) AS rmse, SUM(n * mape) / SUM(IF(mape IS NULL, 0, n)) AS mape,
       SUM(n * coverage80) / SUM(n) AS coverage80, SUM(n * coverage95) / SUM(n) AS coverage95
     FROM accuracy_aggregates WHERE series_id = ? GROUP BY model_version_id, window_name
     ORDER BY model_version_id, window_name`,
    [seriesId],
  );
}

/** Kind, version number and external name of each version id, by id. */
export async function versionLabels(db: Db, ids: readonly number[]): Promise<VersionLabel[]> {
  if (ids.length === 0) return [];
  const rows = await db.pool.query<LabelRow[]>(
    `SELECT v.id, v.kind, v.version, e.name AS external_name FROM model_versions v
     LEFT JOIN external_models e ON e.model_version_id = v.id WHERE v.id IN (?) ORDER BY v.id`,
    [ids],
  );
  return rows.map((r) => ({
    modelVersionId: asModelVersionId(r.id),
    kind: r.kind,
    version: r.version,
    externalName: r.external_name,
  }));
}

/** Just after the close of the newest reconciled record of a series (epoch ms), or undefined when there is none. */
export async function newestReconciledClose(db: Db, seriesId: SeriesId): Promise<number | undefined> {
  const [row] = await db.pool.query<Array<{ t: Date | null }>>(
    "SELECT MAX(closes_at) AS t FROM forecasts WHERE series_id = ? AND reconcile_status = 'reconciled'",
    [seriesId],
  );
  return row?.t ? row.t.getTime() + 1 : undefined;
}
