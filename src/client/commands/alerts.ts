import { isoMinute, parseLimitSpec, asAlertLimitId, type AlertLimit, type LimitSpec } from '../../alerts';
import type { Config } from '../../config';
import { createDb, deleteLimit, listAlerts, listLimits, upsertLimit, type Alert, type Db } from '../../db';
import { asSeriesId } from '../../shared';
import { CliArgumentError, parseChoice } from '../args';

/** Flags of `metricast alerts limits set`. */
export interface LimitSetOptions {
  readonly series?: string;
  readonly metric?: string;
  readonly above?: string;
  readonly below?: string;
  readonly basis?: string;
  /** commander's `--no-actuals`: false when given. */
  readonly actuals?: boolean;
  readonly cooldownMinutes?: string;
  readonly disable?: boolean;
}

/** Flags of `metricast alerts list`. */
export interface AlertListOptions {
  readonly series?: string;
  readonly state?: string;
  readonly limit?: string;
}

function numberFlag(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliArgumentError(flag, value, 'a number');
  return n;
}

function idFlag(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new CliArgumentError(flag, value, 'a positive integer id');
  return Number(value);
}

/** Validates the flags of `limits set` into a limit (the same checks as the HTTP API's). */
export function toLimitSpec(options: LimitSetOptions): LimitSpec {
  if ((options.above === undefined) === (options.below === undefined))
    throw new CliArgumentError('--above', options.above, 'given, or --below instead (exactly one)');
  if ((options.series === undefined) === (options.metric === undefined))
    throw new CliArgumentError('--series', options.series, 'given, or --metric instead (exactly one)');
  const threshold = options.above ?? options.below ?? '';
  return parseLimitSpec({
    ...(options.series === undefined ? {} : { seriesId: idFlag('--series', options.series) }),
    ...(options.metric === undefined ? {} : { metricPattern: options.metric }),
    threshold: numberFlag(options.above === undefined ? '--below' : '--above', threshold),
    direction: options.above === undefined ? 'below' : 'above',
    ...(options.basis === undefined ? {} : { basis: options.basis }),
    alsoActuals: options.actuals ?? true,
    ...(options.cooldownMinutes === undefined
      ? {}
      : { cooldownMinutes: numberFlag('--cooldown-minutes', options.cooldownMinutes) }),
    enabled: !options.disable,
  });
}

async function withDb<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(config.db, { connectionLimit: 1 });
  try {
    return await work(db);
  } finally {
    await db.pool.end();
  }
}

/** `metricast alerts limits set`: creates the limit or updates the one with the same scope, direction and basis. */
export function limitSetCommand(options: LimitSetOptions, config: Config): Promise<AlertLimit> {
  const spec = toLimitSpec(options);
  return withDb(config, (db) => upsertLimit(db, spec));
}

export function limitListCommand(config: Config): Promise<AlertLimit[]> {
  return withDb(config, (db) => listLimits(db));
}

/** `metricast alerts limits delete <id>`: false when there was no such limit. */
export function limitDeleteCommand(id: string, config: Config): Promise<boolean> {
  const limitId = asAlertLimitId(idFlag('<id>', id));
  return withDb(config, (db) => deleteLimit(db, limitId));
}

export function alertListCommand(options: AlertListOptions, config: Config): Promise<Alert[]> {
  const filter = {
    ...(options.series === undefined ? {} : { seriesId: asSeriesId(idFlag('--series', options.series)) }),
    ...(options.state === undefined
      ? {}
      : { state: parseChoice('--state', options.state, ['open', 'resolved']) }),
    limit: options.limit === undefined ? 50 : idFlag('--limit', options.limit),
  };
  return withDb(config, (db) => listAlerts(db, filter));
}

/** Limits as a person reads them, one a line. */
export function formatLimits(limits: readonly AlertLimit[]): string {
  if (limits.length === 0) return 'no alert limits';
  return limits
    .map((l) => {
      const scope = l.seriesId !== null ? `series ${l.seriesId}` : `metric ${l.metricPattern}`;
      const flags = [l.alsoActuals ? 'actuals' : 'forecast only', `cooldown ${l.cooldownMinutes} min`];
      if (!l.enabled) flags.push('DISABLED');
      return `#${l.id}  ${scope}  ${l.basis} ${l.direction} ${l.threshold}  (${flags.join(', ')})`;
    })
    .join('\n');
}

/** Alerts as a person reads them, newest first. */
export function formatAlerts(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'no alerts';
  return alerts
    .map((a) => {
      const state = a.state === 'open' ? 'OPEN    ' : 'resolved';
      return `#${a.id} ${state} ${isoMinute(a.openedAt)}  ${a.message}`;
    })
    .join('\n');
}
