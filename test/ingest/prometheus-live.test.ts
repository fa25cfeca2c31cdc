import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { NODE_EXPORTER_FAMILIES } from '../../src/config/prometheus-queries';
import { listSeries, readObservations } from '../../src/db';
import type { IngestSummary } from '../../src/shared';
import { LIVE_SUITE_MARK, liveStack, type LivePrometheus } from '../support/live-prometheus';
import { createTestDb, type TestDb } from '../support/test-db';
import { instantQueryAt } from '../support/private-prometheus';

const STEP = 300_000;
const iso = (t: number) => new Date(t).toISOString();

async function sleepUntil(t: number): Promise<void> {
  const wait = t - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

describe(`Prometheus source on this machine's node_exporter ${LIVE_SUITE_MARK}`, function () {
  // Two 5-minute slots of live data must exist; the root hook starts scraping when the run begins,
  // so in a full run this waits for nothing, and run alone it waits up to ten minutes.
  this.timeout(15 * 60_000);
  let live: LivePrometheus;
  let db: TestDb;

  before(async () => {
    live = await liveStack();
    db = await createTestDb('promlive');
  });
  after(async () => {
    await db?.drop();
  });

  it('`metricast ingest --source prometheus` stores CPU, memory and network per instance, equal to PromQL at every slot', async () => {
    // Rates need two scrapes in the five minutes before a slot; start a few seconds after scraping began.
    const first = Math.ceil((live.startedAt + 5_000) / STEP) * STEP;
    const range = { from: first, to: first + 2 * STEP };
    await sleepUntil(range.to - STEP + 3_000);
    const run = spawnSync(
      path.resolve('bin/metricast'),
      ['ingest', '--source', 'prometheus', '--from', iso(range.from), '--to', iso(range.to), '--direct'],
      {
        env: {
          ...process.env,
          METRICAST_PROMETHEUS_URL: live.prom.url,
          METRICAST_DB_DATABASE: db.settings.database,
        },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as IngestSummary;
    const stored = (await listSeries(db, { granularity: '5m' })).filter((s) => s.source === 'prometheus');
    // Memory and CPU always move; an idle network may be all zeros or constant and is then dropped, with the reason.
    const dropped = summary.drops.map((d) => d.series);
    assert.deepEqual(
      stored.map((s) => s.metric).sort(),
      Object.keys(NODE_EXPORTER_FAMILIES)
        .filter((m) => !dropped.some((d) => d.includes(`/${m}/`)))
        .sort(),
    );
    assert.ok(
      stored.some((s) => s.metric === 'CPUUtilization') &&
        stored.some((s) => s.metric === 'MemoryUtilization'),
    );
    for (const d of summary.drops) assert.match(`${d.series} ${d.reason}`, /Network.* (all-zero|constant)$/);
    for (const s of stored) {
      assert.equal(s.host, '127.0.0.1');
      assert.deepEqual(s.dimensions, { host: '127.0.0.1', job: 'node' });
      assert.equal(s.unit, NODE_EXPORTER_FAMILIES[s.metric]!.unit);
      const rows = await readObservations(db, s.id, range);
      assert.deepEqual(
        rows.map((r) => r.t),
        [range.from, range.from + STEP],
        s.name,
      );
      const query = NODE_EXPORTER_FAMILIES[s.metric]!.queries[0]!;
      for (const row of rows) {
        const [sample] = await instantQueryAt(live.prom.url, query, row.t);
        assert.equal(row.value, Number(sample!.value[1]), `${s.metric} at ${iso(row.t)}`);
      }
      if (s.unit === 'Percent')
        assert.ok(
          rows.every((r) => r.value >= 0 && r.value <= 100),
          s.name,
        );
      else
        assert.ok(
          rows.every((r) => r.value >= 0),
          s.name,
        );
    }
  });
});
