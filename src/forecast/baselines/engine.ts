/**
 * Which implementation serves ETS and MSTL: `own` (the TypeScript models here, fitted once with
 * their parameters stored) or `augurs` (the wasm models, re-estimated at every forecast). The
 * choice is the `engine` hyperparameter, so it is stored with each version: artifacts written
 * before it existed carry none and keep the augurs path they were trained with.
 */
import { fail } from '../validate';
import type { BaselineSettings } from './base';

export const Engine = { own: 'own', augurs: 'augurs' } as const;
/** An ETS/MSTL implementation. */
export type Engine = (typeof Engine)[keyof typeof Engine];

/** The engine a fitted or stored model uses; none recorded means a version from before the choice. */
export function engineOf(settings: BaselineSettings | undefined, fresh: Engine = Engine.own): Engine {
  if (settings === undefined) return fresh;
  const engine = settings.hyperparameters['engine'];
  if (engine === undefined) return Engine.augurs;
  if (engine !== Engine.own && engine !== Engine.augurs) {
    return fail('options.hyperparameters.engine', engine, 'be own or augurs');
  }
  return engine;
}
