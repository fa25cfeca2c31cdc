/**
 * The LSTM classifier in the benchmark: every series is scored by a model trained only on other
 * series (leave one series out), so its labels never reach its own scores.
 */
import { LSTM_CLASSIFIER, lstmClassifierScores, trainLstmClassifier } from '../src/anomaly';
import type { LabelledSeries } from './anomaly-data';

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
