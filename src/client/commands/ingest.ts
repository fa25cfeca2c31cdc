import { statSync } from 'node:fs';
import path from 'node:path';
import { createIngestActivities, type IngestActivities } from '../../activities/ingest';
import { createReplayActivities } from '../../activities/replay';
import type { Config } from '../../config';
import { addSummaries, assertNever, EMPTY_SUMMARY, type IngestSummary, type TimeRange } from '../../shared';
import { buildActivityDeps } from '../../workers/dependencies';
import { getIngestProgressQuery, type IngestRangeInput, type IngestProgress } from '../../workflows';
import { CliArgumentError, parseChoice, parseList, parseTime } from '../args';
import { followWorkflow } from '../follow';
import { createProgress, type Progress } from '../progress';
import { ingestWorkflowId } from '../ids';
import { connectClient, workflowUiUrl } from '../temporal-client';
import { startIngest } from '../workflows';

export { ingestWorkflowId };

export interface IngestCommandOptions {
  readonly source?: string;
  readonly path?: string;
  readonly from?: string;
  readonly to?: string;
  readonly instances?: string;
  readonly duplicates?: string;
  /** Run in this process instead of as a Temporal workflow. */
  readonly direct?: boolean;
}

/** Validates the flags into a workflow input; bad flags name themselves and their value. */
export function toIngestInput(options: IngestCommandOptions, config: Config): IngestRangeInput {
  const source = parseChoice('--source', options.source, [
    'file',
    'cloudwatch',
    'prometheus',
    'replay',
  ] as const);
  if (source === 'file') {
    if (!options.path)
      throw new CliArgumentError('--path', options.path, 'a CSV or JSON file, or a folder of them');
    const duplicates = parseChoice('--duplicates', options.duplicates ?? 'reject', [
      'reject',
      'keep-last',
    ] as const);
    return { source, path: existingIngestPath(options.path), duplicates };
  }
  const range: TimeRange = { from: parseTime('--from', options.from), to: parseTime('--to', options.to) };
  if (range.to <= range.from)
    throw new CliArgumentError('--to', options.to, `later than --from (${options.from})`);
  if (source === 'replay') {
    if (!config.demo.replay)
      throw new CliArgumentError('--source', source, 'file or cloudwatch while demo.replay is off');
    return { source, range, chunkMs: config.ingest.chunkHours * 3_600_000 };
  }
  if (source === 'prometheus') {
    if (options.instances !== undefined)
      throw new CliArgumentError('--instances', options.instances, 'left out: it applies to CloudWatch only');
    if (!config.prometheus.url)
      throw new CliArgumentError(
        '--source',
        source,
        'used with prometheus.url set (METRICAST_PROMETHEUS_URL)',
      );
    return { source, range, chunkMs: config.ingest.chunkHours * 3_600_000 };
  }
  return {
    source,
    range,
    chunkMs: config.ingest.chunkHours * 3_600_000,
    instanceIds: parseList(options.instances),
  };
}

/**
 * The absolute `--path`, checked here so a typo or a stray `../../etc/passwd` fails at once with the
 * flag's name instead of inside a workflow: it must exist, and a single file must be `.csv` or `.json`.
 */
function existingIngestPath(value: string): string {
  const resolved = path.resolve(value);
  const info = statSync(resolved, { throwIfNoEntry: false });
  if (!info) throw new CliArgumentError('--path', value, 'an existing CSV or JSON file, or a folder of them');
  if (!info.isDirectory() && !(info.isFile() && /\.(csv|json)$/i.test(resolved)))
    throw new CliArgumentError('--path', value, 'a .csv or .json file, or a folder of them');
  return resolved;
}

function runsAsWorkflow(input: IngestRangeInput, options: IngestCommandOptions, config: Config): boolean {
  if (options.direct) return false;
  if (input.source === 'file') return true;
  return input.range.to - input.range.from > config.ingest.workflowThresholdHours * 3_600_000;
}

/** `metricast ingest`: short ranges run here, long ones as a durable workflow whose progress drives the bar. */
export async function ingestCommand(options: IngestCommandOptions, config: Config): Promise<IngestSummary> {
  const input = toIngestInput(options, config);
  return runsAsWorkflow(input, options, config)
    ? ingestViaWorkflow(input, config)
    : ingestDirect(input, config);
}

async function ingestViaWorkflow(input: IngestRangeInput, config: Config): Promise<IngestSummary> {
  const client = await connectClient(config);
  const handle = await startIngest(client, input, config.temporal.ioTaskQueue);
  const { workflowId } = handle;
  console.error(`ingest: workflow ${workflowId} (${workflowUiUrl(config, workflowId)})`);
  try {
    const final = await followWorkflow<IngestProgress, IngestProgress>(handle, {
      title: 'ingest',
      query: getIngestProgressQuery,
      toBar: (p) => ({
        done: p.chunksDone,
        total: p.chunksTotal,
        label: p.current ? path.basename(p.current) : '',
      }),
    });
    return final.summary;
  } finally {
    await client.connection.close();
  }
}

async function ingestDirect(input: IngestRangeInput, config: Config): Promise<IngestSummary> {
  const deps = buildActivityDeps(config);
  const bar = createProgress('ingest');
  try {
    if (input.source === 'file') return await ingestFilesDirect(input, createIngestActivities(deps), bar);
    bar.update(0, 1);
    const summary = await ingestWindowDirect(input, deps);
    bar.update(1, 1, 'done');
    return summary;
  } finally {
    bar.stop();
    await deps.close();
  }
}

/** One window of a live source, read in this process. */
function ingestWindowDirect(
  input: Exclude<IngestRangeInput, { source: 'file' }>,
  deps: ReturnType<typeof buildActivityDeps>,
): Promise<IngestSummary> {
  const { range } = input;
  switch (input.source) {
    case 'replay':
      return createReplayActivities(deps).ingestReplayWindow({ range });
    case 'prometheus':
      return createIngestActivities(deps).ingestPrometheusWindow({ range });
    case 'cloudwatch':
      return createIngestActivities(deps).ingestCloudWatchWindow({ range, instanceIds: input.instanceIds });
    default:
      return assertNever(input);
  }
}

/** Every file of a file or folder, one after the other, in this process. */
async function ingestFilesDirect(
  input: Extract<IngestRangeInput, { source: 'file' }>,
  activities: IngestActivities,
  bar: Progress,
): Promise<IngestSummary> {
  const files = await activities.listIngestFiles({ path: input.path });
  let total = EMPTY_SUMMARY;
  for (const [i, file] of files.entries()) {
    bar.update(i, files.length, path.basename(file));
    total = addSummaries(total, await activities.ingestFile({ path: file, duplicates: input.duplicates }));
  }
  bar.update(files.length, files.length, 'done');
  return total;
}
