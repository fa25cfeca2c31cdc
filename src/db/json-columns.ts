const NON_FINITE = new Map([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

/**
 * Metrics to JSON keeping NaN and ±Infinity (plain JSON would turn them into null, and an infinite
 * MASE is a real result). Only for objects whose leaves are all numbers, so the strings are unambiguous.
 * @internal shared by the runs repository and the registry's validation metrics.
 */
export function toMetricsJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

/** Inverse of `toMetricsJson`. @internal */
export function fromMetricsJson<T>(text: string | null): T | null {
  if (text === null) return null;
  return JSON.parse(text, (_key, v: unknown) => (typeof v === 'string' ? (NON_FINITE.get(v) ?? v) : v)) as T;
}
