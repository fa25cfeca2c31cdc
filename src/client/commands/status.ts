import path from 'node:path';
import { replayPlans } from '../../activities/replay';
import type { Config } from '../../config';
import {
  countByGranularity,
  countPipeline,
  createDb,
  readDemoReplay,
  type Db,
  type GranularityCounts,
  type PipelineCounts,
} from '../../db';
import { copyAt, copyEnd } from '../../ingest';
import { connectClient } from '../temporal-client';

export interface StatusReport {
  readonly temporal: {
    readonly up: boolean;
    readonly address: string;
    readonly ui: string;
    readonly error?: string;
  };
  readonly mariadb: { readonly up: boolean; readonly address: string; readonly error?: string };
  readonly granularities: readonly GranularityCounts[];
  readonly pipeline?: PipelineCounts;
  /** The living demo, when one was started in this database (demo.replay). */
  readonly demo?: DemoStatus;
}

export interface DemoStatus {
  readonly startedAt: number;
  readonly recordings: number;
  /** The next time a recording's replay starts over with a fresh shift, and which one. */
  readonly nextRestart?: { readonly at: number; readonly file: string };
  /** False when demo.replay is off here: the cycle does not read the replay source. */
  readonly replayOn: boolean;
}

/** The demo's start and when its replay next starts over; undefined without a demo. */
async function demoStatus(db: Db, config: Config): Promise<DemoStatus | undefined> {
  const demo = await readDemoReplay(db).catch(() => undefined);
  if (!demo) return undefined;
  const now = Date.now();
  const plans = await replayPlans(path.resolve(config.paths.dataDir), demo).catch(() => []);
  const ends = plans
    .map((p) => ({ at: copyEnd(p.plan, copyAt(p.plan, now)), file: p.file }))
    .sort((a, b) => a.at - b.at);
  return {
    startedAt: demo.anchorAt,
    recordings: plans.length,
    ...(ends[0] && { nextRestart: ends[0] }),
    replayOn: config.demo.replay,
  };
}

async function temporalStatus(config: Config): Promise<StatusReport['temporal']> {
  const base = { address: config.temporal.address, ui: config.temporal.uiUrl };
  try {
    const client = await connectClient(config, 3_000);
    try {
      await client.workflowService.getSystemInfo({});
      return { up: true, ...base };
    } finally {
      await client.connection.close();
    }
  } catch (error) {
    return { up: false, ...base, error: (error as Error).message };
  }
}

async function mariadbStatus(
  config: Config,
): Promise<Pick<StatusReport, 'mariadb' | 'granularities' | 'pipeline' | 'demo'>> {
  const address = `${config.db.host}:${config.db.port}/${config.db.database}`;
  const db = createDb(config.db, { connectionLimit: 1, acquireTimeout: 3_000 });
  try {
    const [granularities, pipeline, demo] = await Promise.all([
      countByGranularity(db),
      countPipeline(db),
      demoStatus(db, config),
    ]);
    return { mariadb: { up: true, address }, granularities, pipeline, ...(demo && { demo }) };
  } catch (error) {
    return { mariadb: { up: false, address, error: (error as Error).message }, granularities: [] };
  } finally {
    await db.pool.end();
  }
}

/** `metricast status`: are Temporal and MariaDB up, and how many series and points per granularity. */
export async function statusCommand(config: Config): Promise<StatusReport> {
  const [temporal, db] = await Promise.all([temporalStatus(config), mariadbStatus(config)]);
  return { temporal, ...db };
}

/** The report as a person reads it. */
export function formatStatus(report: StatusReport): string {
  const mark = (up: boolean) => (up ? 'up  ' : 'DOWN');
  const t = report.temporal;
  const m = report.mariadb;
  const lines = [
    `Temporal  ${mark(t.up)} ${t.address}  Web UI ${t.ui}${t.error ? `  (${t.error})` : ''}`,
    `MariaDB   ${mark(m.up)} ${m.address}${m.error ? `  (${m.error})` : ''}`,
  ];
  if (report.granularities.length === 0 && m.up) lines.push('no series stored yet');
  for (const g of report.granularities) {
    const span =
      g.first !== null && g.last !== null
        ? `  ${new Date(g.first).toISOString()} .. ${new Date(g.last).toISOString()}`
        : '';
    lines.push(
      `  ${g.granularity.padEnd(3)} ${String(g.series).padStart(6)} series ${String(g.points).padStart(9)} points${span}`,
    );
  }
  const p = report.pipeline;
  if (p) {
    const f = p.forecasts;
    lines.push(`  forecasts ${f.reconciled} reconciled, ${f.pending} pending, ${f.missing} missing actuals`);
    lines.push(
      `  models    ${p.modelVersions} versions, ${p.champions} champions; accuracy rows ${p.accuracyRows}`,
    );
    const d = Object.entries(p.decisions).map(([k, n]) => `${n} ${k}`);
    lines.push(`  retrains  ${d.length ? d.join(', ') : 'none yet'}`);
  }
  const demo = report.demo;
  if (demo) {
    const iso = (t: number) => new Date(t).toISOString();
    const next = demo.nextRestart
      ? `; next to start over: ${demo.nextRestart.file} at ${iso(demo.nextRestart.at)}`
      : '';
    lines.push(
      `  demo      replay of ${demo.recordings} bundled recordings since ${iso(demo.startedAt)}, shifted by whole weeks${next}` +
        (demo.replayOn ? '' : ' (demo.replay is off here: the cycle does not read it)'),
    );
  }
  return lines.join('\n');
}
