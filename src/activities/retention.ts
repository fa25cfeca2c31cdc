/**
 * The retention run's I/O: per partitioned table, add the daily partitions ahead and drop those
 * wholly older than the retention (`applyTableRetention`). The workflow passes the policy and its
 * nominal time, so a retried or repeated run decides the same way; partition names are generated
 * from dates, never taken from the input.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  applyTableRetention,
  RetentionError,
  type Db,
  type PartitionedTable,
  type TableRetentionResult,
} from '../db';

export interface RetentionDeps {
  readonly db: Db;
}

export interface ApplyRetentionInput {
  readonly table: PartitionedTable;
  /** Nominal time of the run, epoch ms. */
  readonly asOf: number;
  readonly keepDays: number;
  readonly partitionsAhead: number;
  readonly periodDays: number;
}

/** Builds the retention activity over narrow dependencies (tests pass a test database). */
export function createRetentionActivities(deps: RetentionDeps) {
  return {
    /**
     * Creates the table's partitions ahead and drops the expired ones; returns what it created and
     * dropped. A refusal (table not partitioned, bad policy) fails for good; a lock wait, deadlock or
     * lost connection is rethrown and retried.
     */
    async applyRetention(input: ApplyRetentionInput): Promise<TableRetentionResult> {
      try {
        return await applyTableRetention(deps.db, input);
      } catch (error) {
        if (!(error instanceof RetentionError)) throw error;
        throw ApplicationFailure.create({
          type: error.name,
          message: error.message,
          nonRetryable: true,
          cause: error,
        });
      }
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
export type { TableRetentionResult, DroppedPartition } from '../db';
