import assert from 'node:assert/strict';
import { ForecastInputError } from '../../src/forecast';
import { planFor, readTrainingSeries, type Modelling } from '../../src/modelling';
import type { TimedValue } from '../../src/modelling/gap-bridge';
import type { SeriesId } from '../../src/shared';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);
const plan = planFor('1h', 6);
const SERIES = 8 as SeriesId;

/** Hourly rows at the given hour offsets from T0. */
const hours = (from: number, to: number): TimedValue[] =>
  Array.from({ length: to - from }, (_, i) => ({ t: T0 + (from + i) * HOUR, value: 10 + ((from + i) % 24) }));

/** A `Modelling` whose store holds `rows` and answers only `readObservations`. */
function modellingOver(rows: readonly TimedValue[]): Modelling {
  const readObservations = (_id: SeriesId, w: { from: number; to: number }) =>
    Promise.resolve(rows.filter((r) => r.t >= w.from && r.t < w.to));
  return { store: { readObservations } as unknown as Modelling['store'], heartbeat: () => Promise.resolve() };
}

const window = { from: T0, to: T0 + 14 * 24 * HOUR };

describe('modelling/readTrainingSeries: the stretch a model trains on', () => {
  it('trains on the newest stretch when it is long enough, short gaps bridged', async () => {
    const rows = [...hours(0, 100), ...hours(110, 200), ...hours(202, 330)]; // 10 h outage, then 1 h
    const s = await readTrainingSeries(modellingOver(rows), SERIES, window, plan);
    assert.equal(s.start, T0 + 110 * HOUR);
    assert.equal(s.values.length, 220);
  });

  it('falls back to the stretch before a recent long outage when the one after it is too short', async () => {
    // 250 hours, a 12-hour outage, then 77 hours: fewer than the 96 training needs.
    const rows = [...hours(0, 250), ...hours(262, 339)];
    const s = await readTrainingSeries(modellingOver(rows), SERIES, window, plan);
    assert.equal(s.start, T0);
    assert.equal(s.values.length, 250);
    assert.equal(s.values[249], rows[249]!.value);
  });

  it('refuses, naming the newest stretch, when no stretch is long enough', async () => {
    const rows = [...hours(0, 50), ...hours(60, 120), ...hours(140, 217)];
    await assert.rejects(
      readTrainingSeries(modellingOver(rows), SERIES, window, plan),
      (e: unknown) =>
        e instanceof ForecastInputError &&
        /at least 96 1h points without a gap longer than 6 hours .*got 77 from 2026-01-10T20:00/.test(
          e.message,
        ),
    );
    await assert.rejects(readTrainingSeries(modellingOver([]), SERIES, window, plan), /got no observations/);
  });
});
