// Alerts as a pure library: limits, crossings, lead times and the open/refresh/resolve decisions,
// and how queued notifications become mails. No database, no Temporal, no clock.
export * from './types';
export { parseLimitSpec } from './limit-input';
export { limitApplies, crosses, forecastCrossing, actualCrossing } from './crossing';
export { decideAlert, type AlertDecision, type AlertEpisode, type DecideInput } from './decide';
export { alertKeyString, byAlertKey, type AlertKey } from './alert-key';
export { alertMessage, leadMinutes, isoMinute } from './message';
export {
  planAlerts,
  type EvaluationInput,
  type EvaluationPlan,
  type EvaluatedSeries,
  type PlannedChange,
} from './evaluate';
export {
  MailKind,
  SINGLE_MAIL_PREFIX,
  singleMailKey,
  digestMailKey,
  mailKindOf,
  digestDue,
  claimPlan,
  messageIdOf,
} from './mail-plan';
