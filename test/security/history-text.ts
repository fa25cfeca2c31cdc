import type { Client } from '@temporalio/client';

/**
 * All text in a value: strings as they are, byte arrays (Temporal payloads) decoded as UTF-8, so a
 * secret inside a JSON payload is as visible as one in a field.
 */
export function textOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) for (const v of value) textOf(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) textOf(v, out);
  return out;
}

/** The histories of every workflow in the client's namespace, as text, keyed by workflow id and run. */
export async function allHistoriesText(client: Client): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for await (const wf of client.workflow.list()) {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    texts.set(`${wf.workflowId}/${wf.runId}`, textOf(history).join('\n'));
  }
  return texts;
}
