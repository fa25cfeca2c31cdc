import { log } from '@temporalio/workflow';
import type { ApplyRetentionInput, TableRetentionResult } from '../activities';
import { nominalHour } from './nominal-time';
import { proxyActivity } from './activity-proxy';

/** The retention policy, filled from the `retention` config section by `metricast schedule ensure`. */
export interface RetentionInput {
  readonly observationsDays: number;
  readonly forecastsDays: number;
  readonly partitionsAhead: number;
  /** Days per new partition (7: weeks from Monday; 1: days). */
  readonly partitionDays: number;
  /** Nominal time when no Schedule starts the workflow (tests, a one-off run); epoch ms. */
  readonly nominalTime?: number;
}

export interface RetentionSummary {
  /** The hour the run counted from: the Schedule's time, else `input.nominalTime`. */
  readonly nominalTime: number;
  readonly tables: readonly TableRetentionResult[];
  readonly droppedRows: number;
}

const applyRetention = proxyActivity('applyRetention');

/**
 * Daily retention: for observations (by `ts`) then forecasts (by `target_at`), keeps partitions
 * ready `partitionsAhead` periods past the nominal one and drops the partitions whose rows are all
 * older than the table's retention. One table after the other, so two table rebuilds never
 * compete for the disk. Writes nothing itself; the activity's work is idempotent, so a retried or
 * repeated run for the same day changes nothing more.
 */
export async function retentionWorkflow(input: RetentionInput): Promise<RetentionSummary> {
  const asOf = nominalHour(input.nominalTime);
  const layout = { asOf, partitionsAhead: input.partitionsAhead, periodDays: input.partitionDays };
  const policy: ApplyRetentionInput[] = [
    { table: 'observations', keepDays: input.observationsDays, ...layout },
    { table: 'forecasts', keepDays: input.forecastsDays, ...layout },
  ];
  const tables: TableRetentionResult[] = [];
  for (const step of policy) {
    const result = await applyRetention(step);
    if (result.dropped.length > 0)
      log.info('retention dropped partitions', {
        table: result.table,
        dropped: result.dropped.map((d) => `${d.partition} (${d.rows} rows)`),
      });
    tables.push(result);
  }
  const droppedRows = tables.reduce((n, t) => n + t.dropped.reduce((m, d) => m + d.rows, 0), 0);
  return { nominalTime: asOf, tables, droppedRows };
}
