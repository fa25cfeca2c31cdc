import { FORECAST_SCHEDULE_ID, FORECAST_WORKFLOW_ID } from '../client/commands/schedule';
import type { Config } from '../config';
import type { SeriesId } from '../shared';
import { MODEL_MANAGER_WORKFLOW_ID } from '../workflows/model-manager';
import { retrainWorkflowId } from '../workflows/retrain';

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

  /** The page of one workflow id (its latest run). */
  workflow(workflowId: string): string {
    return `${this.base}/workflows/${encodeURIComponent(workflowId)}`;
  }

  /** The workflow list filtered by a visibility query. */
  search(query: string): string {
    return `${this.base}/workflows?query=${encodeURIComponent(query)}`;
  }

  schedule(scheduleId: string): string {
    return `${this.base}/schedules/${encodeURIComponent(scheduleId)}`;
  }
}

/**
 * The workflows behind a series' page: the hourly cycle's Schedule and runs, the cycle of the hour its
 * newest forecast was issued at (the Schedule appends its scheduled time to the cycle's id, e.g.
 * `forecast-cycle-2026-11-23T10:05:00Z`, so the hour is a prefix), and its retrains (`retrain/<id>`,
 * one id reused by every retrain, so the list shows them all).
 */
export function seriesWorkflowLinks(
  ui: TemporalUi,
  seriesId: SeriesId,
  lastIssuedAt: number | null,
): TemporalLink[] {
  const links: TemporalLink[] = [];
  if (lastIssuedAt !== null) {
    const hour = new Date(lastIssuedAt).toISOString().slice(0, 13);
    links.push({
      label: `forecast cycle of ${hour}:00Z`,
      href: ui.search(`WorkflowId STARTS_WITH "${FORECAST_WORKFLOW_ID}-${hour}"`),
    });
  }
  links.push(
    { label: 'all forecast cycles', href: ui.search(`WorkflowId STARTS_WITH "${FORECAST_WORKFLOW_ID}"`) },
    { label: 'forecast cycle schedule', href: ui.schedule(FORECAST_SCHEDULE_ID) },
    {
      label: `retrains (${retrainWorkflowId(seriesId)})`,
      href: ui.search(`WorkflowId = "${retrainWorkflowId(seriesId)}"`),
    },
    { label: 'model manager', href: ui.workflow(MODEL_MANAGER_WORKFLOW_ID) },
  );
  return links;
}
