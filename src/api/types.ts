import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';

/** What the HTTP server (API and dashboard) needs; built once per process in `src/api/main.ts`. */
export interface ServerDeps {
  readonly db: Db;
  readonly config: Config;
  /** Temporal client for the orchestration's signals (force retrain); absent in read-only setups. */
  readonly temporal?: Client;
}
