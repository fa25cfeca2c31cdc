// bench:cycle-mix — which champion kinds the default retrain picks on the bundled data: every
// hourly source of --data is stored as one series and trained as a first retrain does (the
// default kinds, 14 days ending at its newest hour, champion-if-better), and what it serves is
// printed as `--models` names it (a kind, or `ensemble:a+b` for a served combination). bench:cycle
// seeds its champions in the proportions this prints (`SERVED_MIX` in cycle-models.ts).
import path from 'node:path';
import { naturalKeyOf, upsertObservations, upsertSeries, createModelStore } from '../src/db';
import { initBackend } from '../src/forecast';
import { trainSeries } from '../src/modelling';
import type { SeriesId } from '../src/shared';
import { DEFAULT_RETRAIN_KINDS, DEFAULT_TRAINING_DAYS } from '../src/workflows';
import { createTestDb } from '../test/support/test-db';
import { HOUR_MS, loadHourlySources, type HourlySource } from './cycle-data';
import { parseServedModel } from './cycle-models';
import { HORIZON } from './cycle-seed';
import { DEFAULT_DATA, flag, printHeader, result } from './support/header';

const DAY_MS = 24 * HOUR_MS;

function identity(source: HourlySource) {
  const dims = { File: source.name };
  return {
    ...{ source: 'bench', namespace: 'Bench/Mix', metric: 'value', dimensions: dims, host: '' },
    ...{ site: '', unit: '', granularity: '1h' as const },
  };
}

/** The served model as `--models` names it: a single kind, or `ensemble:a+b` for a combination. */
function servedLabel(kind: string, members: readonly string[]): string {
  return parseServedModel(kind === 'ensemble' ? `ensemble:${members.join('+')}` : kind).label;
}

async function main(): Promise<void> {
  const dataDir = path.resolve(flag('data', DEFAULT_DATA));
  const { sources } = loadHourlySources(dataDir);
  const backend = await initBackend({ logger: { info: () => undefined } });
  printHeader('bench:cycle-mix', {
    data: `${dataDir} (${sources.length} hourly sources)`,
    training: `kinds ${DEFAULT_RETRAIN_KINDS['1h'].join(', ')}; ${DEFAULT_TRAINING_DAYS} days; horizon ${HORIZON}; tfjs ${backend.name}`,
  });
  const db = await createTestDb('benchmix');
  const m = { store: createModelStore(db), heartbeat: () => Promise.resolve() };
  const counts = new Map<string, number>();
  try {
    for (const source of sources) {
      const byKey = await upsertSeries(db, [identity(source)]);
      const seriesId = byKey.get(naturalKeyOf(identity(source))) as SeriesId;
      const rows = source.values.map((value, h) => ({
        seriesId,
        t: source.start + h * HOUR_MS,
        value,
        count: 12,
      }));
      await upsertObservations(db, rows);
      const to = source.start + source.values.length * HOUR_MS;
      const summary = await trainSeries(m, {
        ...{ seriesId, granularity: '1h', horizon: HORIZON, kinds: DEFAULT_RETRAIN_KINDS['1h'] },
        window: { from: to - DEFAULT_TRAINING_DAYS * DAY_MS, to },
        runIdPrefix: `bench-mix/${source.name}`,
        promote: 'champion-if-better',
      });
      const kind = servedLabel(summary.selected.kind, summary.serving?.members ?? []);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const mase = summary.selected.validationMase.toFixed(3);
      console.log(`${source.name.padEnd(40)} ${kind.padEnd(32)} validation MASE ${mase}`);
    }
  } finally {
    await db.drop();
  }
  console.log('');
  for (const [kind, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    console.log(`${kind.padEnd(32)} ${n}/${sources.length}`);
    result(`cycle_mix.${kind.replace(':', '.')}.share`, n / sources.length);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
