import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';

/** Connects a Temporal client; fails within `timeoutMs` when no server answers. */
export async function connectClient(config: Config, timeoutMs = 5_000): Promise<Client> {
  const connection = await Connection.connect({
    address: config.temporal.address,
    connectTimeout: timeoutMs,
  });
  return new Client({ connection, namespace: config.temporal.namespace });
}

/** Link to a workflow run in the Temporal Web UI. */
export function workflowUiUrl(config: Config, workflowId: string): string {
  return `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
