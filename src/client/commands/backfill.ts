import type { Config } from '../../config';
import { getBackfillProgressQuery, type BackfillInput, type BackfillProgress } from '../../workflows';
import type { Granularity } from '../../shared';
import { CliArgumentError, parseList, parseTime } from '../args';
import { followWorkflow } from '../follow';
import { backfillWorkflowId } from '../ids';
import { connectClient, workflowUiUrl } from '../temporal-client';
import { startBackfill } from '../workflows';

export { backfillWorkflowId };

export interface BackfillCommandOptions {
  readonly from?: string;
  readonly to?: string;
  readonly granularity?: string;
  /** Return once started instead of following the progress. */
  readonly detach?: boolean;
}

/** Validates the flags; a range longer than a year is refused as a likely typo. */
export function toBackfillInput(options: BackfillCommandOptions, config: Config): BackfillInput {
  const from = parseTime('--from', options.from);
  const to = parseTime('--to', options.to);
  if (to <= from) throw new CliArgumentError('--to', options.to, `later than --from (${options.from})`);
  if (to - from > 366 * 24 * 3_600_000)
    throw new CliArgumentError('--to', options.to, 'at most a year after --from');
  const granularities = parseGranularities(options.granularity);
  const [granularity = '1h'] = granularities;
  return {
    from,
    to,
    granularity,
    ...(granularities.length > 1 && { granularities }),
    mlTaskQueue: config.temporal.mlTaskQueue,
  };
}

/** `1h` (default), `5m`, or both comma-separated (`1h,5m`: each hour one cycle forecasting both). */
function parseGranularities(raw: string | undefined): Granularity[] {
  const list = parseList(raw ?? '1h') ?? [];
  const choices = ['1h', '5m'] as const;
  const parsed = list.map((g) => {
    if (!(choices as readonly string[]).includes(g))
      throw new CliArgumentError('--granularity', raw, 'one of 1h, 5m (or both: 1h,5m)');
    return g as Granularity;
  });
  if (parsed.length === 0 || new Set(parsed).size !== parsed.length)
    throw new CliArgumentError('--granularity', raw, 'one of 1h, 5m (or both: 1h,5m), each once');
  return parsed;
}

/**
 * `metricast backfill`: replays the range hour by hour as a durable workflow. Started again after
 * an interruption, it attaches to the running backfill, or starts a new run that skips the hours
 * already completed.
 */
export async function backfillCommand(
  options: BackfillCommandOptions,
  config: Config,
): Promise<BackfillProgress | string> {
  const input = toBackfillInput(options, config);
  const client = await connectClient(config);
  try {
    const handle = await startBackfill(client, input, config.temporal.ioTaskQueue);
    const { workflowId } = handle;
    console.error(`backfill: workflow ${workflowId} (${workflowUiUrl(config, workflowId)})`);
    if (options.detach) return workflowId;
    return await followWorkflow<BackfillProgress, BackfillProgress>(handle, {
      title: 'backfill',
      query: getBackfillProgressQuery,
      toBar: (p) => ({ done: p.hoursDone, total: p.hoursTotal, label: p.current }),
      intervalMs: 1_000,
    });
  } finally {
    await client.connection.close();
  }
}
