/**
 * Heartbeat timeout of the short database activities, which heartbeat on a timer while they run
 * (`src/activities/keep-alive.ts`): a dead worker is noticed in this time, not after the whole
 * start-to-close timeout.
 */
export const KEEP_ALIVE_TIMEOUT = '30 seconds';
