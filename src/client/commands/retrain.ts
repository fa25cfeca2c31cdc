import type { Client } from '@temporalio/client';
import type { Config } from '../../config';
import { createDb, listSeries } from '../../db';
import { ModelKind } from '../../forecast/types';
import {
  forceRetrainSignal,
  modelManagerWorkflow,
  MODEL_MANAGER_WORKFLOW_ID,
  type ForceRetrainRequest,
  type ModelManagerInput,
} from '../../workflows';
import { asSeriesId } from '../../shared';
import { CliArgumentError, parseList } from '../args';
import { connectClient, workflowUiUrl } from '../temporal-client';

export interface RetrainCommandOptions {
  /** Comma-separated series ids, or a substring of series names. */
  readonly series?: string;
  /** Comma-separated model kinds. */
  readonly kinds?: string;
  readonly reason?: string;
}

/** What `metricast retrain` did: which manager run got the request. */
export interface RetrainCommandResult {
  readonly workflowId: string;
  readonly runId: string;
  readonly request: ForceRetrainRequest;
}

/** Kinds one retrain can train (an ensemble is built from them, not trained on its own). */
const TRAINABLE: readonly string[] = Object.values(ModelKind).filter((k) => k !== 'ensemble');
const IDS = /^\d+(\s*,\s*\d+)*$/;

/** Validates the flags into a request; a bad flag names itself and its value. */
export function toForceRetrainRequest(options: RetrainCommandOptions): ForceRetrainRequest {
  const series = options.series?.trim();
  if (!series)
    throw new CliArgumentError('--series', options.series, 'series ids (1,2,3) or a name substring');
  const seriesFilter = IDS.test(series)
    ? { ids: series.split(',').map((id) => Number(id.trim())) }
    : { nameContains: series };
  const kinds = parseList(options.kinds);
  if (kinds !== undefined) {
    if (kinds.length === 0)
      throw new CliArgumentError('--kinds', options.kinds, `a list of ${TRAINABLE.join(', ')}`);
    const bad = kinds.find((k) => !TRAINABLE.includes(k) || kinds.indexOf(k) !== kinds.lastIndexOf(k));
    if (bad !== undefined)
      throw new CliArgumentError(
        '--kinds',
        options.kinds,
        `distinct kinds among ${TRAINABLE.join(', ')} (${bad} is not)`,
      );
  }
  const reason = options.reason?.trim();
  if (!reason || reason.length > 1000)
    throw new CliArgumentError('--reason', options.reason, '1 to 1000 characters');
  return { seriesFilter, kinds: kinds as ForceRetrainRequest['kinds'], reason };
}

/**
 * Delivers a request to the model manager with signal-with-start: the manager is started if it is
 * not running, and signalled either way, so repeated commands reach the one `model-manager` workflow.
 */
export async function forceRetrain(
  client: Client,
  request: ForceRetrainRequest,
  queues: { readonly taskQueue: string; readonly mlTaskQueue: string },
): Promise<RetrainCommandResult> {
  const input: ModelManagerInput = { mlTaskQueue: queues.mlTaskQueue };
  const handle = await client.workflow.signalWithStart(modelManagerWorkflow, {
    workflowId: MODEL_MANAGER_WORKFLOW_ID,
    taskQueue: queues.taskQueue,
    args: [input],
    signal: forceRetrainSignal,
    signalArgs: [request],
  });
  return { workflowId: handle.workflowId, runId: handle.signaledRunId, request };
}

/**
 * Refuses a `--series` that names nothing stored, as the API refuses an unknown id: otherwise the
 * request would reach the model manager, which can only drop it where nobody sees.
 */
async function requireKnownSeries(
  config: Config,
  options: RetrainCommandOptions,
  request: ForceRetrainRequest,
) {
  const db = createDb(config.db, { connectionLimit: 1 });
  try {
    const { ids, nameContains } = request.seriesFilter;
    const found = await listSeries(db, { ids: ids?.map(asSeriesId), nameContains });
    if (ids !== undefined) {
      const known = new Set<number>(found.map((s) => s.id));
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length > 0)
        throw new CliArgumentError(
          '--series',
          options.series,
          `ids of stored series (${missing.join(', ')}: no such series)`,
        );
    } else if (found.length === 0) {
      throw new CliArgumentError(
        '--series',
        options.series,
        'series ids or a substring of a stored series name (none matches)',
      );
    }
  } finally {
    await db.pool.end();
  }
}

/** `metricast retrain`: validates the flags and the series, and hands the request to the model manager. */
export async function retrainCommand(
  options: RetrainCommandOptions,
  config: Config,
): Promise<RetrainCommandResult> {
  const request = toForceRetrainRequest(options);
  await requireKnownSeries(config, options, request);
  const client = await connectClient(config);
  try {
    const { ioTaskQueue: taskQueue, mlTaskQueue } = config.temporal;
    const result = await forceRetrain(client, request, { taskQueue, mlTaskQueue });
    console.error(`retrain: sent to ${result.workflowId} (${workflowUiUrl(config, result.workflowId)})`);
    return result;
  } finally {
    await client.connection.close();
  }
}
