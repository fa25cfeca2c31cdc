import {
  ScheduleAlreadyRunning,
  type Client,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleUpdateOptions,
  type Workflow,
} from '@temporalio/client';

/** What a schedule should look like, apart from its state (paused, note), which an update keeps. */
export type ScheduleSettings<W extends Workflow> = Omit<
  ScheduleUpdateOptions<ScheduleOptionsStartWorkflowAction<W>>,
  'state'
>;

export interface UpsertScheduleResult {
  readonly action: 'created' | 'updated';
  readonly scheduleId: string;
  readonly nextActionTimes: readonly Date[];
}

/**
 * Creates the schedule, or updates it in place when it exists, keeping its paused flag and note
 * so an operator's pause survives a redeploy. Idempotent: never makes a second schedule.
 * `triggerImmediately` applies to creation only.
 */
export async function upsertSchedule<W extends Workflow>(
  client: Client,
  scheduleId: string,
  wanted: ScheduleSettings<W>,
  options: { readonly triggerImmediately?: boolean } = {},
): Promise<UpsertScheduleResult> {
  let action: UpsertScheduleResult['action'] = 'created';
  try {
    await client.schedule.create({
      scheduleId,
      ...wanted,
      state: {
        note: 'metricast schedule ensure',
        ...(options.triggerImmediately && { triggerImmediately: true }),
      },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    action = 'updated';
    await client.schedule.getHandle(scheduleId).update<W>((previous) => ({
      ...wanted,
      state: { paused: previous.state.paused, note: previous.state.note },
    }));
  }
  const described = await client.schedule.getHandle(scheduleId).describe();
  return { action, scheduleId, nextActionTimes: described.info.nextActionTimes };
}
