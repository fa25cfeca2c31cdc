import { z } from 'zod';
import { NODE_EXPORTER_FAMILIES } from './prometheus-queries';

/** What the settings table and the environment loader know about one leaf setting. */
export interface SettingMeta {
  /** Environment variable that overrides the config file. */
  readonly env: string;
  readonly description: string;
  /** Secrets are read only from the environment and never printed. */
  readonly secret?: boolean;
}

const metaBySchema = new Map<z.ZodType, SettingMeta>();

/** Declares a leaf setting: its schema (with default), environment variable and meaning. */
function setting<T extends z.ZodType>(schema: T, env: string, description: string, secret = false): T {
  metaBySchema.set(schema, { env, description, secret });
  return schema;
}

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const fraction = z.coerce.number().min(0).max(1);
const name = z.string().min(1);
/** Lists arrive as JSON arrays from the file and as comma-separated text from the environment. */
const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(name),
);
/** A fresh schema per setting: settings are told apart by their schema object. */
const optionalUrl = () => z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());
/** Objects arrive as JSON text from the environment; text that is not JSON is left for the schema to refuse. */
const jsonText = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
};
/** A metric family: one PromQL query as shorthand, or its queries with the unit of what they return. */
const promFamily = z.union(
  [
    z
      .string()
      .trim()
      .min(1)
      .transform((query) => ({ queries: [query], unit: '' })),
    z.strictObject({ queries: z.array(z.string().trim().min(1)).min(1), unit: z.string().default('') }),
  ],
  { error: 'must be a PromQL query, or {"queries": [one or more PromQL queries], "unit": "..."}' },
);
const FAMILY_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const promFamilies = z.preprocess(
  jsonText,
  z
    .record(z.string(), promFamily, { error: 'must be a JSON object of metric family -> PromQL query' })
    .superRefine((families, ctx) => {
      for (const name of Object.keys(families).filter((n) => !FAMILY_NAME.test(n)))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is not a metric name: use a letter or _ first, then letters, digits and _',
        });
    }),
);

/** The whole configuration. The TypeScript type `Config` is derived from it. */
export const configSchema = z.strictObject({
  temporal: z
    .strictObject({
      address: setting(
        name.default('127.0.0.1:7233'),
        'METRICAST_TEMPORAL_ADDRESS',
        'Temporal frontend gRPC address (host:port).',
      ),
      namespace: setting(name.default('default'), 'METRICAST_TEMPORAL_NAMESPACE', 'Temporal namespace.'),
      uiUrl: setting(
        z.url().default('http://127.0.0.1:8233'),
        'METRICAST_TEMPORAL_UI_URL',
        'Temporal Web UI, for links the CLI prints.',
      ),
      ioTaskQueue: setting(
        name.default('metricast-io'),
        'METRICAST_IO_TASK_QUEUE',
        'Task queue of I/O activities and workflows.',
      ),
      mlTaskQueue: setting(
        name.default('metricast-ml'),
        'METRICAST_ML_TASK_QUEUE',
        'Task queue of training and inference.',
      ),
    })
    .prefault({}),
  worker: z
    .strictObject({
      ioConcurrency: setting(
        positiveInt.default(16),
        'METRICAST_WORKER_IO_CONCURRENCY',
        'Concurrent I/O activities per worker.',
      ),
      mlConcurrency: setting(
        positiveInt.default(2),
        'METRICAST_WORKER_ML_CONCURRENCY',
        'Concurrent ML activities per worker (about the number of cores).',
      ),
      queues: setting(
        list.pipe(z.array(z.enum(['io', 'ml'])).min(1)).default(['io', 'ml']),
        'METRICAST_WORKER_QUEUES',
        'Task queues this worker process serves: io, ml or both (scale ML out on more machines).',
      ),
      prometheusAddress: setting(
        z.string().default('127.0.0.1:9464'),
        'METRICAST_WORKER_PROMETHEUS',
        'Where the worker serves Temporal SDK metrics for Prometheus (host:port; empty turns it off).',
      ),
      championCacheModels: setting(
        z.coerce.number().int().min(0).default(10_000),
        'METRICAST_WORKER_CHAMPION_CACHE_MODELS',
        'Champion models an ML worker keeps loaded between cycles (0 loads each one every hour); an LSTM holds about 30 KB.',
      ),
      shutdownGraceSeconds: setting(
        positiveInt.default(30),
        'METRICAST_WORKER_SHUTDOWN_GRACE_SECONDS',
        'On SIGTERM, how long in-flight activities may finish before they are left to be retried elsewhere.',
      ),
    })
    .prefault({}),
  db: z
    .strictObject({
      host: setting(name.default('127.0.0.1'), 'METRICAST_DB_HOST', 'MariaDB host.'),
      port: setting(port.default(3306), 'METRICAST_DB_PORT', 'MariaDB port.'),
      user: setting(name.default('metricast'), 'METRICAST_DB_USER', 'MariaDB user.'),
      password: setting(
        z.string().default(''),
        'METRICAST_DB_PASSWORD',
        'MariaDB password. infra/up.sh generates one into ~/.config/metricast/dev.env.',
        true,
      ),
      database: setting(
        z
          .string()
          .regex(/^[A-Za-z0-9_]{1,64}$/)
          .default('metricast'),
        'METRICAST_DB_DATABASE',
        'MariaDB database: letters, digits, underscore.',
      ),
      connectionLimit: setting(
        positiveInt.default(10),
        'METRICAST_DB_CONNECTION_LIMIT',
        'Connections in the pool.',
      ),
    })
    .prefault({}),
  aws: z
    .strictObject({
      region: setting(
        name.default('us-east-1'),
        'AWS_REGION',
        'AWS region; credentials come from the standard AWS chain.',
      ),
      endpoint: setting(
        optionalUrl(),
        'METRICAST_AWS_ENDPOINT',
        'CloudWatch endpoint override (tests point it at moto).',
      ),
    })
    .prefault({}),
  cloudwatch: z
    .strictObject({
      ec2Namespace: setting(
        name.default('AWS/EC2'),
        'METRICAST_CW_EC2_NAMESPACE',
        'Namespace of the EC2 metrics.',
      ),
      ec2Metrics: setting(
        list.default(['CPUUtilization', 'NetworkIn', 'NetworkOut']),
        'METRICAST_CW_EC2_METRICS',
        'EC2 metrics to ingest (comma-separated in the environment).',
      ),
      memoryNamespace: setting(
        name.default('CWAgent'),
        'METRICAST_CW_MEMORY_NAMESPACE',
        'Namespace the CloudWatch agent pushes memory into.',
      ),
      memoryMetric: setting(
        name.default('mem_used_percent'),
        'METRICAST_CW_MEMORY_METRIC',
        'Memory metric pushed by the CloudWatch agent.',
      ),
      instanceIds: setting(
        list.default([]),
        'METRICAST_CW_INSTANCE_IDS',
        'EC2 instance ids to ingest; empty: discover them with ListMetrics.',
      ),
      periodSeconds: setting(
        positiveInt.default(300),
        'METRICAST_CW_PERIOD_SECONDS',
        'GetMetricData period in seconds.',
      ),
      maxQueriesPerCall: setting(
        positiveInt.max(500).default(500),
        'METRICAST_CW_MAX_QUERIES',
        'Metric queries per GetMetricData call (API limit 500).',
      ),
      maxDatapointsPerCall: setting(
        positiveInt.max(100800).default(100800),
        'METRICAST_CW_MAX_DATAPOINTS',
        'Datapoints per call; time windows are split to stay under it (API limit 100,800).',
      ),
      maxAttempts: setting(
        positiveInt.default(8),
        'METRICAST_CW_MAX_ATTEMPTS',
        'Attempts per call when throttled, with exponential backoff and jitter.',
      ),
    })
    .prefault({}),
  prometheus: z
    .strictObject({
      url: setting(
        optionalUrl(),
        'METRICAST_PROMETHEUS_URL',
        'Prometheus server to ingest from (http://host:9090, a path prefix allowed); empty: the Prometheus source is off.',
      ),
      queries: setting(
        promFamilies.default(NODE_EXPORTER_FAMILIES as Record<string, { queries: string[]; unit: string }>),
        'METRICAST_PROMETHEUS_QUERIES',
        'Metric families to ingest: name -> PromQL query, or {queries, unit} (JSON in the environment). Default: node_exporter CPU and memory used %, network receive/transmit bytes/s per instance.',
      ),
      labels: setting(
        list.default(['job', 'site']),
        'METRICAST_PROMETHEUS_LABELS',
        'Result labels kept as series dimensions besides instance (which becomes the host); results differing only in other labels collide.',
      ),
      timeoutSeconds: setting(
        positiveInt.max(600).default(30),
        'METRICAST_PROMETHEUS_TIMEOUT_SECONDS',
        'Time limit of one query_range request, also sent to Prometheus as its evaluation timeout.',
      ),
      maxAttempts: setting(
        positiveInt.max(20).default(5),
        'METRICAST_PROMETHEUS_MAX_ATTEMPTS',
        'Attempts per request when Prometheus is unreachable, times out or answers 429/5xx, with exponential backoff and jitter.',
      ),
      maxPointsPerQuery: setting(
        positiveInt.max(11000).default(10000),
        'METRICAST_PROMETHEUS_MAX_POINTS',
        'Points per series per query_range request; longer ranges are split (Prometheus refuses more than 11,000).',
      ),
      username: setting(
        z.string().default(''),
        'METRICAST_PROMETHEUS_USERNAME',
        'Basic-auth user for Prometheus (with METRICAST_PROMETHEUS_PASSWORD); empty: no basic auth.',
        true,
      ),
      password: setting(
        z.string().default(''),
        'METRICAST_PROMETHEUS_PASSWORD',
        'Basic-auth password for Prometheus.',
        true,
      ),
      bearerToken: setting(
        z.string().default(''),
        'METRICAST_PROMETHEUS_BEARER_TOKEN',
        'Bearer token for Prometheus (instead of basic auth).',
        true,
      ),
    })
    .superRefine((p, ctx) => {
      if (p.url && /^[a-z]+:\/\/[^/]*@/i.test(p.url))
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message:
            'must not carry credentials: set METRICAST_PROMETHEUS_USERNAME/PASSWORD or METRICAST_PROMETHEUS_BEARER_TOKEN',
        });
      if (p.bearerToken && (p.username || p.password))
        ctx.addIssue({
          code: 'custom',
          path: ['bearerToken'],
          message: 'must not be set together with basic auth (METRICAST_PROMETHEUS_USERNAME/PASSWORD)',
        });
      else if (Boolean(p.username) !== Boolean(p.password))
        ctx.addIssue({
          code: 'custom',
          path: [p.username ? 'password' : 'username'],
          message:
            'must be set too: basic auth needs both METRICAST_PROMETHEUS_USERNAME and METRICAST_PROMETHEUS_PASSWORD',
        });
    })
    .prefault({}),
  ingest: z
    .strictObject({
      maxGapMinutes: setting(
        z.coerce.number().int().min(0).default(30),
        'METRICAST_INGEST_MAX_GAP_MINUTES',
        'Longest gap filled by interpolation; longer gaps stay missing and are reported.',
      ),
      minCoverage: setting(
        fraction.default(0.8),
        'METRICAST_INGEST_MIN_COVERAGE',
        'Series with a smaller share of expected points are dropped as sparse.',
      ),
      dropPatterns: setting(
        list.default(['error', 'packet']),
        'METRICAST_INGEST_DROP_PATTERNS',
        'Case-insensitive patterns; series whose metric name matches one are dropped.',
      ),
      hostDomainSuffixes: setting(
        list.default([]),
        'METRICAST_INGEST_HOST_SUFFIXES',
        'Domain suffixes trimmed from host names; empty: trim everything after the first dot.',
      ),
      chunkHours: setting(
        positiveInt.default(24),
        'METRICAST_INGEST_CHUNK_HOURS',
        'Hours per chunk when a long range runs as a workflow.',
      ),
      workflowThresholdHours: setting(
        positiveInt.default(6),
        'METRICAST_INGEST_WORKFLOW_THRESHOLD_HOURS',
        'Ranges longer than this many hours run as a durable Temporal workflow.',
      ),
    })
    .prefault({}),
  paths: z
    .strictObject({
      stateDir: setting(
        name.default('state'),
        'METRICAST_STATE_DIR',
        'Where services keep state and logs (relative to the repo).',
      ),
      dataDir: setting(
        name.default('data/nab/realAWSCloudwatch'),
        'METRICAST_DATA_DIR',
        'Folder of bundled CSV series the demo ingests.',
      ),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: setting(
        z.enum(['debug', 'info', 'warn', 'error']).default('info'),
        'METRICAST_LOG_LEVEL',
        'Log level.',
      ),
    })
    .prefault({}),
  api: z
    .strictObject({
      host: setting(
        name.default('127.0.0.1'),
        'METRICAST_API_HOST',
        'Address the HTTP API and dashboard listen on (0.0.0.0 to serve other machines).',
      ),
      port: setting(port.default(8080), 'METRICAST_API_PORT', 'Port of the HTTP API and dashboard.'),
      bodyLimitBytes: setting(
        positiveInt.default(5 * 1024 * 1024),
        'METRICAST_API_BODY_LIMIT_BYTES',
        'Largest request body accepted; larger ones get 413.',
      ),
      rateLimitPerMinute: setting(
        positiveInt.default(600),
        'METRICAST_API_RATE_LIMIT_PER_MINUTE',
        'Requests per minute per valid token (per client address for requests without a valid one); more get 429.',
      ),
      cookieSecure: setting(
        z
          .preprocess((v) => (typeof v === 'string' ? v === 'true' || v === '1' : v), z.boolean())
          .default(false),
        'METRICAST_API_COOKIE_SECURE',
        'Mark the login cookie Secure (set it when the API is served over HTTPS).',
      ),
      predictionsCacheSeconds: setting(
        z.coerce.number().int().min(0).max(3600).default(5),
        'METRICAST_API_PREDICTIONS_CACHE_SECONDS',
        'How long an answer of the latest-forecasts route is reused (forecasts change once an hour); 0 turns the cache off.',
      ),
    })
    .prefault({}),
  exposition: z
    .strictObject({
      listen: setting(
        z
          .string()
          .regex(/^(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/, {
            error:
              'must be a loopback host:port (127.0.0.1:9465, localhost:9465 or [::1]:9465): it serves without a token',
          })
          .or(z.literal(''))
          .default(''),
        'METRICAST_EXPOSITION_LISTEN',
        "A separate listener serving /metrics without a token, loopback only (e.g. 127.0.0.1:9465); empty: off. The API's /metrics with a read token always works.",
      ),
      maxSeries: setting(
        positiveInt.max(100_000).default(1000),
        'METRICAST_EXPOSITION_MAX_SERIES',
        'Series exposed to Prometheus (the first by id); bounds the scrape at about 6 x horizon + 40 samples per series.',
      ),
    })
    .prefault({}),
  retention: z
    .strictObject({
      observationsDays: setting(
        positiveInt.default(90),
        'METRICAST_RETENTION_OBSERVATIONS_DAYS',
        'Days of observations kept; partitions wholly older are dropped by the daily retention run.',
      ),
      forecastsDays: setting(
        positiveInt.default(35),
        'METRICAST_RETENTION_FORECASTS_DAYS',
        'Days of forecast records (by target time) kept; covers the 7-day accuracy window with room.',
      ),
      partitionDays: setting(
        positiveInt.max(31).default(7),
        'METRICAST_RETENTION_PARTITION_DAYS',
        'Days per time partition: 7 (weeks from Monday) keeps partitions few for reads; 1 drops to the day.',
      ),
      partitionsAhead: setting(
        z.coerce.number().int().min(0).max(366).default(2),
        'METRICAST_RETENTION_PARTITIONS_AHEAD',
        'Partitions kept ready after the current one, so a missed retention run never leaves writes in pmax.',
      ),
    })
    .prefault({}),
  smtp: z
    .strictObject({
      host: setting(
        z.string().default(''),
        'METRICAST_SMTP_HOST',
        'SMTP server for alert e-mail; empty: alerts are stored but not mailed (they stay queued).',
      ),
      port: setting(port.default(587), 'METRICAST_SMTP_PORT', 'SMTP port (587 submission, 465 with secure).'),
      secure: setting(
        z
          .preprocess((v) => (typeof v === 'string' ? v === 'true' || v === '1' : v), z.boolean())
          .default(false),
        'METRICAST_SMTP_SECURE',
        'TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it.',
      ),
      user: setting(
        z.string().default(''),
        'METRICAST_SMTP_USER',
        'SMTP user; empty: no login. The password comes only from METRICAST_SMTP_PASSWORD.',
      ),
    })
    .prefault({}),
  alerts: z
    .strictObject({
      from: setting(
        name.default('metricast@localhost'),
        'METRICAST_ALERTS_FROM',
        'Sender of alert e-mail; its domain also ends every Message-ID.',
      ),
      to: setting(
        list.pipe(z.array(z.email())).default([]),
        'METRICAST_ALERTS_TO',
        'Recipients of alert e-mail (comma-separated in the environment); empty: nothing is mailed.',
      ),
      mailIntervalMinutes: setting(
        z.coerce.number().int().min(0).max(10080).default(0),
        'METRICAST_ALERTS_MAIL_INTERVAL_MINUTES',
        '0: mail each new or resolved alert at once; otherwise gather them into one digest per this many minutes.',
      ),
    })
    .prefault({}),
  anomalies: z
    .strictObject({
      lookbackHours: setting(
        z.coerce.number().int().min(0).max(744).default(24),
        'METRICAST_ANOMALIES_LOOKBACK_HOURS',
        'On its first cycle, a series reports the anomalies of its last this many hours (later cycles score only observations not yet scored); 0 turns the cycle step off.',
      ),
    })
    .prefault({}),
  demo: z
    .strictObject({
      replay: setting(
        z
          .preprocess((v) => (typeof v === 'string' ? v === 'true' || v === '1' : v), z.boolean())
          .default(false),
        'METRICAST_DEMO_REPLAY',
        'Demo mode: the hourly cycle also reads the replay source, the CSV files of paths.dataDir shifted by whole weeks to the present and released as their shifted times pass (started by metricast demo start). Production leaves it off.',
      ),
      holdBackHours: setting(
        z.coerce
          .number()
          .int()
          .min(1)
          .max(24 * 366)
          .default(72),
        'METRICAST_DEMO_HOLD_BACK_HOURS',
        'Demo mode: each recording ends at least this long after the demo starts; the replay then starts over with a fresh shift.',
      ),
      historyDays: setting(
        z.coerce.number().int().min(1).max(90).default(14),
        'METRICAST_DEMO_HISTORY_DAYS',
        'Demo mode: days of shifted history ingested at once when the demo starts.',
      ),
      backfillHours: setting(
        z.coerce.number().int().min(1).max(168).default(24),
        'METRICAST_DEMO_BACKFILL_HOURS',
        'Demo mode: hours before the start replayed as cycles by metricast demo backfill, so reconciled records and accuracy exist at once.',
      ),
    })
    .prefault({}),
  secrets: z
    .strictObject({
      apiToken: setting(z.string().default(''), 'METRICAST_API_TOKEN', 'Bearer token of the HTTP API.', true),
      smtpPassword: setting(
        z.string().default(''),
        'METRICAST_SMTP_PASSWORD',
        'SMTP password for alert e-mail.',
        true,
      ),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;

/** One leaf setting with its dotted path, for the loader and the README table. */
export interface SettingEntry extends SettingMeta {
  readonly path: string;
  readonly schema: z.ZodType;
}

/** Walks the schema and lists every leaf setting with its metadata. */
export function listSettings(): SettingEntry[] {
  const entries: SettingEntry[] = [];
  for (const [section, sectionSchema] of Object.entries(configSchema.shape)) {
    for (const [key, leaf] of Object.entries(sectionSchema.def.innerType.shape)) {
      const meta = metaBySchema.get(leaf as z.ZodType);
      if (!meta) throw new Error(`setting ${section}.${key} has no metadata`);
      entries.push({ path: `${section}.${key}`, schema: leaf as z.ZodType, ...meta });
    }
  }
  return entries;
}
