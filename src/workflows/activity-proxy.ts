import { proxyActivities, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { activityOptions, type ActivityName } from '../activities/catalogue';

/**
 * One activity, called through a proxy with its options from the activity catalogue
 * (`src/activities/catalogue.ts`). An ML activity needs the ML task queue's name, which the
 * workflow's input carries (workflows cannot read configuration).
 */
export function proxyActivity<K extends ActivityName>(
  name: K,
  mlTaskQueue?: string,
): ActivityInterfaceFor<Activities>[K] {
  return proxyActivities<Activities>(activityOptions(name, mlTaskQueue))[name];
}
