import assert from 'node:assert/strict';
import { activityOptions, KEEP_ALIVE_TIMEOUT, ML_ACTIVITIES } from '../../src/activities/catalogue';
import { KEEP_ALIVE_ACTIVITIES } from '../../src/activities/keep-alive';
import { splitActivities } from '../../src/workers/activity-split';
import type { Activities } from '../../src/activities';

const ML = 'ml-queue';
const KA = KEEP_ALIVE_TIMEOUT;
const QUICK = { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 };
const CHUNK = {
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 10,
};
const FIVE = { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5 };
const MAIL = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 };

/** The options each workflow wrote in its own proxyActivities block before the catalogue. */
const BEFORE = {
  listIngestFiles: { startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5 } },
  ingestFile: { startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry: CHUNK },
  ingestCloudWatchWindow: { startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry: CHUNK },
  ingestPrometheusWindow: { startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry: CHUNK },
  ingestReplayWindow: { startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry: CHUNK },
  ingestLatest: { startToCloseTimeout: '15 minutes', heartbeatTimeout: '1 minute', retry: FIVE },
  listActiveSeriesIds: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: KA,
    retry: { maximumAttempts: 5 },
  },
  planForecastShards: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: KA,
    retry: { maximumAttempts: 5 },
  },
  forecastShard: {
    taskQueue: ML,
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '20 seconds',
    retry: CHUNK,
  },
  reconcileCycle: { startToCloseTimeout: '10 minutes', heartbeatTimeout: KA, retry: QUICK },
  refreshAccuracy: { startToCloseTimeout: '10 minutes', heartbeatTimeout: KA, retry: QUICK },
  refreshDashboard: { startToCloseTimeout: '10 minutes', heartbeatTimeout: KA, retry: QUICK },
  updateIntervals: { startToCloseTimeout: '10 minutes', heartbeatTimeout: KA, retry: QUICK },
  detectAnomalies: {
    taskQueue: ML,
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '1 minute',
    retry: FIVE,
  },
  scoreNewAnomalyPoints: { startToCloseTimeout: '10 minutes', heartbeatTimeout: '1 minute', retry: FIVE },
  deliverAnomalyMail: { startToCloseTimeout: '5 minutes', retry: MAIL },
  evaluateAlerts: { startToCloseTimeout: '5 minutes', heartbeatTimeout: KA, retry: QUICK },
  deliverAlerts: { startToCloseTimeout: '10 minutes', heartbeatTimeout: KA, retry: MAIL },
  findBreaches: { startToCloseTimeout: '2 minutes', heartbeatTimeout: KA, retry: QUICK },
  reconcileWindow: { startToCloseTimeout: '10 minutes', heartbeatTimeout: KA, retry: QUICK },
  listBootstrapSeries: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: KA,
    retry: { maximumAttempts: 5 },
  },
  listColdStartSeries: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: KA,
    retry: { maximumAttempts: 5 },
  },
  coldStartSeries: {
    taskQueue: ML,
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '5 minutes',
    retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
  },
  updateGlobalModel: {
    taskQueue: ML,
    startToCloseTimeout: '1 hour',
    heartbeatTimeout: '5 minutes',
    retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
  },
  resolveRetrainTargets: {
    startToCloseTimeout: '1 minute',
    retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['ValidationError'] },
  },
  beginRetrain: { startToCloseTimeout: '1 minute', heartbeatTimeout: KA, retry: QUICK },
  finishRetrain: { startToCloseTimeout: '1 minute', heartbeatTimeout: KA, retry: QUICK },
  trainSeries: {
    taskQueue: ML,
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: '5 minutes',
    retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
  },
  applyRetention: {
    startToCloseTimeout: '1 hour',
    heartbeatTimeout: KA,
    retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 5 },
  },
} as const;

describe('activities/catalogue', () => {
  it('gives every proxied activity the options its workflow wrote before the catalogue', () => {
    for (const [name, options] of Object.entries(BEFORE))
      assert.deepEqual(activityOptions(name as keyof typeof BEFORE, ML), options, name);
  });

  it('keeps the keep-alive list and the ML queue of the lists the catalogue replaced', () => {
    assert.deepEqual([...KEEP_ALIVE_ACTIVITIES].sort(), [
      'applyRetention',
      'beginRetrain',
      'deliverAlerts',
      'evaluateAlerts',
      'findBreaches',
      'finishRetrain',
      'listActiveSeriesIds',
      'listBootstrapSeries',
      'listColdStartSeries',
      'planForecastShards',
      'reconcileCycle',
      'reconcileWindow',
      'refreshAccuracy',
      'refreshDashboard',
      'updateIntervals',
    ]);
    assert.deepEqual([...ML_ACTIVITIES].sort(), [
      'coldStartSeries',
      'detectAnomalies',
      'forecastSeries',
      'forecastShard',
      'trainSeries',
      'updateGlobalModel',
    ]);
  });

  it('refuses an ML activity without the ML queue, naming it', () => {
    assert.throws(() => activityOptions('trainSeries'), /trainSeries runs on the ML task queue: mlTaskQueue/);
  });

  it('splits registered activities by queue, unknown names on the I/O queue', () => {
    const fn = () => Promise.resolve();
    const { io, ml } = splitActivities({
      trainSeries: fn,
      reconcileCycle: fn,
      extra: fn,
    } as unknown as Activities);
    assert.deepEqual(Object.keys(ml), ['trainSeries']);
    assert.deepEqual(Object.keys(io).sort(), ['extra', 'reconcileCycle']);
  });
});
