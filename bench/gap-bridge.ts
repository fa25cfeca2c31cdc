/**
 * `npm run bench:gap-bridge`: what forecasting across an outage costs. At origins in the newest
 * third of each series, a gap of 1, 3 or 6 hours is cut out of the history, ending an hour before
 * the origin (an hour of points has come in since), and each model forecasts from:
 * - `full`: the history with nothing cut (the reference: what the gap took away is the ratio to it);
 * - `bridged`: production's rule (`src/modelling/gap-bridge.ts`: the day-ago value moved by the median
 *   day-over-day change of an hour of points at each edge);
 * - `edge`: the same with the change at the edge points alone (the rule first written);
 * - `linear`: a straight line between the gap's edges (what ingestion does within its fill limit);
 * - `restart`: only the points after the gap, as production read histories before; a model that
 *   refuses so short a history (seasonal naive wants a day, MSTL two) is scored as the last value.
 * MASE per series is the mean over origins and gaps of that length, scaled by the full history's
 * in-sample seasonal-naive error; the figure is the geometric mean over series, each floored at
 * 0.01, as `bench:accuracy`'s.
 *
 * Usage: npm run bench:gap-bridge -- [--data <dir>] [--origins 6]
 */
import {
  createForecaster,
  ForecastInputError,
  initBackend,
  mase,
  maseScale,
  type SeriesData,
  type SingleModelKind,
} from '../src/forecast';
import { bridgedHistory } from '../src/modelling/gap-bridge';
import { aggregate, loadFolder } from './accuracy-data';
import { evaluateOptions, hourlyFactor, planFor, type Granularity } from './accuracy-config';
import { maseOverSeries } from './accuracy-report';
import { resolveDataDir } from './accuracy-run';
import { flag, printHeader, result } from './support/header';

const HOUR_MS = 3_600_000;
const GAP_HOURS = [1, 3, 6] as const;
const MODELS: readonly SingleModelKind[] = ['seasonal-naive', 'ets', 'mstl'];
const VARIANTS = ['full', 'bridged', 'edge', 'linear', 'restart'] as const;
type Variant = (typeof VARIANTS)[number];
/** Days of history before each origin (at most half the file): the forecast's 14-day lookback hourly, 4 days at 5 minutes. */
const HISTORY_DAYS: Record<Granularity, number> = { hourly: 14, '5min': 4 };

/** `series`' points in [from, to) as the history a model would read, the slots of the gap cut out. */
function variantHistory(
  series: SeriesData,
  from: number,
  origin: number,
  gap: readonly [number, number],
  v: Variant,
) {
  const at = (i: number) => ({ t: series.start + i * series.stepMs, value: series.values[i] as number });
  const rows = Array.from({ length: origin - from }, (_, k) => at(from + k));
  if (v === 'full') return bridgedHistory(rows, series.stepMs) as SeriesData;
  const kept = rows.filter((_, k) => from + k < gap[0] || from + k >= gap[1]);
  if (v === 'bridged') return bridgedHistory(kept, series.stepMs) as SeriesData;
  if (v === 'edge') return bridgedHistory(kept, series.stepMs, undefined, 1) as SeriesData;
  if (v === 'restart') return bridgedHistory(kept, series.stepMs, 0) as SeriesData;
  return linear(kept, series.stepMs);
}

function linear(rows: readonly { t: number; value: number }[], stepMs: number): SeriesData {
  const start = (rows[0] as { t: number }).t;
  const values: number[] = [];
  rows.forEach((r, i) => {
    const previous = rows[i - 1];
    if (previous !== undefined)
      for (let t = previous.t + stepMs; t < r.t; t += stepMs)
        values.push(previous.value + ((r.value - previous.value) * (t - previous.t)) / (r.t - previous.t));
    values.push(r.value);
  });
  return { start, stepMs, values };
}

async function forecastFrom(kind: SingleModelKind, history: SeriesData, g: Granularity) {
  const { horizon, seasonPeriod, hyperparameters } = evaluateOptions(kind, g, history);
  const model = createForecaster(kind);
  try {
    await model.fit(history, { horizon, seasonPeriod, hyperparameters });
    return { point: (await model.predict({ history })).point, refused: false };
  } catch (error) {
    if (!(error instanceof ForecastInputError)) throw error;
    return {
      point: Array.from({ length: horizon }, () => history.values[history.values.length - 1] as number),
      refused: true,
    };
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  const dataDir = resolveDataDir(process.argv.includes('--data') ? flag('data', '') : undefined);
  const origins = Number(flag('origins', '6'));
  const backend = await initBackend();
  printHeader('bench:gap-bridge', { data: dataDir, backend: backend.name, origins: String(origins) });
  const files = loadFolder(dataDir);
  for (const g of ['hourly', '5min'] as const) {
    const perSeries = new Map<string, number[]>();
    const refusals = new Map<string, number>();
    for (const file of files) {
      const series = g === 'hourly' ? aggregate(file.series, hourlyFactor(file.series.stepMs)) : file.series;
      const plan = planFor(g, series.stepMs);
      const stepsPerHour = Math.max(1, Math.round(HOUR_MS / series.stepMs));
      const n = series.values.length;
      // A short file lends half its points to the history (what a young series has to read).
      const span = Math.min(Math.round((HISTORY_DAYS[g] * 24 * HOUR_MS) / series.stepMs), Math.floor(n / 2));
      const first = Math.max(span, Math.floor((2 * n) / 3));
      if (first + plan.horizon >= n) continue;
      const { scale } = maseScale(series.values.slice(0, first), plan.seasonPeriod);
      for (let o = 0; o < origins; o++) {
        const origin = first + Math.floor(((n - plan.horizon - first) * o) / origins);
        const actual = series.values.slice(origin, origin + plan.horizon);
        for (const hours of GAP_HOURS) {
          const end = origin - stepsPerHour;
          const gap = [end - hours * stepsPerHour, end] as const;
          for (const kind of MODELS) {
            for (const v of VARIANTS) {
              const history = variantHistory(series, origin - span, origin, gap, v);
              const { point, refused } = await forecastFrom(kind, history, g);
              const key = `${kind} ${hours}h ${v}`;
              const seriesKey = `${key}\u0000${file.name}`;
              perSeries.set(seriesKey, [...(perSeries.get(seriesKey) ?? []), mase(actual, point, scale)]);
              if (refused) refusals.set(key, (refusals.get(key) ?? 0) + 1);
            }
          }
        }
      }
    }
    report(g, perSeries, refusals);
  }
}

function report(g: Granularity, perSeries: Map<string, number[]>, refusals: Map<string, number>): void {
  const byKey = new Map<string, number[]>();
  for (const [seriesKey, scores] of perSeries) {
    const key = seriesKey.split('\u0000')[0] as string;
    byKey.set(key, [...(byKey.get(key) ?? []), scores.reduce((a, b) => a + b, 0) / scores.length]);
  }
  console.log(
    `\n## ${g}: MASE (geometric mean over series, each floored at 0.01), ratio to the full history, refusals scored as the last value`,
  );
  console.log(['model', 'gap', ...VARIANTS.map((v) => v.padStart(16))].join('\t'));
  for (const kind of MODELS) {
    for (const hours of GAP_HOURS) {
      const full = maseOverSeries(byKey.get(`${kind} ${hours}h full`) ?? []);
      const cells = VARIANTS.map((v) => {
        const key = `${kind} ${hours}h ${v}`;
        const value = maseOverSeries(byKey.get(key) ?? []);
        const refused = refusals.get(key) ?? 0;
        if (v !== 'full') result(`gap_bridge.${g}.${kind}.${hours}h.${v}.ratio_to_full`, value / full);
        return `${value.toFixed(3)} (${(value / full).toFixed(3)})${refused > 0 ? ` r${refused}` : ''}`.padStart(
          16,
        );
      });
      console.log([kind, `${hours}h`, ...cells].join('\t'));
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
