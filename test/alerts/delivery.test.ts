import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { createAlertActivities } from '../../src/activities/alerts';
import { parseLimitSpec, type AlertLimit } from '../../src/alerts';
import {
  listAlerts,
  listLimits,
  outboxCounts,
  upsertForecasts,
  upsertLimit,
  upsertObservations,
  type SeriesIdentity,
} from '../../src/db';
import { createMailer } from '../../src/mail';
import type { SeriesId } from '../../src/shared';
import { bandedCycle, HOUR, seedSeries, testIdentity, V1 } from '../db/support/seed';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { startTestSmtp, type TestSmtp } from './smtp-fixture';

const T = Date.UTC(2026, 10, 23, 10);
const BANDS = { band80: 5, band95: 10 };
const HISTORY_BLUE = [0x1f, 0x77, 0xb4];

/** Pixels of exactly the history line's colour in a PNG. */
function historyPixels(png: Buffer): number {
  const { data, width, height } = PNG.sync.read(png);
  let n = 0;
  for (let i = 0; i < width * height * 4; i += 4)
    if (data[i] === HISTORY_BLUE[0] && data[i + 1] === HISTORY_BLUE[1] && data[i + 2] === HISTORY_BLUE[2])
      n++;
  return n;
}

describe('alerts/evaluation and e-mail delivery (MariaDB, SMTP server, plots)', function () {
  this.timeout(60_000);
  let smtp: TestSmtp;
  let db: TestDb;

  before(async () => (smtp = await startTestSmtp()));
  after(() => smtp.stop());
  beforeEach(async () => {
    db = await createTestDb('alerts');
    smtp.messages.length = 0;
    await smtp.start();
  });
  afterEach(() => db.drop());

  const activities = (intervalMinutes = 0) =>
    createAlertActivities({
      db,
      alertMail: {
        mailer: createMailer({ host: '127.0.0.1', port: smtp.port, secure: false, user: '', password: '' }),
        from: 'metricast <alerts@example.com>',
        to: ['ops@example.com'],
        intervalMinutes,
        scope: db.database,
      },
    });
  /** A series with two days of hourly history around 50 before `T`. */
  async function series(identity: SeriesIdentity): Promise<SeriesId> {
    const id = await seedSeries(db, identity);
    const rows = Array.from({ length: 48 }, (_, i) => ({
      seriesId: id,
      t: T - (48 - i) * HOUR,
      value: 50 + 10 * Math.sin(i / 4),
    }));
    await upsertObservations(db, rows);
    return id;
  }
  /** Six hourly steps issued at `at`, points `base`, `base + 1`, …; upper95 is point + 10. */
  const issue = (seriesId: SeriesId, at: number, base: number) =>
    upsertForecasts(
      db,
      bandedCycle({ seriesId, modelVersionId: V1, modelKind: 'naive', issuedAt: at }, 6, base, BANDS),
    );
  const limit = (input: Record<string, unknown>): Promise<AlertLimit> =>
    upsertLimit(db, parseLimitSpec({ threshold: 80, direction: 'above', alsoActuals: false, ...input }));

  it('opens one alert with its lead time for a forecast crossing, mails it once with the plot, and resolves it when clear', async () => {
    const id = await series(testIdentity('web-01'));
    await limit({ seriesId: id });
    const acts = activities();
    // upper95 = 68 + 10, 69 + 10, 70 + 10: 80 is reached at the third step, three hours ahead.
    await issue(id, T, 68);
    assert.deepEqual(await acts.evaluateAlerts({ asOf: T }), {
      limits: 1,
      checked: 1,
      opened: 1,
      refreshed: 0,
      resolved: 0,
      inCooldown: 0,
    });
    const [alert, ...more] = await listAlerts(db);
    assert.equal(more.length, 0);
    assert.equal(alert!.state, 'open');
    assert.equal(alert!.source, 'forecast');
    assert.equal(alert!.crossingAt, T + 3 * HOUR);
    assert.equal(alert!.leadMinutes, 180);
    assert.equal(alert!.value, 80);

    const delivered = await acts.deliverAlerts({ asOf: T });
    assert.deepEqual(delivered, {
      configured: true,
      claimed: 1,
      mailsSent: 1,
      notificationsSent: 1,
      pending: 0,
    });
    assert.equal(smtp.messages.length, 1);
    const mail = smtp.messages[0]!;
    assert.match(
      mail.subject ?? '',
      /^\[metricast\] ALERT: AWS\/EC2\/CPUUtilization\/web-01@1h: forecast upper95 80 >= 80/,
    );
    assert.match(
      mail.messageId ?? '',
      /^<metricast\.alert-notification\.\d+\.metricast_test_alerts_\w+@example\.com>$/,
    );
    const pngs = mail.attachments.filter((a) => a.contentType === 'image/png');
    assert.equal(pngs.length, 1);
    assert.ok(historyPixels(pngs[0]!.content) > 100, 'the plot shows the history line in #1f77b4');

    // The same cycle again (a retry): nothing new, no second mail.
    const again = await acts.evaluateAlerts({ asOf: T });
    assert.equal(again.opened, 0);
    assert.equal((await acts.deliverAlerts({ asOf: T })).mailsSent, 0);
    assert.equal((await listAlerts(db)).length, 1);
    assert.equal(smtp.messages.length, 1);

    // An hour later the forecast stays under 80: resolved, and that is mailed too.
    await issue(id, T + HOUR, 60);
    assert.equal((await acts.evaluateAlerts({ asOf: T + HOUR })).resolved, 1);
    assert.equal((await acts.deliverAlerts({ asOf: T + HOUR })).mailsSent, 1);
    const [resolved] = await listAlerts(db);
    assert.equal(resolved!.state, 'resolved');
    assert.equal(resolved!.resolvedAt, T + HOUR);
    assert.match(smtp.messages[1]!.subject ?? '', /^\[metricast\] resolved: /);
  });

  it('waits out the cooldown after a resolve before opening the same alert again', async () => {
    const id = await series(testIdentity('web-02'));
    await limit({ seriesId: id, cooldownMinutes: 120 });
    const acts = activities();
    const cycle = async (hour: number, base: number) => {
      await issue(id, T + hour * HOUR, base);
      return acts.evaluateAlerts({ asOf: T + hour * HOUR });
    };
    assert.equal((await cycle(0, 75)).opened, 1);
    assert.equal((await cycle(1, 50)).resolved, 1);
    const cooling = await cycle(2, 75);
    assert.equal(cooling.opened, 0);
    assert.equal(cooling.inCooldown, 1);
    assert.equal((await cycle(3, 75)).opened, 1);
    const alerts = await listAlerts(db, { seriesId: id });
    assert.deepEqual(
      alerts.map((a) => [a.state, a.openedAt]),
      [
        ['open', T + 3 * HOUR],
        ['resolved', T],
      ],
    );
  });

  it('alerts on the newest actual over the limit and resolves when it drops', async () => {
    const id = await series(testIdentity('db-01'));
    await limit({ seriesId: id, alsoActuals: true, basis: 'point' });
    const acts = activities();
    await issue(id, T, 40);
    await upsertObservations(db, [{ seriesId: id, t: T - HOUR, value: 95 }]);
    assert.equal((await acts.evaluateAlerts({ asOf: T })).opened, 1);
    const [alert] = await listAlerts(db);
    assert.deepEqual(
      [alert!.source, alert!.value, alert!.crossingAt, alert!.leadMinutes],
      ['actual', 95, T - HOUR, null],
    );
    assert.match(alert!.message, /db-01@1h: actual 95 >= 80 at 2026-11-23T09:00Z$/);
    await upsertObservations(db, [{ seriesId: id, t: T, value: 52 }]);
    await issue(id, T + HOUR, 40);
    assert.equal((await acts.evaluateAlerts({ asOf: T + HOUR })).resolved, 1);
    assert.equal((await acts.deliverAlerts({ asOf: T + HOUR })).mailsSent, 2);
  });

  it('gathers alerts into one digest per interval, one plot per series', async () => {
    const ids: SeriesId[] = [];
    for (const host of ['web-11', 'web-12', 'web-13'])
      ids.push(await series({ ...testIdentity(host), metric: 'NetworkIn', unit: 'Bytes' }));
    await limit({ metricPattern: 'network*' });
    const acts = activities(120);
    for (const id of ids) await issue(id, T, 75);
    assert.equal((await acts.evaluateAlerts({ asOf: T })).opened, 3);
    assert.deepEqual(await acts.deliverAlerts({ asOf: T }), {
      configured: true,
      claimed: 3,
      mailsSent: 1,
      notificationsSent: 3,
      pending: 0,
    });
    const digest = smtp.messages[0]!;
    assert.match(digest.subject ?? '', /^\[metricast\] alerts digest 2026-11-23T10:00Z: 3 new, 0 resolved$/);
    const pngs = digest.attachments.filter((a) => a.contentType === 'image/png');
    assert.equal(pngs.length, 3);
    for (const png of pngs) assert.ok(historyPixels(png.content) > 100);

    // One clears an hour later: held back until the interval has passed since the last digest.
    for (const [k, id] of ids.entries()) await issue(id, T + HOUR, k === 0 ? 50 : 75);
    assert.equal((await acts.evaluateAlerts({ asOf: T + HOUR })).resolved, 1);
    assert.equal((await acts.deliverAlerts({ asOf: T + HOUR })).mailsSent, 0);
    assert.deepEqual(await outboxCounts(db), { queued: 1, claimed: 0, sent: 3 });
    const later = await acts.deliverAlerts({ asOf: T + 2 * HOUR });
    assert.equal(later.mailsSent, 1);
    assert.match(smtp.messages[1]!.subject ?? '', /0 new, 1 resolved$/);
    assert.equal(smtp.messages.length, 2);
  });

  it('keeps alerts queued while the SMTP server is down and delivers them once when it is back', async () => {
    const id = await series(testIdentity('web-21'));
    await limit({ seriesId: id });
    const acts = activities();
    await issue(id, T, 75);
    await acts.evaluateAlerts({ asOf: T });
    await smtp.stop();
    // The activity fails (Temporal would retry it), and its retry fails alike while the server is down.
    await assert.rejects(acts.deliverAlerts({ asOf: T }), /ECONNREFUSED/);
    await assert.rejects(acts.deliverAlerts({ asOf: T }), /ECONNREFUSED/);
    assert.deepEqual(await outboxCounts(db), { queued: 0, claimed: 1, sent: 0 });
    const [row] = await db.pool.query<Array<{ attempts: number; last_error: string }>>(
      'SELECT attempts, last_error FROM alert_notifications',
    );
    assert.equal(row!.attempts, 2);
    assert.match(row!.last_error, /ECONNREFUSED/);

    await smtp.start();
    await issue(id, T + HOUR, 75);
    await acts.evaluateAlerts({ asOf: T + HOUR });
    assert.equal((await acts.deliverAlerts({ asOf: T + HOUR })).mailsSent, 1);
    assert.equal((await acts.deliverAlerts({ asOf: T + HOUR })).mailsSent, 0);
    assert.equal((await acts.deliverAlerts({ asOf: T + 2 * HOUR })).mailsSent, 0);
    assert.equal(smtp.messages.length, 1);
    assert.deepEqual(await outboxCounts(db), { queued: 0, claimed: 0, sent: 1 });
  });

  it('refuses a limit for an unknown series, naming the field and value, and stores nothing', async () => {
    await assert.rejects(
      limit({ seriesId: 999_999 }),
      /^AlertLimitError: limit\.seriesId must name a stored series, got 999999$/,
    );
    assert.deepEqual(await listLimits(db), []);
    assert.equal(await snapshotTable(db, 'alert_limits', 'id'), '[]');
  });

  it('stores alerts without mailing when mail is not configured; notifications stay queued', async () => {
    const id = await series(testIdentity('web-31'));
    await limit({ seriesId: id });
    const acts = createAlertActivities({ db });
    await issue(id, T, 75);
    assert.equal((await acts.evaluateAlerts({ asOf: T })).opened, 1);
    assert.deepEqual(await acts.deliverAlerts({ asOf: T }), {
      configured: false,
      claimed: 0,
      mailsSent: 0,
      notificationsSent: 0,
      pending: 1,
    });
  });
});
