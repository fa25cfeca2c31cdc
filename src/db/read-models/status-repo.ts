import type { Db } from '../pool';

/** What the orchestration has produced so far, for `metricast status`. */
export interface PipelineCounts {
  readonly forecasts: Readonly<Record<'pending' | 'reconciled' | 'missing', number>>;
  readonly accuracyRows: number;
  readonly modelVersions: number;
  readonly champions: number;
  readonly decisions: Readonly<Record<string, number>>;
}

/** Counts forecasts by reconciliation status, aggregates, models and retrain decisions by outcome. */
export async function countPipeline(db: Db): Promise<PipelineCounts> {
  const [statuses, singles, decisions] = await Promise.all([
    db.pool.query<Array<{ s: string; n: number }>>(
      'SELECT reconcile_status AS s, COUNT(*) AS n FROM forecasts GROUP BY reconcile_status',
    ),
    db.pool.query<Array<{ a: number; v: number; c: number }>>(
      `SELECT (SELECT COUNT(*) FROM accuracy_aggregates) AS a, (SELECT COUNT(*) FROM model_versions) AS v,
              (SELECT COUNT(*) FROM model_aliases WHERE alias = 'champion') AS c`,
    ),
    db.pool.query<Array<{ s: string; n: number }>>(
      'SELECT status AS s, COUNT(*) AS n FROM retrain_decisions GROUP BY status',
    ),
  ]);
  const byStatus = Object.fromEntries(statuses.map((r) => [r.s, Number(r.n)]));
  return {
    forecasts: {
      pending: byStatus.pending ?? 0,
      reconciled: byStatus.reconciled ?? 0,
      missing: byStatus.missing ?? 0,
    },
    accuracyRows: Number(singles[0]?.a ?? 0),
    modelVersions: Number(singles[0]?.v ?? 0),
    champions: Number(singles[0]?.c ?? 0),
    decisions: Object.fromEntries(decisions.map((r) => [r.s, Number(r.n)])),
  };
}
