import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { backfillWorkflowId } from '../../src/client/commands/backfill';
import { configSchema } from '../../src/config';
import { BackfillLookup } from '../../src/dashboard/backfill-lookup';
import {
  cycleQuery,
  parseBackfillId,
  seriesWorkflowLinks,
  TemporalUi,
} from '../../src/dashboard/temporal-links';
import { asSeriesId } from '../../src/shared';
import { backfillCycleId } from '../../src/workflows/backfill';
import { sharedTemporalEnv } from '../support/temporal-env';

const HOUR = 3_600_000;

/** Ids of the workflows a query finds on the real server. */
async function found(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const run of client.workflow.list({ query })) ids.push(run.workflowId);
  return ids.sort();
}

/** Visibility is eventually consistent: waits until `query` finds at least `n` workflows. */
async function foundAtLeast(client: Client, query: string, n: number): Promise<string[]> {
  for (let i = 0; ; i++) {
    const ids = await found(client, query);
    if (ids.length >= n || i >= 50) return ids;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('dashboard Temporal links (real Temporal dev server)', function () {
  this.timeout(120_000);
  let client: Client;
  // A random day decades ahead: no other test names these ids.
  const day = Date.UTC(2040 + randomInt(50), randomInt(12), 1 + randomInt(28));
  const hour = day + 10 * HOUR;
  const backfill = backfillWorkflowId({
    from: day,
    to: day + 24 * HOUR,
    granularity: '1h',
    mlTaskQueue: 'q',
  });
  const other = backfillWorkflowId({ from: day, to: day + 24 * HOUR, granularity: '5m', mlTaskQueue: 'q' });
  const live = (h: number) => `forecast-cycle-${new Date(h + 5 * 60_000).toISOString().slice(0, 19)}Z`;
  // Placeholders with the ids and types the real workflows have; no worker runs them.
  const started: Array<[string, string]> = [
    [backfill, 'backfillWorkflow'],
    [other, 'backfillWorkflow'],
    [backfillCycleId(backfill, hour), 'forecastCycleWorkflow'],
    [backfillCycleId(backfill, hour + HOUR), 'forecastCycleWorkflow'],
    [backfillCycleId(other, hour), 'forecastCycleWorkflow'],
    [live(hour), 'forecastCycleWorkflow'],
    [live(hour + HOUR), 'forecastCycleWorkflow'],
  ];

  before(async () => {
    client = (await sharedTemporalEnv()).client;
    for (const [workflowId, type] of started)
      await client.workflow.start(type, { taskQueue: `dashboard-links-${day}`, workflowId, args: [] });
  });

  after(async () => {
    for (const [workflowId] of started)
      await client?.workflow
        .getHandle(workflowId)
        .terminate('test over')
        .catch(() => undefined);
  });

  it('reads the range a backfill id names, and only ids `metricast backfill` makes', () => {
    assert.deepEqual(parseBackfillId(backfill), {
      workflowId: backfill,
      granularity: '1h',
      from: day,
      to: day + 24 * HOUR,
    });
    assert.equal(parseBackfillId(`${backfill}/cycle/x`), undefined);
    assert.equal(parseBackfillId('backfill/1h/2014-04-17T00Z..2014-04-40T00Z'), undefined);
  });

  it("finds the hour's live cycle and the backfill cycle of the series' granularity, and nothing else", async () => {
    const backfills = await new BackfillLookup(client).list();
    assert.ok(
      backfills.some((b) => b.workflowId === backfill),
      'the lookup lists the backfill',
    );
    const query = cycleQuery(hour, '1h', backfills);
    const ids = await foundAtLeast(client, query, 2);
    assert.deepEqual(ids, [backfillCycleId(backfill, hour), live(hour)].sort());
  });

  it('links to Web UI searches that are these queries, and to every cycle by type', async () => {
    const config = configSchema.parse({ secrets: { apiToken: 'x'.repeat(24) } });
    const ui = new TemporalUi(config);
    const links = seriesWorkflowLinks(ui, {
      seriesId: asSeriesId(7),
      granularity: '1h',
      issuedAt: hour,
      backfills: [parseBackfillId(backfill)!],
    });
    const queryOf = (label: RegExp) => {
      const href = links.find((l) => label.test(l.label))?.href ?? '';
      assert.ok(href.startsWith('http://127.0.0.1:8233/namespaces/default/workflows?query='), href);
      return new URL(href).searchParams.get('query') ?? '';
    };
    assert.deepEqual(
      await found(client, queryOf(/newest forecast/)),
      [backfillCycleId(backfill, hour), live(hour)].sort(),
    );
    const everyCycle = await found(client, queryOf(/all forecast cycles/));
    for (const [id, type] of started)
      if (type === 'forecastCycleWorkflow') assert.ok(everyCycle.includes(id), id);
    assert.ok((await found(client, queryOf(/backfills/))).includes(other));
  });

  it('gives no backfills, at once, without a Temporal client', async () => {
    assert.deepEqual(await new BackfillLookup(undefined).list(), []);
  });
});
