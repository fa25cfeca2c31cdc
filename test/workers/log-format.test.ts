import assert from 'node:assert/strict';
import type { LogEntry } from '@temporalio/worker';
import { formatLogEntry, lineLogger } from '../../src/workers/log-format';
import { cycleLogLine } from '../../src/workflows/cycle-log';
import type { ForecastCycleSummary } from '../../src/workflows';
import { asSeriesId } from '../../src/shared';

const at = BigInt(Date.UTC(2026, 11, 4, 16, 5, 12)) * 1_000_000n;

describe('workers/log-format: worker.log a person can read', () => {
  it('prints one line per entry with what it is about, without the SDK context', () => {
    const entry: LogEntry = {
      level: 'WARN',
      message: 'Activity failed\n  after retries',
      timestampNanos: at,
      meta: {
        sdkComponent: 'activity',
        taskQueue: 'metricast-io',
        namespace: 'default',
        activityType: 'reconcileCycle',
        workflowId: 'forecast-cycle-2026-12-04T16:05:00Z',
        attempt: 3,
        error: new Error('Deadlock found when trying to get lock'),
      },
    };
    assert.equal(
      formatLogEntry(entry),
      '2026-12-04T16:05:12.000Z WARN  Activity failed after retries attempt=3 error="Deadlock found when trying to get lock" ' +
        '[activity reconcileCycle of forecast-cycle-2026-12-04T16:05:00Z]',
    );
  });

  it('keeps routine SDK chatter and the bundler report out of the info level', () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string) => written.push(chunk) > 0;
    try {
      const logger = lineLogger('INFO');
      logger.info('Worker state changed', { state: 'DRAINING' });
      logger.info('Worker state changed', { state: 'RUNNING' });
      logger.info('No Nexus services registered, not polling for Nexus tasks');
      logger.debug('asset workflow-bundle-1.js 1.79 MiB');
      logger.info('forecast cycle 2026-12-04T16:00Z: forecast 34 of 34 series');
    } finally {
      process.stdout.write = write;
    }
    assert.deepEqual(
      written.map((l) => l.slice(25).trim()),
      [
        'INFO  Worker state changed state=RUNNING',
        'INFO  forecast cycle 2026-12-04T16:00Z: forecast 34 of 34 series',
      ],
    );
  });

  it('sums up a cycle in one line: stale and failed series with reasons, reconciled, retrains', () => {
    const summary: ForecastCycleSummary = {
      nominalTime: Date.UTC(2026, 11, 4, 16),
      nominalHour: '2026-12-04T16:00Z',
      ingest: { series: 17, pointsHourly: 34 },
      shards: 2,
      forecast: {
        series: 34,
        forecast: 31,
        rows: 234,
        noChampion: 0,
        stale: 2,
        staleSeries: [asSeriesId(29), asSeriesId(30)],
        failed: 1,
        failures: [{ seriesId: asSeriesId(8), error: 'artifact sha256 mismatch' }],
      },
      reconcile: { reconciled: 221, revised: 0, missing: 3, stillPending: 0 },
      accuracyRows: 663,
      monitoring: { breaches: 1, retrainsStarted: 1, alreadyRunning: 0, suppressed: 0 },
    };
    assert.equal(
      cycleLogLine(summary, ['1h', '5m']),
      'forecast cycle 2026-12-04T16:00Z: ingested 17 series (34 hourly points); forecast 31 of 34 1h+5m series (234 rows); ' +
        'stale 2 (series 29, 30: feed stopped, no forecast); failed 1 (series 8: artifact sha256 mismatch); ' +
        'reconciled 221 records (3 marked missing, 0 pending); accuracy rows 663; ' +
        'retrains started 1 (breaches 1, already running 0)',
    );
  });
});
