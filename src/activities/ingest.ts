import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db';
import {
  cleanSeries,
  decodeUtf8,
  inputError,
  parseCloudWatchJson,
  parseCsv,
  type CleanOptions,
  type CloudWatchSource,
  type PrometheusSource,
  type RawSeries,
} from '../ingest';
import type { IngestSummary, TimeRange } from '../shared';
import { atActivityEdge } from './errors';
import { heartbeat } from './heartbeat';
import { storeCleanedSeries } from './ingest-store';
import { summarise } from './ingest-summary';

export interface IngestDeps {
  readonly db: Db;
  /** Cleaning rules from the configuration (step, longest gap filled, coverage, drop patterns, host suffixes). */
  readonly cleaning: CleanOptions;
  readonly cloudwatch: CloudWatchSource;
  /** The Prometheus source; absent when `prometheus.url` is not set. */
  readonly prometheus?: PrometheusSource;
}

export interface ListIngestFilesInput {
  /** A file or a folder of `.csv` / `.json` files. */
  readonly path: string;
}

export interface IngestPrometheusInput {
  readonly range: TimeRange;
}

/** What to do with repeated timestamps in a CSV file: refuse the file, or keep the last row of each. */
export type DuplicatePolicy = 'reject' | 'keep-last';

export interface IngestFileInput {
  readonly path: string;
  /** Default `reject`. The bundled NAB files repeat 03:00 at a daylight-saving switch and need `keep-last`. */
  readonly duplicates?: DuplicatePolicy;
  /** Only points in this range are kept; all of them when absent. */
  readonly range?: TimeRange;
}

export interface IngestCloudWatchInput {
  readonly range: TimeRange;
  /** Instances to read; the configured or discovered ones when absent. */
  readonly instanceIds?: readonly string[];
}

const INGESTIBLE = /\.(csv|json)$/i;
const QUERIES = /\.queries\.json$/i;

/** Parses a get-metric-data dump, with the queries from `<name>.queries.json` beside it when present. */
async function readCloudWatchDump(file: string, text: string): Promise<RawSeries[]> {
  const queriesFile = file.replace(/\.json$/i, '.queries.json');
  // Passed as text so a broken queries file is a bad-input error naming it, not a retried SyntaxError.
  const queries = await readFile(queriesFile).then(
    (bytes) => decodeUtf8(bytes, queriesFile),
    () => undefined,
  );
  return parseCloudWatchJson(text, {
    file,
    queries,
    queriesFile: queries === undefined ? undefined : queriesFile,
  }).series;
}

/**
 * What `ingestFile` can read under a path, sorted. A missing path, or a single file that is not
 * `.csv` / `.json` (say `../../etc/passwd`), is bad input: it fails for good instead of being retried.
 */
async function listFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch((cause: unknown) => {
    throw inputError({ field: 'path', value: target, cause }, 'must be an existing file or folder');
  });
  const ingestible = info.isFile() && INGESTIBLE.test(target) && !QUERIES.test(target);
  if (ingestible) return [path.resolve(target)];
  if (!info.isDirectory())
    throw inputError({ field: 'path', value: target }, 'must be a .csv or .json file, or a folder of them');
  const names = await readdir(target);
  // `<name>.queries.json` holds the MetricDataQueries of `<name>.json`: read with it, not as a dump.
  return names
    .filter((n) => INGESTIBLE.test(n) && !QUERIES.test(n))
    .sort()
    .map((n) => path.resolve(target, n));
}

/** Builds the ingestion activities over narrow dependencies (tests pass real or fake ones). */
export function createIngestActivities(deps: IngestDeps) {
  async function cleanAndStore(raw: RawSeries[], range?: TimeRange): Promise<IngestSummary> {
    const { kept, dropped } = cleanSeries(raw, { ...deps.cleaning, range });
    await heartbeat({ stage: 'store', series: kept.length });
    const counts = await storeCleanedSeries(deps.db, kept);
    return summarise(counts, kept, dropped);
  }

  return {
    /** Lists what `ingestFile` can read under a path, sorted, so a workflow can plan its chunks. */
    async listIngestFiles(input: ListIngestFilesInput): Promise<string[]> {
      return atActivityEdge(() => listFiles(input.path));
    },

    /** Parses one CSV or CloudWatch JSON file, cleans it and upserts 5-minute and hourly rows. A bad file stores nothing. */
    async ingestFile(input: IngestFileInput): Promise<IngestSummary> {
      return atActivityEdge(async () => {
        const text = decodeUtf8(await readFile(input.path), input.path);
        const raw = /\.json$/i.test(input.path)
          ? await readCloudWatchDump(input.path, text)
          : [parseCsv(text, input.path, { duplicates: input.duplicates ?? 'reject' })];
        return cleanAndStore(raw, input.range);
      });
    },

    /** Reads one time window of CloudWatch (many instances per call), cleans it and upserts it. */
    async ingestCloudWatchWindow(input: IngestCloudWatchInput): Promise<IngestSummary> {
      return atActivityEdge(async () => {
        const fetched = await deps.cloudwatch.fetch({
          from: input.range.from,
          to: input.range.to,
          instanceIds: input.instanceIds,
          onProgress: (points: number) => void heartbeat({ stage: 'fetch', points }),
        });
        return cleanAndStore(fetched.series, input.range);
      });
    },

    /** Runs every configured PromQL query over one time window, cleans the series and upserts them. */
    async ingestPrometheusWindow(input: IngestPrometheusInput): Promise<IngestSummary> {
      return atActivityEdge(async () => {
        if (!deps.prometheus)
          throw inputError(
            { field: 'prometheus.url' },
            'must be set (METRICAST_PROMETHEUS_URL) to ingest from Prometheus',
          );
        const fetched = await deps.prometheus.fetch({
          ...input.range,
          onProgress: (points: number) => void heartbeat({ stage: 'fetch', points }),
        });
        return cleanAndStore(fetched.series, input.range);
      });
    },
  };
}

export type IngestActivities = ReturnType<typeof createIngestActivities>;
