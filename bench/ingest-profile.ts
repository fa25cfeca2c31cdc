// Profile of the file path: times each stage (read, parse, clean, series registration, 5-minute rows,
// hourly aggregation and rows) over the bundled files, to show where ingestion's time goes. Client CPU
// comes from process.cpuUsage, the server's from /proc/<--server-pid>/stat (every session's work).
// `--split yes` writes 5-minute and hourly rows in two calls, as the store did before.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { upsertObservations, upsertSeries, naturalKeyOf, type ObservationRow } from '../src/db';
import { aggregateHourly, cleanSeries, decodeUtf8, parseCsv } from '../src/ingest';
import { createTestDb } from '../test/support/test-db';
import { DEFAULT_DATA, flag } from './support/header';

const cleaning = {
  stepMs: 300_000,
  maxGapMs: 1_800_000,
  minCoverage: 0.8,
  dropPatterns: ['error', 'packet'],
};

async function main(): Promise<void> {
  const dir = path.resolve(flag('data', DEFAULT_DATA));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => path.join(dir, f));
  const db = await createTestDb('prof');
  const stages = new Map<string, [number, number, number]>();
  const serverCpu = () => {
    try {
      const f = readFileSync(`/proc/${flag('server-pid', '0')}/stat`, 'utf8')
        .split(') ')[1]!
        .split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      return 0;
    }
  };
  let mark = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  let srv = serverCpu();
  const lap = (name: string) => {
    const now = process.hrtime.bigint();
    const c = process.cpuUsage(cpu);
    const s = serverCpu();
    const prev = stages.get(name) ?? [0, 0, 0];
    stages.set(name, [
      prev[0] + Number(now - mark) / 1e6,
      prev[1] + (c.user + c.system) / 1000,
      prev[2] + s - srv,
    ]);
    mark = now;
    cpu = process.cpuUsage();
    srv = s;
  };
  try {
    for (let round = 0; round < Number(flag('rounds', '3')); round++) {
      await db.pool.query('DELETE FROM observations');
      if (round === 0) stages.clear();
      mark = process.hrtime.bigint();
      cpu = process.cpuUsage();
      srv = serverCpu();
      for (const f of files) {
        const text = decodeUtf8(readFileSync(f), f);
        lap('read');
        const raw = parseCsv(text, f, { duplicates: 'keep-last' });
        lap('parse');
        const { kept } = cleanSeries([raw], cleaning);
        lap('clean');
        const ids = await upsertSeries(
          db,
          kept.flatMap((s) => [
            { ...s.key, granularity: '5m' as const },
            { ...s.key, granularity: '1h' as const },
          ]),
        );
        lap('series');
        const fine: ObservationRow[] = [];
        const hourly: ObservationRow[] = [];
        for (const s of kept) {
          const id5 = ids.get(naturalKeyOf({ ...s.key, granularity: '5m' }))!;
          for (const p of s.points) fine.push({ seriesId: id5, t: p.t, value: p.v });
          const id1 = ids.get(naturalKeyOf({ ...s.key, granularity: '1h' }))!;
          for (const h of aggregateHourly(s.points))
            hourly.push({ seriesId: id1, t: h.t, value: h.mean, max: h.max, count: h.count });
        }
        lap('rows+aggregate');
        if (flag('split', 'no') === 'yes') {
          // The store before this profile: one upsert call per granularity.
          await upsertObservations(db, fine);
          lap('upsert-5m');
          await upsertObservations(db, hourly);
          lap('upsert-1h');
        } else {
          await upsertObservations(db, [...fine, ...hourly]);
          lap('upsert 5m+1h');
        }
      }
    }
    const total = [...stages.values()].reduce((a, b) => a + b[0], 0);
    console.log('stage            wall ms  share  client cpu ms  server cpu ms (all sessions)');
    for (const [k, [w, c, s]] of stages)
      console.log(
        `${k.padEnd(16)} ${(w / 3).toFixed(1).padStart(7)}  ${((100 * w) / total).toFixed(1).padStart(5)}%  ${(c / 3).toFixed(1).padStart(8)}  ${(s / 3).toFixed(1).padStart(8)}`,
      );
    console.log(`total/round      ${(total / 3).toFixed(1)} ms`);
  } finally {
    await db.drop();
  }
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
