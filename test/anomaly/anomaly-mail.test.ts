import assert from 'node:assert/strict';
import { createAnomalyMailActivities } from '../../src/activities/anomaly-mail';
import { anomalyMailOf, listAnomalies, setAnomalyMail, upsertAnomalies } from '../../src/db';
import { createMailer } from '../../src/mail';
import type { SeriesId } from '../../src/shared';
import { startTestSmtp, type TestSmtp } from '../alerts/smtp-fixture';
import { seedSeries, testIdentity } from '../db/support/seed';
import { createTestDb, type TestDb } from '../support/test-db';

const T = Date.UTC(2026, 10, 23, 10);
const HOUR = 3_600_000;

describe('deliverAnomalyMail activity (real MariaDB and SMTP server)', function () {
  this.timeout(60_000);
  let db: TestDb;
  let smtp: TestSmtp;
  let optedIn: SeriesId;
  let quiet: SeriesId;

  before(async () => {
    db = await createTestDb('anommail');
    smtp = await startTestSmtp();
    optedIn = await seedSeries(db, testIdentity('web-1'));
    quiet = await seedSeries(db, testIdentity('web-2'));
    await upsertAnomalies(db, [
      { seriesId: optedIn, ts: T - 2 * HOUR, detector: 'likelihood', score: 6.2, value: 97.5, detectedAt: T },
      { seriesId: quiet, ts: T - HOUR, detector: 'likelihood', score: 9, value: 12, detectedAt: T },
    ]);
  });
  after(async () => {
    await smtp?.stop();
    await db?.drop();
  });

  const deliver = (asOf: number) =>
    createAnomalyMailActivities({
      db,
      alertMail: {
        mailer: createMailer({ host: '127.0.0.1', port: smtp.port, secure: false, user: '', password: '' }),
        from: 'alerts@example.com',
        to: ['ops@example.com'],
        intervalMinutes: 0,
        scope: 'test',
      },
    }).deliverAnomalyMail({ asOf });

  it('mails nothing until a series opts in, then its anomalies once', async () => {
    assert.deepEqual(await deliver(T), { configured: true, mailed: 0 });
    assert.equal(await setAnomalyMail(db, optedIn, true), true);
    assert.equal(await anomalyMailOf(db, optedIn), true);
    assert.equal(await anomalyMailOf(db, quiet), false);
    assert.deepEqual(await deliver(T), { configured: true, mailed: 1 });
    assert.equal(smtp.messages.length, 1);
    assert.match(
      smtp.messages[0]?.subject ?? '',
      /^\[metricast\] ANOMALY: AWS\/EC2\/CPUUtilization\/web-1@1h at 2026-11-23T08:00Z$/,
    );
    assert.match(smtp.messages[0]?.text ?? '', /97\.5.*score 6\.2/);
    const rows = await listAnomalies(db, { detector: 'likelihood' });
    assert.deepEqual(
      rows.map((a) => [a.seriesId, a.ts]),
      [
        [quiet, T - HOUR],
        [optedIn, T - 2 * HOUR],
      ],
    );
    assert.deepEqual(await deliver(T + HOUR), { configured: true, mailed: 0 }, 'mailed once');
  });

  it('with the SMTP server down the anomalies stay unmailed, and go out once it is back', async () => {
    await upsertAnomalies(db, [
      {
        seriesId: optedIn,
        ts: T + HOUR,
        detector: 'likelihood',
        score: 5,
        value: 99,
        detectedAt: T + 2 * HOUR,
      },
    ]);
    await smtp.stop();
    await assert.rejects(deliver(T + 2 * HOUR), /ECONNREFUSED/);
    await smtp.start();
    assert.deepEqual(await deliver(T + 3 * HOUR), { configured: true, mailed: 1 });
    assert.equal(smtp.messages.length, 2);
  });

  it('without mail configured nothing is claimed', async () => {
    const unconfigured = createAnomalyMailActivities({ db });
    assert.deepEqual(await unconfigured.deliverAnomalyMail({ asOf: T }), { configured: false, mailed: 0 });
  });

  it('refuses to opt in a series that does not exist', async () => {
    assert.equal(await setAnomalyMail(db, 999_999 as SeriesId, true), false);
  });
});
