// The retention schedule is part of the client library (`src/client/retention-schedule.ts`).
export {
  ensureRetentionSchedule,
  type EnsureRetentionScheduleOptions,
  type EnsureRetentionScheduleResult,
} from '../retention-schedule';
export { RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW_ID } from '../ids';
