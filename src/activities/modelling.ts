/** The model life cycle (`src/modelling`) over this worker's database, heartbeating in activities. */
import { createModelStore, type Db } from '../db';
import type { Modelling } from '../modelling';
import { heartbeat } from './heartbeat';

export function modellingOver(db: Db): Modelling {
  return { store: createModelStore(db), heartbeat };
}
