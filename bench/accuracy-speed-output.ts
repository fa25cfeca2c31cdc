/** The accuracy benchmark's timing section: per-model inference, the global model's training and batch cost. */
import type { Candidate } from './accuracy-config';
import { fmt } from './accuracy-report';
import { modelRows } from './accuracy-report';
import type { GranularityOutcome } from './accuracy-run';
import type { SpeedResult } from './accuracy-tasks';

/** Prints the timings and returns the training/inference RESULT lines. */
export function printSpeed(
  speed: { granularity: string; byModel: Map<Candidate, SpeedResult | string> },
  outcomes: readonly GranularityOutcome[],
): string[] {
  console.log(
    `\n## inference (${speed.granularity}; fitted on one series, histories from the evaluation segments)`,
  );
  for (const [kind, s] of speed.byModel) {
    if (typeof s === 'string') console.log(`${kind.padEnd(15)} FAILED ${s}`);
    else
      console.log(
        `${kind.padEnd(15)} fit ${(s.trainMs / 1000).toFixed(2)} s  single ${s.singleMs.toFixed(3)} ms/series  ` +
          `batch of ${s.batchSize} ${s.batchMs.toFixed(3)} ms/series`,
      );
  }
  const lines: string[] = [];
  for (const o of outcomes) {
    for (const g of o.global) {
      console.log(
        `global (${o.granularity}): pretrain on synthetic ${g.pretrainS.toFixed(1)} s, warm-started update on ${g.samples} real windows ` +
          `${g.updateS.toFixed(1)} s, batch of 1000 ${g.inferMsPerSeries.toFixed(3)} ms/series`,
      );
    }
  }
  const hourly = outcomes.find((o) => o.granularity === 'hourly') ?? outcomes[0];
  const g = hourly?.global[0];
  if (g !== undefined) {
    lines.push(
      `RESULT train.global.s=${fmt(g.pretrainS + g.updateS)}`,
      `RESULT infer.global.batch1000.ms_per_series=${fmt(g.inferMsPerSeries)}`,
    );
  }
  const lstmRow = hourly === undefined ? undefined : modelRows(hourly.series, ['lstm'])[0];
  const lstmSpeed = speed.byModel.get('lstm');
  // Evaluated: the mean fit over every series; timed only (not a default candidate): its one fit.
  if (lstmRow !== undefined && lstmRow.series > 0)
    lines.push(`RESULT train.lstm.hourly.s_per_series=${fmt(lstmRow.fitS)}`);
  else if (typeof lstmSpeed === 'object' && speed.granularity === 'hourly')
    lines.push(`RESULT train.lstm.hourly.s_per_series=${fmt(lstmSpeed.trainMs / 1000)}`);
  const reported = (['lstm', 'tcn', 'dense', 'naive'] as const).find(
    (k) => typeof speed.byModel.get(k) === 'object',
  );
  const s = reported === undefined ? undefined : (speed.byModel.get(reported) as SpeedResult);
  if (s !== undefined && reported !== undefined) {
    console.log(`infer.* RESULT lines report ${reported}`);
    lines.push(
      `RESULT infer.batch1000.ms_per_series=${fmt(s.batchMs)}`,
      `RESULT infer.single.ms_per_series=${fmt(s.singleMs)}`,
    );
  }
  return lines;
}
