/**
 * `--clean-spikes` (issue 12): the served forecast scored twice from one run, plain and with the
 * statistical members replaced by their spike-cleaned twins. Every other member's evaluation is
 * shared, so the clean ÷ plain ratios carry no run-to-run noise of the neural members.
 */
import type { ModelEvaluation } from '../src/forecast';
import { CLEAN_CANDIDATES, isCleanCandidate, type Candidate } from './accuracy-config';
import { fmt, formatTable, modelRows, type Row } from './accuracy-report';
import type { SeriesOutcome } from './accuracy-run';
import { leaveOneOutRows } from './accuracy-policies';

/** `models` with the cleaned twin of each statistical member among them. */
export function withCleanTwins(models: readonly Candidate[]): Candidate[] {
  const twins = Object.entries(CLEAN_CANDIDATES)
    .filter(([, kind]) => models.includes(kind))
    .map(([twin]) => twin as Candidate);
  return [...models, ...twins];
}

/** A series' outcome without the cleaned twins: what plain serving chooses from. */
export function withoutCleanTwins(series: SeriesOutcome): SeriesOutcome {
  const keep = <V>(m: ReadonlyMap<string, V>) => new Map([...m].filter(([name]) => !isCleanCandidate(name)));
  return { ...series, byModel: keep(series.byModel), failed: keep(series.failed) };
}

/** A servable outcome with each plain member replaced by its twin (under the plain name). */
function cleanView(servable: SeriesOutcome, full: SeriesOutcome): SeriesOutcome {
  const byModel = new Map<string, ModelEvaluation>(servable.byModel);
  const failed = new Map<string, string>(servable.failed);
  for (const [twin, kind] of Object.entries(CLEAN_CANDIDATES)) {
    if (!byModel.has(kind) && !failed.has(kind)) continue;
    byModel.delete(kind);
    failed.delete(kind);
    const evaluation = full.byModel.get(twin);
    if (evaluation !== undefined) byModel.set(kind, evaluation);
    else failed.set(kind, full.failed.get(twin) ?? 'cleaned twin not run');
  }
  return { ...servable, byModel, failed };
}

/**
 * Prints the clean-variant table and clean ÷ plain ratios; returns RESULT lines. `servable`: the
 * plain servable outcomes (no engine candidates, no twins), `full`: the same series with everything.
 */
export function printCleanComparison(
  p: string,
  servable: readonly SeriesOutcome[],
  full: readonly SeriesOutcome[],
  plain: { served: Row; combination: Row },
): string[] {
  if (!full.some((s) => [...s.byModel.keys()].some(isCleanCandidate))) return [];
  const clean = servable.map((s, i) => cleanView(s, full[i] as SeriesOutcome));
  const { policies, served, combination } = leaveOneOutRows(clean, {
    served: 'clean:served',
    combination: 'clean:combination',
  });
  const pairs = Object.entries(CLEAN_CANDIDATES).flatMap(([twin, kind]) => {
    const [plainRow, twinRow] = modelRows(full, [kind, twin]);
    return plainRow === undefined || twinRow === undefined || twinRow.series === 0
      ? []
      : [{ kind, plainRow, twinRow }];
  });
  console.log(`\n### ${p}: spike-cleaned statistical members (clean ÷ plain from this one run)`);
  console.log(
    formatTable([...pairs.map((x) => x.twinRow), combination, served], plain.served.mase, 'plain served'),
  );
  const ratio = (a: number, b: number): string => (a / b).toFixed(3);
  for (const { kind, plainRow, twinRow } of pairs) {
    console.log(
      `${kind}: MASE clean ÷ plain ${ratio(twinRow.mase, plainRow.mase)}; fit ${ratio(twinRow.fitS, plainRow.fitS)}×, forecast ${ratio(twinRow.forecastMs, plainRow.forecastMs)}×`,
    );
  }
  console.log(
    `served: MASE ${served.mase.toFixed(3)} ÷ ${plain.served.mase.toFixed(3)} = ${ratio(served.mase, plain.served.mase)}; ` +
      `coverage80 ${served.coverage80.toFixed(3)} (plain ${plain.served.coverage80.toFixed(3)}), coverage95 ${served.coverage95.toFixed(3)} (plain ${plain.served.coverage95.toFixed(3)})`,
  );
  console.log(
    `clean served per series: ${policies.map((s) => `${s.name} ${s.served.decision.served}`).join(', ')}`,
  );
  return [
    ...pairs.flatMap(({ kind, plainRow, twinRow }) => [
      `RESULT ${p}.clean.${kind}.mase=${fmt(twinRow.mase)}`,
      `RESULT ${p}.clean.${kind}.mase_ratio=${fmt(twinRow.mase / plainRow.mase)}`,
      `RESULT ${p}.clean.${kind}.fit_s_ratio=${fmt(twinRow.fitS / plainRow.fitS)}`,
    ]),
    `RESULT ${p}.clean.combination.mase=${fmt(combination.mase)}`,
    `RESULT ${p}.clean.combination.mase_ratio=${fmt(combination.mase / plain.combination.mase)}`,
    `RESULT ${p}.clean.served.mase=${fmt(served.mase)}`,
    `RESULT ${p}.clean.served.mase_ratio=${fmt(served.mase / plain.served.mase)}`,
    `RESULT ${p}.clean.served.coverage80=${fmt(served.coverage80)}`,
    `RESULT ${p}.clean.served.coverage95=${fmt(served.coverage95)}`,
  ];
}
