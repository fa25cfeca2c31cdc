import type { Client } from '@temporalio/client';
import type { Config } from '../../config';
import { createDb, listSeries } from '../../db';
import type { ForceRetrainRequest } from '../../workflows';
import { asSeriesId } from '../../shared';
import { CliArgumentError } from '../args';
import { RetrainRequestError, toRetrainRequest, type RetrainRequestFields } from '../retrain-request';
import { connectClient, workflowUiUrl } from '../temporal-client';
import { signalForceRetrain, type TaskQueues } from '../workflows';

export type RetrainCommandOptions = RetrainRequestFields;

/** What `metricast retrain` did: which manager run got the request. */
export interface RetrainCommandResult {
  readonly workflowId: string;
  readonly runId: string;
  readonly request: ForceRetrainRequest;
}

/** Validates the flags into a request; a bad flag names itself and its value. */
export function toForceRetrainRequest(options: RetrainCommandOptions): ForceRetrainRequest {
  try {
    return toRetrainRequest(options);
  } catch (error) {
    if (!(error instanceof RetrainRequestError)) throw error;
    throw new CliArgumentError(`--${error.field}`, error.value, error.expected);
  }
}

/** Signal-with-start of the model manager (`signalForceRetrain`), with the request it carried. */
export async function forceRetrain(
  client: Client,
  request: ForceRetrainRequest,
  queues: TaskQueues,
): Promise<RetrainCommandResult> {
  return { ...(await signalForceRetrain(client, request, queues)), request };
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
