/**
 * The LSTM classifier in the benchmark: every series is scored by a model trained only on other
 * series (leave one series out), so its labels never reach its own scores.
 */
import { LSTM_CLASSIFIER, lstmClassifierScores, trainLstmClassifier } from '../src/anomaly';
import { calibrate } from './anomaly-calibrate';
import type { LabelledSeries } from './anomaly-data';
import { rowOf, type Row } from './anomaly-report';
import { result } from './support/header';

/** Out-of-sample LSTM scores of every series (one model per left-out series, all from `seed`). */
export async function lstmScores(
  series: readonly LabelledSeries[],
  seed = LSTM_CLASSIFIER.seed,
): Promise<number[][]> {
  const scores: number[][] = [];
  for (const [k, left] of series.entries()) {
    const others = series.filter((_, i) => i !== k);
    const model = await trainLstmClassifier(others, { ...LSTM_CLASSIFIER, seed });
    try {
      scores.push(lstmClassifierScores(model, left.values, left.stepMs));
    } finally {
      model.dispose();
    }
    process.stderr.write(`lstm: ${k + 1}/${series.length} series scored\r`);
  }
  process.stderr.write('\n');
  return scores;
}

/** The LSTM's row (its own leave-one-out setting) for each further seed. */
export async function lstmSeedRows(
  seeds: readonly number[],
  series: { readonly scored: readonly LabelledSeries[]; readonly pool: readonly LabelledSeries[] },
): Promise<{ seed: number; row: Row }[]> {
  const rows: { seed: number; row: Row }[] = [];
  for (const seed of seeds) {
    const all = await lstmScores([...series.scored, ...series.pool], seed);
    const run = { scored: all.slice(0, series.scored.length), pool: all.slice(series.scored.length) };
    const { perSeries } = calibrate('lstm', series, run);
    rows.push({ seed, row: rowOf(`lstm (seed ${seed})`, series.scored, perSeries) });
  }
  return rows;
}

/** Each seed's LSTM NAB score and F1, their mean and spread, and RESULT lines. */
export function printSeeds(rows: readonly { seed: number; row: Row }[]): void {
  const nabs = rows.map((r) => r.row.nab);
  const mean = nabs.reduce((a, b) => a + b, 0) / nabs.length;
  const sd = Math.sqrt(nabs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, nabs.length - 1));
  console.log('\nLSTM classifier per training seed (each at its leave-one-out settings):');
  for (const { seed, row } of rows)
    console.log(`  seed ${seed}: NAB ${row.nab.toFixed(1)}, F1 ${row.f1.toFixed(3)}`);
  console.log(`  mean NAB ${mean.toFixed(1)} (sd ${sd.toFixed(1)}, ${rows.length} seeds)\n`);
  for (const { seed, row } of rows) result(`anomaly.lstm_seed_${seed}.nab_standard`, row.nab);
  result('anomaly.lstm_seeds.mean_nab_standard', mean);
}
