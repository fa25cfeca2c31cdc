/**
 * Analytic forecast variances of the ETS members of `ets-model.ts` (Hyndman et al. 2008, ch. 6):
 * class 1 (additive error) and class 2 (multiplicative error, additive trend and season).
 */
import { dampingOf, etsMean, isSeasonal, type EtsParameters, type EtsSpec, type EtsState } from './ets-model';

/**
 * Forecast variances 1..horizon steps ahead for innovation variance `sigma2`. With
 * c_j = α + β·(φ + … + φʲ) + γ·[j mod m = 0]: class 1 v_h = σ²(1 + Σ_{j<h} c_j²); class 2
 * v_h = (1 + σ²)θ_h − μ_h², θ_1 = μ_1², θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h−j}.
 */
export function etsVariance(
  spec: EtsSpec,
  parameters: EtsParameters,
  state: EtsState,
  horizon: number,
  sigma2: number,
): number[] {
  const phi = dampingOf(spec, parameters);
  const beta = spec.trend === 'N' ? 0 : parameters.beta;
  const period = isSeasonal(spec) ? (spec.period ?? 0) : 0;
  const gamma = period > 0 ? (parameters.gamma ?? 0) : 0;
  const c: number[] = [];
  let phiSum = 0;
  for (let j = 1; j < horizon; j++) {
    phiSum += phi ** j;
    c.push(parameters.alpha + beta * phiSum + (period > 0 && j % period === 0 ? gamma : 0));
  }
  if (spec.error === 'A') {
    let sum = 0;
    return Array.from({ length: horizon }, (_, h) => {
      if (h > 0) sum += (c[h - 1] ?? 0) ** 2;
      return sigma2 * (1 + sum);
    });
  }
  const mean = etsMean(spec, parameters, state, horizon);
  const theta: number[] = [];
  return mean.map((mu, h) => {
    let sum = 0;
    for (let j = 1; j <= h; j++) sum += (c[j - 1] ?? 0) ** 2 * (theta[h - j] ?? 0);
    theta.push(mu * mu + sigma2 * sum);
    return (1 + sigma2) * (theta[h] ?? 0) - mu * mu;
  });
}
