import {
  naturalKeyOf,
  upsertSeries,
  type ForecastRole,
  type ForecastRow,
  type SeriesIdentity,
} from '../../../src/db';
import { asModelVersionId, type Granularity, type ModelVersionId, type SeriesId } from '../../../src/shared';
import type { TestDb } from '../../support/test-db';

export const HOUR = 3_600_000;
/** The nominal "now" of the forecast, reconcile, accuracy and dashboard tests. */
export const T0 = Date.UTC(2026, 10, 23, 10);
export const V1 = asModelVersionId(1);
export const V2 = asModelVersionId(2);

/** The one CloudWatch EC2 CPU series of the registry and runs tests. */
export const cpuIdentity: SeriesIdentity = {
  source: 'cloudwatch',
  namespace: 'AWS/EC2',
  metric: 'CPUUtilization',
  dimensions: { InstanceId: 'i-0abc' },
  host: 'i-0abc',
  site: 'us-east-1',
  unit: 'Percent',
  granularity: '1h',
};

/** A `test`-source CPU series on `host`; `instanceId` defaults to the host name. */
export function testIdentity(
  host: string,
  granularity: Granularity = '1h',
  instanceId = host,
): SeriesIdentity {
  return {
    source: 'test',
    namespace: 'AWS/EC2',
    metric: 'CPUUtilization',
    dimensions: { InstanceId: instanceId },
    host,
    site: '',
    unit: 'Percent',
    granularity,
  };
}

/** Stores `identity` (once) and returns its id. */
export async function seedSeries(db: TestDb, identity: SeriesIdentity): Promise<SeriesId> {
  return (await upsertSeries(db, [identity])).get(naturalKeyOf(identity))!;
}

/** Who issued a forecast record; `role` is left out (so the store's default applies) unless given. */
export interface IssuerOptions {
  readonly seriesId: SeriesId;
  readonly modelVersionId: ModelVersionId;
  readonly modelKind: string;
  readonly role?: ForecastRole;
  readonly issuedAt: number;
}

/** The half-widths of the 80 % and 95 % bands around each point. */
export interface BandOptions {
  readonly band80: number;
  readonly band95: number;
}

/** One record at `step` steps of `stepMs` after its issue, with symmetric bands around `point`. */
export function bandedRecord(
  issuer: IssuerOptions,
  step: number,
  point: number,
  { band80, band95 }: BandOptions,
  stepMs = HOUR,
): ForecastRow {
  const { seriesId, modelVersionId, modelKind, role, issuedAt } = issuer;
  return {
    seriesId,
    modelVersionId,
    modelKind,
    ...(role === undefined ? {} : { role }),
    issuedAt,
    targetAt: issuedAt + step * stepMs,
    horizonStep: step,
    point,
    lower80: point - band80,
    upper80: point + band80,
    lower95: point - band95,
    upper95: point + band95,
  };
}

/** One issued forecast: `steps` records whose point at step s (1..steps) is `base + s - 1`. */
export function bandedCycle(
  issuer: IssuerOptions,
  steps: number,
  base: number,
  bands: BandOptions,
  stepMs = HOUR,
): ForecastRow[] {
  return Array.from({ length: steps }, (_, i) => bandedRecord(issuer, i + 1, base + i, bands, stepMs));
}

/** Who issues a cycle of a given model version: its kind and, if not the store's default, its role. */
export type IssuerOf = (version: ModelVersionId) => Pick<IssuerOptions, 'modelKind' | 'role'>;

/** A forecast of `steps` hourly records (6 by default) whose points run from `base + shift` up by one. */
export type HourlyCycle = (
  seriesId: SeriesId,
  version: ModelVersionId,
  issuedAt: number,
  steps?: number,
  shift?: number,
) => ForecastRow[];

/** The `cycle` helper of a test file: hourly cycles issued as `issuerOf` says, with bands `bands`. */
export function hourlyCycles(issuerOf: IssuerOf, base: number, bands: BandOptions): HourlyCycle {
  return (seriesId, version, issuedAt, steps = 6, shift = 0) =>
    bandedCycle(
      { seriesId, modelVersionId: version, issuedAt, ...issuerOf(version) },
      steps,
      base + shift,
      bands,
    );
}
