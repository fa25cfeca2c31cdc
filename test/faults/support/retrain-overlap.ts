/**
 * "Never two retrains of a series at once", checked where it is enforced: Temporal's record of every
 * `retrain/<series>` execution (none may start before the previous one closed) and the decision rows
 * (one per execution that began).
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../../../src/db';

export interface RetrainReport {
  readonly executions: number;
  /** Executions of one workflow id that started before the previous one closed. */
  readonly overlaps: number;
  /** Executions still running (a report taken after waiting for them should show none). */
  readonly running: number;
  /** Series whose decision rows do not number its closed executions. */
  readonly decisionMismatches: number;
}

interface Execution {
  readonly workflowId: string;
  readonly start: number;
  readonly close: number | undefined;
}

async function listRetrains(client: Client): Promise<Execution[]> {
  const found: Execution[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowType = 'retrainWorkflow'` }))
    found.push({ workflowId: w.workflowId, start: w.startTime.getTime(), close: w.closeTime?.getTime() });
  return found;
}

/** Waits until no retrain runs (retrains are abandoned by the cycle), or the deadline passes. */
export async function waitForRetrains(client: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await listRetrains(client)).some((e) => e.close === undefined) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 1_000));
}

export async function checkRetrains(client: Client, db: Db): Promise<RetrainReport> {
  const executions = await listRetrains(client);
  const byId = new Map<string, Execution[]>();
  for (const e of executions) byId.set(e.workflowId, [...(byId.get(e.workflowId) ?? []), e]);
  let overlaps = 0;
  for (const runs of byId.values()) {
    runs.sort((a, b) => a.start - b.start);
    for (let i = 1; i < runs.length; i++) {
      const before = runs[i - 1]!.close;
      if (before === undefined || before > runs[i]!.start) overlaps++;
    }
  }
  const decisions = await db.pool.query<Array<{ workflow_id: string; n: number }>>(
    `SELECT workflow_id, COUNT(*) AS n FROM retrain_decisions GROUP BY workflow_id`,
  );
  const decided = new Map(decisions.map((d) => [d.workflow_id, Number(d.n)]));
  let decisionMismatches = 0;
  for (const [id, runs] of byId) {
    const closed = runs.filter((r) => r.close !== undefined).length;
    if (runs.length === closed && (decided.get(id) ?? 0) !== closed) decisionMismatches++;
    decided.delete(id);
  }
  return {
    executions: executions.length,
    overlaps,
    running: executions.filter((e) => e.close === undefined).length,
    decisionMismatches: decisionMismatches + decided.size,
  };
}
