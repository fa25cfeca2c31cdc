/**
 * Seeding for the soak benchmark, on top of the cycle benchmark's: champions of several kinds (tfjs
 * LSTM and dense networks among them, so every cycle really builds, runs and frees tensors), and
 * observations extended ahead of the nominal hour as the soak moves through hours past the grid.
 */
import { upsertObservations, type Db, type ObservationRow } from '../src/db';
import { createForecaster, type ModelArtifact } from '../src/forecast';
import { modelHorizon, type SeriesId } from '../src/shared';
import { HISTORY_HOURS, HOUR_MS, makeClone } from './cycle-data';
import { HORIZON, seedChampions, type Rate, type SeedOptions } from './cycle-seed';

/** Champion kinds the soak can rotate through. */
export const SOAK_KINDS = ['lstm', 'dense', 'tcn', 'seasonal-naive'] as const;
export type SoakKind = (typeof SOAK_KINDS)[number];

/**
 * Few epochs: the soak measures serving, not accuracy, and a fit should take seconds. The LSTM and TCN
 * keep their default widths so inference costs what it would in production.
 */
const FIT_HYPERPARAMETERS: Record<SoakKind, Record<string, number>> = {
  lstm: { epochs: 3 },
  dense: { epochs: 5 },
  tcn: { epochs: 3 },
  'seasonal-naive': {},
};

/** One artifact per kind, fitted on clone 0's history with a fixed seed; returns fit seconds too. */
export async function kindArtifacts(
  options: SeedOptions,
  kinds: readonly SoakKind[],
): Promise<Map<SoakKind, { artifact: ModelArtifact; seconds: number }>> {
  const clone = makeClone(options.sources, 0, options.seed);
  const history = {
    start: options.gridStart,
    stepMs: HOUR_MS,
    values: [...clone.values.slice(0, HISTORY_HOURS)],
  };
  const artifacts = new Map<SoakKind, { artifact: ModelArtifact; seconds: number }>();
  for (const kind of kinds) {
    const start = performance.now();
    const model = createForecaster(kind);
    try {
      const hyperparameters = FIT_HYPERPARAMETERS[kind];
      await model.fit(history, {
        horizon: modelHorizon(HORIZON),
        seasonPeriod: 24,
        seed: options.seed,
        hyperparameters,
      });
      artifacts.set(kind, { artifact: await model.serialize(), seconds: (performance.now() - start) / 1000 });
    } finally {
      model.dispose();
    }
  }
  return artifacts;
}

/** Registers series `k`'s champion as kind `kinds[k mod kinds.length]`; returns the count per kind. */
export async function seedMixedChampions(
  db: Db,
  ids: readonly SeriesId[],
  artifacts: ReadonlyMap<SoakKind, { artifact: ModelArtifact }>,
  kinds: readonly SoakKind[],
): Promise<{ perKind: Map<SoakKind, number>; rate: Rate }> {
  const start = performance.now();
  const perKind = new Map<SoakKind, number>();
  for (const [k, kind] of kinds.entries()) {
    const own = ids.filter((_, i) => i % kinds.length === k);
    const entry = artifacts.get(kind);
    if (!entry) throw new Error(`no artifact fitted for kind ${kind}`);
    await seedChampions(db, own, () => entry.artifact);
    perKind.set(kind, own.length);
  }
  return { perKind, rate: { n: ids.length, seconds: (performance.now() - start) / 1000 } };
}

/**
 * Writes hours [fromHour, toHour) of the grid (hour 0 = `gridStart`) for every clone, as ingestion
 * would have: clone `k` is `ids[k]`, and its values continue the seeded ones.
 */
export async function extendObservations(
  db: Db,
  ids: readonly SeriesId[],
  options: SeedOptions,
  hours: { readonly fromHour: number; readonly toHour: number },
): Promise<number> {
  let written = 0;
  const perRound = Math.max(1, Math.floor(100_000 / Math.max(1, hours.toHour - hours.fromHour)));
  for (let first = 0; first < ids.length; first += perRound) {
    const rows: ObservationRow[] = [];
    for (let k = first; k < Math.min(ids.length, first + perRound); k++) {
      const clone = makeClone(options.sources, k, options.seed, hours.toHour);
      for (let h = hours.fromHour; h < hours.toHour; h++)
        rows.push({
          seriesId: ids[k] as SeriesId,
          t: options.gridStart + h * HOUR_MS,
          value: clone.values[h] ?? 0,
          count: 12,
        });
    }
    written += await upsertObservations(db, rows);
  }
  return written;
}
