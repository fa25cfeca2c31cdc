/**
 * Every business id and schedule id metricast's workflows run under, in one place: the CLI starts
 * workflows by them, the API signals by them and the dashboard links to them. Ids a workflow
 * itself derives (children, reconcile followers) are defined beside it and re-exported here.
 */
import { createHash } from 'node:crypto';
import type { BackfillInput, IngestRangeInput } from '../workflows';

export {
  backfillCycleId,
  MODEL_MANAGER_WORKFLOW_ID,
  reconcileWorkflowId,
  retrainWorkflowId,
  shardWorkflowId,
} from '../workflows';

/** The one schedule of the hourly cycle. */
export const FORECAST_SCHEDULE_ID = 'metricast-forecast-cycle';
/** Temporal appends the scheduled time: `forecast-cycle-2026-11-23T10:05:00Z`. */
export const FORECAST_WORKFLOW_ID = 'forecast-cycle';

/** The one schedule of the daily retention run. */
export const RETENTION_SCHEDULE_ID = 'metricast-retention';
/** Temporal appends the scheduled time: `retention-2026-11-23T03:17:00Z`. */
export const RETENTION_WORKFLOW_ID = 'retention';

/** Business id: the same request maps to the same workflow, so a repeated command attaches instead of doubling work. */
export function ingestWorkflowId(input: IngestRangeInput): string {
  if (input.source === 'file') {
    const what = `${input.path ?? ''}|${input.duplicates ?? 'reject'}`;
    return `ingest/file/${createHash('sha1').update(what).digest('hex').slice(0, 12)}`;
  }
  const { from, to } = input.range;
  return `ingest/${input.source}/${new Date(from).toISOString()}..${new Date(to).toISOString()}`;
}

/** Business id: the same range is the same backfill, so running the command again resumes it. */
export function backfillWorkflowId(input: BackfillInput): string {
  const iso = (t: number) => `${new Date(t).toISOString().slice(0, 13)}Z`;
  const granularities = input.granularities ?? [input.granularity ?? '1h'];
  return `backfill/${granularities.join('+')}/${iso(input.from)}..${iso(input.to)}`;
}
