import assert from 'node:assert/strict';
import {
  createForecaster,
  ensembleArtifact,
  EnsembleMethod,
  historyPoints,
  loadForecaster,
  type ModelArtifact,
  type SeriesData,
  type SingleModelKind,
} from '../../../src/forecast';

const HOUR_MS = 3_600_000;
const DAYS = 14;

/** Two weeks of an hourly series with a daily season, a trend and deterministic noise. */
function series(): SeriesData {
  const values = Array.from(
    { length: DAYS * 24 },
    (_, i) => 100 + 0.05 * i + 12 * Math.sin((2 * Math.PI * i) / 24) + 3 * Math.sin(i * 7.31),
  );
  return { start: Date.UTC(2026, 10, 1), stepMs: HOUR_MS, values };
}

/** The newest `n` points of `history`, as a reader that reads only those would give them. */
function newest(history: SeriesData, n: number): SeriesData {
  const values = history.values.slice(-n);
  const start = history.start + (history.values.length - values.length) * history.stepMs;
  return { start, stepMs: history.stepMs, values };
}

async function fitted(kind: SingleModelKind, history: SeriesData): Promise<ModelArtifact> {
  const model = createForecaster(kind);
  await model.fit(history, { horizon: 7, seasonPeriod: 24 });
  const artifact = await model.serialize();
  model.dispose();
  return artifact;
}

describe('forecast/historyPoints: the newest points a stored model reads', function () {
  this.timeout(30_000);
  const history = series();

  it('names how many points each baseline and a combination read, and a shorter history forecasts the same', async () => {
    const kinds = ['ets', 'mstl', 'seasonal-naive', 'theta', 'naive'] as const;
    const artifacts = new Map<string, ModelArtifact>();
    for (const kind of kinds) artifacts.set(kind, await fitted(kind, history));
    const members = [artifacts.get('ets'), artifacts.get('seasonal-naive')] as ModelArtifact[];
    artifacts.set('ensemble', ensembleArtifact(members, { method: EnsembleMethod.median, weights: [1, 1] }));
    const points = new Map([...artifacts].map(([kind, a]) => [kind, historyPoints(a)]));
    // ETS: a week (seven seasons: its seasonal members estimate a season of states); MSTL: 4 seasons; seasonal naive and naive: two seasons for the widths.
    assert.deepEqual(Object.fromEntries(points), {
      ets: 7 * 24,
      mstl: 96,
      'seasonal-naive': 48,
      theta: 28 * 24,
      naive: 48,
      ensemble: 7 * 24,
    });
    for (const [kind, artifact] of artifacts) {
      const model = await loadForecaster(artifact);
      const all = await model.predict({ history });
      const short = await model.predict({ history: newest(history, points.get(kind) as number) });
      model.dispose();
      assert.deepEqual(short, all, kind);
    }
  });

  it('is unknown for models that keep their own lookback (the networks, the global model)', () => {
    const artifact = { metadata: { kind: 'lstm', window: 48 }, state: {} } as unknown as ModelArtifact;
    assert.equal(historyPoints(artifact), undefined);
  });
});
