/**
 * Root checks for the lag polynomials 1 − Σ c_i z^i of seasonal ARIMA: stationarity (every root
 * outside the unit circle) and the smallest root modulus.
 */

/** Whether 1 − Σ c_i z^i has every root outside the unit circle (step-down / Schur–Cohn test). */
export function isStationary(coefficients: readonly number[]): boolean {
  let a = [...coefficients];
  while (a.length > 0 && a[a.length - 1] === 0) a = a.slice(0, -1);
  for (let k = a.length; k >= 1; k--) {
    const kappa = a[k - 1] ?? 0;
    if (!(Math.abs(kappa) < 1)) return false;
    const next: number[] = [];
    for (let i = 1; i < k; i++)
      next.push(((a[i - 1] ?? 0) + kappa * (a[k - i - 1] ?? 0)) / (1 - kappa * kappa));
    a = next;
  }
  return true;
}

/**
 * Smallest root modulus of 1 − Σ c_i z^i (Durand–Kerner; Infinity without roots). statsforecast
 * and R reject a model whose expanded AR or MA polynomial has a root within 1.01 of the unit
 * circle: near-unit roots make conditional residuals explode or never settle.
 */
export function minRootModulus(coefficients: readonly number[]): number {
  let c = [...coefficients];
  while (c.length > 0 && Math.abs(c[c.length - 1] ?? 0) < 1e-12) c = c.slice(0, -1);
  const n = c.length;
  if (n === 0) return Infinity;
  // Monic form: z^n + a_{n−1} z^{n−1} + … + a_0 with a_i = −c_{i}/(−c_n) shifted: divide 1 − Σ c_i z^i by −c_n.
  const lead = -(c[n - 1] as number);
  const poly = [1 / lead, ...c.slice(0, n - 1).map((v) => -v / lead)]; // coefficients of z^0..z^{n−1}
  let roots = Array.from({ length: n }, (_, i) => polar(0.9 + i / (3 * n), 0.4 + (2 * Math.PI * i) / n));
  for (let it = 0; it < 500; it++) {
    let moved = 0;
    roots = roots.map((r, i) => {
      let value: [number, number] = [1, 0];
      for (let k = n - 1; k >= 0; k--) value = add(mul(value, r), [poly[k] ?? 0, 0]);
      let denominator: [number, number] = [1, 0];
      roots.forEach((s, j) => {
        if (j !== i) denominator = mul(denominator, [r[0] - s[0], r[1] - s[1]]);
      });
      const step = div(value, denominator);
      moved = Math.max(moved, Math.hypot(step[0], step[1]));
      return [r[0] - step[0], r[1] - step[1]] as [number, number];
    });
    if (moved < 1e-12) break;
  }
  return Math.min(...roots.map((r) => Math.hypot(r[0], r[1])));
}

type Complex = [number, number];
const polar = (r: number, a: number): Complex => [r * Math.cos(a), r * Math.sin(a)];
const add = (a: Complex, b: Complex): Complex => [a[0] + b[0], a[1] + b[1]];
const mul = (a: Complex, b: Complex): Complex => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
function div(a: Complex, b: Complex): Complex {
  const d = b[0] * b[0] + b[1] * b[1] || 1e-300;
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
}
