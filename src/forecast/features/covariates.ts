/**
 * Covariates become extra input channels: other metrics of the same host, aligned with the target.
 * The channel order is the sorted names, fixed at fit time and stored with the model.
 */
import type { Covariates } from '../types';
import { assertCovariates, fail } from '../validate';

/** Names in the stable order used for channels. */
export function covariateNames(covariates: Covariates | undefined): string[] {
  return covariates === undefined ? [] : Object.keys(covariates).sort();
}

/**
 * The covariates named (in that order), validated: each present, as long as the target, finite.
 * Extra covariates a model was not fitted with are ignored.
 */
export function covariateChannels(
  covariates: Covariates | undefined,
  names: readonly string[],
  length: number,
  field = 'covariates',
): Float32Array[] {
  assertCovariates(covariates, length, field);
  return names.map((name) => {
    const values = covariates?.[name];
    if (values === undefined)
      fail(`${field}.${name}`, values, `be given: the model was fitted with [${names.join(', ')}]`);
    return Float32Array.from(values);
  });
}
