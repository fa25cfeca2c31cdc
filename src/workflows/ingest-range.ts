import { continueAsNew, defineQuery, setHandler, workflowInfo } from '@temporalio/workflow';
import { addSummaries, assertNever, EMPTY_SUMMARY, type IngestSummary, type TimeRange } from '../shared';
import { proxyActivity } from './activity-proxy';

/** One unit of work: a file, or a time window of CloudWatch, Prometheus or the demo's replay source. */
export type IngestChunk =
  | { readonly type: 'file'; readonly path: string; readonly duplicates?: 'reject' | 'keep-last' }
  | { readonly type: 'cloudwatch'; readonly range: TimeRange; readonly instanceIds?: readonly string[] }
  | { readonly type: 'prometheus'; readonly range: TimeRange }
  | { readonly type: 'replay'; readonly range: TimeRange };

/** Carried across continue-as-new; callers leave it out. */
interface Resumable {
  readonly resume?: IngestProgress & { readonly chunks: readonly IngestChunk[] };
}

/** A file or folder of CSV / get-metric-data JSON files. */
export interface IngestFileRange extends Resumable {
  readonly source: 'file';
  readonly path: string;
  /** Repeated CSV timestamps are refused (default) or collapsed to the last row. */
  readonly duplicates?: 'reject' | 'keep-last';
}

/** A time range of a live source, split into `chunkMs` windows aligned to the hour (default a day). */
interface TimeWindows extends Resumable {
  readonly range: TimeRange;
  readonly chunkMs?: number;
}

export interface IngestCloudWatchRange extends TimeWindows {
  readonly source: 'cloudwatch';
  /** The instances to read; default every instance the catalog names. */
  readonly instanceIds?: readonly string[];
}

export interface IngestSourceRange extends TimeWindows {
  readonly source: 'prometheus' | 'replay';
}

/** What `ingestRangeWorkflow` ingests: a file source or a time range of a live one, by `source`. */
export type IngestRangeInput = IngestFileRange | IngestCloudWatchRange | IngestSourceRange;

export interface IngestProgress {
  readonly chunksDone: number;
  readonly chunksTotal: number;
  readonly current?: string;
  readonly summary: IngestSummary;
}

export const getIngestProgressQuery = defineQuery<IngestProgress>('getIngestProgress');

const HOUR_MS = 3_600_000;
/** Continue-as-new after this many chunks so the history stays far below Temporal's 50k events. */
const CHUNKS_PER_RUN = 500;

const listIngestFiles = proxyActivity('listIngestFiles');
// A dead worker is noticed within the heartbeat timeout and the chunk is retried elsewhere;
// chunks are upserts, so running one again is harmless.
const ingestFile = proxyActivity('ingestFile');
const ingestCloudWatchWindow = proxyActivity('ingestCloudWatchWindow');
const ingestPrometheusWindow = proxyActivity('ingestPrometheusWindow');
const ingestReplayWindow = proxyActivity('ingestReplayWindow');

/** Splits a range into hour-aligned windows so that every hourly aggregate is computed from one window. */
export function planWindows(range: TimeRange, chunkMs: number): TimeRange[] {
  const step = Math.max(HOUR_MS, Math.floor(chunkMs / HOUR_MS) * HOUR_MS);
  const windows: TimeRange[] = [];
  for (let from = Math.floor(range.from / HOUR_MS) * HOUR_MS; from < range.to; from += step) {
    windows.push({ from, to: Math.min(from + step, Math.ceil(range.to / HOUR_MS) * HOUR_MS) });
  }
  return windows;
}

function describe(chunk: IngestChunk): string {
  return chunk.type === 'file'
    ? chunk.path
    : `${new Date(chunk.range.from).toISOString()}..${new Date(chunk.range.to).toISOString()}`;
}

async function planChunks(input: IngestRangeInput): Promise<IngestChunk[]> {
  if (input.source === 'file') {
    if (!input.path) throw new Error('input.path is required for source file');
    return (await listIngestFiles({ path: input.path })).map((path) => ({
      type: 'file',
      path,
      duplicates: input.duplicates,
    }));
  }
  if (!input.range) throw new Error(`input.range is required for source ${input.source}`);
  const windows = planWindows(input.range, input.chunkMs ?? 24 * HOUR_MS);
  switch (input.source) {
    case 'replay':
      return windows.map((range) => ({ type: 'replay', range }));
    case 'prometheus':
      return windows.map((range) => ({ type: 'prometheus', range }));
    case 'cloudwatch':
      return windows.map((range) => ({ type: 'cloudwatch', range, instanceIds: input.instanceIds }));
    default:
      return assertNever(input);
  }
}

async function ingestChunk(chunk: IngestChunk): Promise<IngestSummary> {
  switch (chunk.type) {
    case 'file':
      return ingestFile({ path: chunk.path, duplicates: chunk.duplicates });
    case 'cloudwatch':
      return ingestCloudWatchWindow({ range: chunk.range, instanceIds: chunk.instanceIds });
    case 'prometheus':
      return ingestPrometheusWindow({ range: chunk.range });
    case 'replay':
      return ingestReplayWindow({ range: chunk.range });
    default:
      return assertNever(chunk);
  }
}

/**
 * Ingests a long range chunk by chunk, each chunk an activity that heartbeats. If the worker
 * dies, Temporal replays the finished chunks from history and retries the one in flight, so the
 * run resumes where it stopped. Progress is readable at any time through `getIngestProgressQuery`.
 */
export async function ingestRangeWorkflow(input: IngestRangeInput): Promise<IngestProgress> {
  const chunks = input.resume?.chunks ?? (await planChunks(input));
  let progress: IngestProgress = input.resume ?? {
    chunksDone: 0,
    chunksTotal: chunks.length,
    summary: EMPTY_SUMMARY,
  };
  setHandler(getIngestProgressQuery, () => progress);

  for (let i = progress.chunksDone, inThisRun = 0; i < chunks.length; i++, inThisRun++) {
    const chunk = chunks[i];
    if (!chunk) break;
    if (inThisRun >= CHUNKS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof ingestRangeWorkflow>({ ...input, resume: { ...progress, chunks } });
    }
    progress = { ...progress, current: describe(chunk) };
    const summary = await ingestChunk(chunk);
    progress = {
      ...progress,
      chunksDone: i + 1,
      summary: addSummaries(progress.summary, summary),
      current: undefined,
    };
  }
  return progress;
}
