import {
  backfillCycleId,
  backfillWorkflowId,
  FORECAST_SCHEDULE_ID,
  FORECAST_WORKFLOW_ID,
  MODEL_MANAGER_WORKFLOW_ID,
  retrainWorkflowId,
} from '../client/ids';
import type { Config } from '../config';
import type { Granularity, SeriesId } from '../shared';

/** A labelled link into the Temporal Web UI. */
export interface TemporalLink {
  readonly label: string;
  readonly href: string;
}

/** Links into the Temporal Web UI of one namespace. */
export class TemporalUi {
  private readonly base: string;

  constructor(config: Pick<Config, 'temporal'>) {
    const root = config.temporal.uiUrl.replace(/\/+$/, '');
    this.base = `${root}/namespaces/${encodeURIComponent(config.temporal.namespace)}`;
  }

  /** The page of one workflow id (the UI shows its latest run). */
  workflow(workflowId: string): string {
    return `${this.base}/workflows/${encodeURIComponent(workflowId)}`;
  }

  /** Every run of one workflow id, for ids reused by run after run (`retrain/<series>`). */
  runs(workflowId: string): string {
    return this.search(`WorkflowId = ${quote(workflowId)}`);
  }

  /** The workflow list filtered by a visibility query. */
  search(query: string): string {
    return `${this.base}/workflows?query=${encodeURIComponent(query)}`;
  }

  schedule(scheduleId: string): string {
    return `${this.base}/schedules/${encodeURIComponent(scheduleId)}`;
  }
}

/** A string literal of Temporal's visibility query language. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** A backfill, known by its workflow id, which names its granularity and range. */
export interface BackfillRange {
  readonly workflowId: string;
  readonly granularity: Granularity;
  readonly from: number;
  readonly to: number;
}

const BACKFILL_ID = /^backfill\/(1h|5m)\/(\d{4}-\d\d-\d\dT\d\d)Z\.\.(\d{4}-\d\d-\d\dT\d\d)Z$/;

/** The range a backfill id names (`backfill/1h/2014-04-17T00Z..2014-04-20T00Z`), or undefined. */
export function parseBackfillId(workflowId: string): BackfillRange | undefined {
  const m = BACKFILL_ID.exec(workflowId);
  if (!m) return undefined;
  const [, granularity, from, to] = m as unknown as [string, Granularity, string, string];
  const range = { granularity, from: Date.parse(`${from}:00Z`), to: Date.parse(`${to}:00Z`) };
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to)) return undefined;
  // Only ids `metricast backfill` itself would make: the same range gives back the same id.
  const same = backfillWorkflowId({ ...range, mlTaskQueue: '' }) === workflowId;
  return same ? { workflowId, ...range } : undefined;
}

/**
 * A query finding the cycles of one nominal hour: the Schedule's (Temporal appends the scheduled
 * time to the id, `forecast-cycle-2026-11-23T10:05:00Z`, so the hour is a prefix) and those of every
 * backfill whose range holds the hour (`backfill/1h/…/cycle/2026-11-23T10:00Z`, exact ids).
 */
export function cycleQuery(
  hour: number,
  granularity: Granularity,
  backfills: readonly BackfillRange[],
): string {
  const prefix = `${FORECAST_WORKFLOW_ID}-${new Date(hour).toISOString().slice(0, 14)}`;
  const ids = backfills
    .filter((b) => b.granularity === granularity && b.from <= hour && hour < b.to)
    .map((b) => quote(backfillCycleId(b.workflowId, hour)));
  const live = `WorkflowId STARTS_WITH ${quote(prefix)}`;
  return ids.length ? `${live} OR WorkflowId IN (${ids.join(', ')})` : live;
}

/** What a series' links are about. */
export interface SeriesLinkInput {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  /** The nominal hour of its newest forecast, null before the first. */
  readonly issuedAt: number | null;
  readonly backfills: readonly BackfillRange[];
}

/**
 * The workflows behind a series' page: the cycle that issued its newest forecast (live or backfill),
 * every cycle, the Schedule, backfills, its retrains (`retrain/<id>`, one id reused by every
 * retrain, so the list shows them all) and the model manager.
 */
export function seriesWorkflowLinks(ui: TemporalUi, input: SeriesLinkInput): TemporalLink[] {
  const links: TemporalLink[] = [];
  if (input.issuedAt !== null) {
    const hour = `${new Date(input.issuedAt).toISOString().slice(0, 13)}:00Z`;
    const query = cycleQuery(input.issuedAt, input.granularity, input.backfills);
    links.push({ label: `forecast cycle of ${hour} (the newest forecast)`, href: ui.search(query) });
  }
  const retrains = retrainWorkflowId(input.seriesId);
  links.push(
    { label: 'all forecast cycles', href: ui.search('WorkflowType = "forecastCycleWorkflow"') },
    { label: 'forecast cycle schedule', href: ui.schedule(FORECAST_SCHEDULE_ID) },
    { label: 'backfills', href: ui.search('WorkflowType = "backfillWorkflow"') },
    { label: `retrains (${retrains})`, href: ui.runs(retrains) },
    { label: 'model manager', href: ui.workflow(MODEL_MANAGER_WORKFLOW_ID) },
  );
  return links;
}
