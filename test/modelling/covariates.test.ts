import assert from 'node:assert/strict';
import { summarizeFolds, type BacktestResult, type ModelKind } from '../../src/forecast';
import {
  chooseCovariateTwin,
  leadStrength,
  MAX_COVARIATES,
  MIN_LEAD_CORRELATION,
  pairedT,
  screenCovariates,
  TWIN_MAX_MASE_RATIO,
  TWIN_MIN_T,
} from '../../src/modelling';
import { generateHost } from '../../bench/support/covariate-hosts';
import { createTrainingActivities } from '../../src/activities/training';
import { getRun, getVersion } from '../../src/db';
import { createTestDb, type TestDb } from '../support/test-db';
import { storeGeneratedHost, type StoredHost } from './covariate-fixtures';

const TIMING = { fits: 1, fitMs: 0, predictions: 0, predictMs: 0 };
const flat = { lower: [0], upper: [0] };
/** A one-step backtest whose fold at origin i is off by `errors[i]`; the MASE scale is 1. */
function backtestWith(errors: readonly number[]): BacktestResult {
  const folds = errors.map((e, origin) => ({ origin, point: [e], actual: [0], p80: flat, p95: flat }));
  return summarizeFolds(folds, [0, 1, 0, 1], 1, TIMING);
}

describe('modelling/covariates: the covariate twin is served only when clearly and consistently better', () => {
  const plain = backtestWith([1, 1.2, 0.9, 1.1, 1, 1.3, 0.8, 1]);

  it('serves the twin when its MASE is >= 5% lower and the paired t reaches 1.645', () => {
    const twin = backtestWith([0.8, 1, 0.7, 0.9, 0.85, 1, 0.7, 0.8]);
    const choice = chooseCovariateTwin(plain, twin);
    assert.equal(choice.useTwin, true, choice.reason);
    assert.ok(choice.maseRatio <= TWIN_MAX_MASE_RATIO && choice.t >= TWIN_MIN_T);
    assert.equal(choice.origins, 8);
    assert.match(choice.reason, /^twin served: MASE 0\.844 vs 1\.038 \(ratio 0\.813\), paired t /);
  });

  it('keeps the plain model when the twin is better by less than 5%', () => {
    const twin = backtestWith([0.97, 1.17, 0.87, 1.07, 0.97, 1.27, 0.77, 0.97]);
    const choice = chooseCovariateTwin(plain, twin);
    assert.ok(choice.t > TWIN_MIN_T, 'consistently, but not enough');
    assert.ok(choice.maseRatio > TWIN_MAX_MASE_RATIO);
    assert.equal(choice.useTwin, false);
    assert.match(choice.reason, /^plain served: .*the twin needs ratio <= 0\.95 and t >= 1\.645$/);
  });

  it('keeps the plain model when the twin is much better on average but not consistently', () => {
    // One origin carries the whole gain: the mean drops 16%, the t statistic is 1.
    const twin = backtestWith([1, 1.2, 0.9, 1.1, 1, 0, 0.8, 1]);
    const choice = chooseCovariateTwin(plain, twin);
    assert.ok(choice.maseRatio <= TWIN_MAX_MASE_RATIO, String(choice.maseRatio));
    assert.ok(choice.t < TWIN_MIN_T, String(choice.t));
    assert.equal(choice.useTwin, false);
  });

  it('keeps the plain model when the twin is worse', () => {
    const choice = chooseCovariateTwin(plain, backtestWith([1.5, 1.6, 1.4, 1.5, 1.5, 1.6, 1.4, 1.5]));
    assert.equal(choice.useTwin, false);
    assert.ok(choice.t < 0 && choice.maseRatio > 1);
  });

  it('screens the host series: keeps one whose changes lead the target, drops unrelated ones', () => {
    const host = generateHost({ seed: 5, length: 24 * 21, lead: 3, leading: true });
    const options = { horizon: 7, seasonPeriod: 24, end: 300, max: MAX_COVARIATES };
    assert.deepEqual(Object.keys(screenCovariates(host.cpu, host.others, options) ?? {}), ['traffic']);
    const noise = generateHost({ seed: 5, length: 24 * 21, lead: 3, leading: false });
    assert.equal(screenCovariates(noise.cpu, noise.others, options), undefined);
    const strengths = Object.values(noise.others).map((v) => leadStrength(noise.cpu, v, options));
    assert.ok(Math.max(...strengths) < MIN_LEAD_CORRELATION, strengths.join(', '));
  });

  it('leaves out an origin whose fold holds no forecast step (no evidence, not a perfect origin)', () => {
    const twin = backtestWith([0.8, 1, 0.7, 0.9, 0.85, 1, 0.7, 0.8]);
    const emptied = {
      ...twin,
      folds: twin.folds.map((f) => (f.origin === 5 ? { ...f, point: [], actual: [] } : f)),
    };
    const choice = chooseCovariateTwin(plain, emptied);
    assert.equal(choice.origins, 7);
    const kept = [0, 1, 2, 3, 4, 6, 7].map((i) => plain.folds[i]!.point[0]! - twin.folds[i]!.point[0]!);
    assert.equal(choice.t, pairedT(kept));
    // A fold of one step against an empty one: only the shared steps count.
    const short = { ...twin, folds: twin.folds.map((f) => ({ ...f, actual: [...f.actual, 5] })) };
    assert.equal(chooseCovariateTwin(plain, short).t, chooseCovariateTwin(plain, twin).t);
  });

  it('pairedT: mean over its standard error; all-equal differences are infinitely sure', () => {
    assert.equal(pairedT([1, 3]), 2);
    assert.equal(pairedT([0.5, 0.5]), Infinity);
    assert.equal(pairedT([1]), 0);
    assert.equal(pairedT([]), 0);
    assert.equal(pairedT([-1, -1]), -Infinity);
  });
});

describe('modelling/covariates: a network trains a covariate twin from its host (MariaDB)', function () {
  this.timeout(600_000);
  let db: TestDb;
  before(async () => {
    db = await createTestDb('covariates');
  });
  after(async () => db?.drop());

  const trainDense = (host: StoredHost, prefix: string, kinds: ModelKind[] = ['dense']) =>
    createTrainingActivities({ db }).trainSeries({
      seriesId: host.cpu,
      granularity: '1h',
      window: host.window,
      kinds,
      runIdPrefix: prefix,
      promote: 'champion-if-better',
    });
  let leading: StoredHost;

  it('serves the twin when traffic leads CPU, recording its covariates and its plain model', async () => {
    const host = await storeGeneratedHost(db, { seed: 1, length: 24 * 21, lead: 3, leading: true });
    leading = host;
    const summary = await trainDense(host, 'retrain/cov/1');
    const twin = summary.covariateTwins?.[0];
    assert.equal(twin?.kind, 'dense+covariates');
    assert.equal(twin?.runId, 'retrain/cov/1/dense+covariates');
    assert.equal(twin?.served, true, twin?.reason);
    assert.equal(summary.selected.kind, 'dense', JSON.stringify(summary.serving));
    const plainId = summary.versionIds[summary.runIds.indexOf('retrain/cov/1/dense')];
    assert.notEqual(summary.selected.versionId, plainId);
    const served = (await getVersion(db, summary.selected.versionId))!;
    // Only traffic leads CPU: memory and disk do not pass the screen.
    assert.deepEqual(served.metadata.covariateNames, [`series/${host.others['traffic']}`]);
    assert.equal(served.metadata.hyperparameters['withoutCovariates'], plainId);
    assert.equal((await getRun(db, twin.runId))?.modelVersionId, summary.selected.versionId);
    const plain = (await getVersion(db, plainId!))!;
    assert.deepEqual(plain.metadata.covariateNames, []);
  });

  it('one series at a time (no covariates read) issues with the plain twin', async () => {
    const training = createTrainingActivities({ db });
    const champion = await getVersion(db, (await trainDense(leading, 'retrain/cov/1')).selected.versionId);
    const issued = await training.forecastSeries({
      seriesId: leading.cpu,
      granularity: '1h',
      issuedAt: leading.window.to,
    });
    assert.equal(issued.rows, 6);
    assert.equal(issued.modelVersionId, champion?.metadata.hyperparameters['withoutCovariates']);
  });

  it('a twin serves alone: in a combination its plain model stands', async () => {
    const summary = await trainDense(leading, 'retrain/cov/1b', ['dense', 'seasonal-naive']);
    assert.equal(summary.covariateTwins?.[0]?.served, true);
    assert.equal(summary.serving?.served, 'combination');
    const combination = (await getVersion(db, summary.selected.versionId))!;
    const plainId = summary.versionIds[summary.runIds.indexOf('retrain/cov/1b/dense')];
    const members = String(combination.metadata.hyperparameters['memberVersions']).split(',');
    assert.ok(members.includes(String(plainId)), members.join(','));
    assert.deepEqual(combination.metadata.covariateNames, []);
  });

  it('trains no twin when the other series are noise (none leads CPU)', async () => {
    const host = await storeGeneratedHost(db, { seed: 2, length: 24 * 21, lead: 3, leading: false });
    const summary = await trainDense(host, 'retrain/cov/2');
    assert.equal(summary.covariateTwins, undefined);
    const served = (await getVersion(db, summary.selected.versionId))!;
    assert.deepEqual(served.metadata.covariateNames, []);
  });

  it('the statistical kinds never get a twin', async () => {
    const host = await storeGeneratedHost(db, { seed: 3, length: 24 * 14, lead: 3, leading: true });
    const summary = await createTrainingActivities({ db }).trainSeries({
      ...{ seriesId: host.cpu, granularity: '1h', window: host.window },
      ...{ kinds: ['seasonal-naive', 'ets'], runIdPrefix: 'retrain/cov/3' },
    });
    assert.equal(summary.covariateTwins, undefined);
  });
});
