/**
 * worker.log as a person reads it: one line per entry (time, level, message, what it is about),
 * without the SDK's multi-line metadata objects, and the workflow bundler's webpack report at debug
 * level (it says nothing an operator acts on). Workflows log their own one-line summaries (a cycle,
 * a retrain decision); this only decides how every entry is printed.
 */
import {
  DefaultLogger,
  type LogEntry,
  type LogLevel,
  type Logger,
  type LogMetadata,
} from '@temporalio/worker';

/** Metadata every SDK entry carries that says nothing a reader of the log needs. */
const CONTEXT_NOISE = new Set([
  'sdkComponent',
  'taskQueue',
  'namespace',
  'runId',
  'workflowRunId',
  'workflowType',
  'activityId',
  'isLocal',
  'workflowId',
  'activityType',
]);
/** Longest metadata value printed; a whole stack or history excerpt does not belong on the line. */
const MAX_VALUE = 300;

function show(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message.slice(0, MAX_VALUE));
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value.slice(0, MAX_VALUE)) : value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

/** What the entry is about: the workflow id, or the activity and its workflow. */
function subject(meta: LogMetadata): string {
  const workflowId = typeof meta.workflowId === 'string' ? meta.workflowId : undefined;
  if (typeof meta.activityType === 'string')
    return ` [activity ${meta.activityType}${workflowId ? ` of ${workflowId}` : ''}]`;
  return workflowId ? ` [${workflowId}]` : '';
}

/** `2026-12-04T16:05:12.345Z INFO  forecast cycle 2026-12-04T16:00Z: … [forecast-cycle-…]`. */
export function formatLogEntry(entry: LogEntry): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const meta = entry.meta ?? {};
  const extra = Object.entries(meta)
    .filter(([key, value]) => !CONTEXT_NOISE.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${show(value)}`);
  const message = entry.message.replace(/\s*\n\s*/g, ' ').trim();
  return `${time} ${entry.level.padEnd(5)} ${[message, ...extra].join(' ')}${subject(meta)}`;
}

/**
 * SDK entries an operator does not act on, printed at debug level only: each worker's state steps
 * between running and stopped, and the Nexus and workflow pollers it does not start.
 */
const ROUTINE = [
  /^Worker state changed$/,
  /^No Nexus services registered/,
  /^No workflows registered, not polling/,
];
const RANK: Readonly<Record<LogLevel, number>> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/** Where an entry really belongs: routine SDK chatter goes down to debug. */
function effectiveLevel(entry: LogEntry): LogLevel {
  const routine = ROUTINE.some((r) => r.test(entry.message));
  const keep = entry.meta?.state === 'RUNNING' || entry.meta?.state === 'STOPPED';
  return routine && !keep ? 'DEBUG' : entry.level;
}

/** The worker's logger: `level` and up, one line each, on stdout (worker.log). */
export function lineLogger(level: LogLevel): DefaultLogger {
  return new DefaultLogger('TRACE', (entry) => {
    const shown = effectiveLevel(entry);
    if (RANK[shown] >= RANK[level]) process.stdout.write(`${formatLogEntry({ ...entry, level: shown })}\n`);
  });
}

/** A logger that passes `info` down to `debug`: for the bundler, whose only info is webpack's report. */
export function infoAsDebug(base: Logger): Logger {
  return {
    log(level, message, meta) {
      base.log(level === 'INFO' ? 'DEBUG' : level, message, meta);
    },
    trace(message, meta) {
      base.trace(message, meta);
    },
    debug(message, meta) {
      base.debug(message, meta);
    },
    info(message, meta) {
      base.debug(message, meta);
    },
    warn(message, meta) {
      base.warn(message, meta);
    },
    error(message, meta) {
      base.error(message, meta);
    },
  };
}
