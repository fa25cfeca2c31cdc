import { ChartInputError, type ChartInput, type ChartSize, type TimedValue } from './types';

/** Largest picture either side; a bigger one is a caller's mistake, not a request to honour. */
const MAX_SIDE = 4_000;
const MIN_SIDE = 50;

function finite(field: string, value: number): void {
  if (!Number.isFinite(value)) throw new ChartInputError(field, value, 'be a finite number');
}

function timed(field: string, values: readonly TimedValue[] | undefined): void {
  values?.forEach((p, i) => {
    finite(`${field}[${i}].t`, p.t);
    finite(`${field}[${i}].v`, p.v);
  });
}

/** Refuses sizes out of range and non-finite numbers, naming the field and the value. */
export function validateChart(input: ChartInput, size: ChartSize): void {
  for (const side of ['width', 'height'] as const) {
    const v = size[side];
    if (!(Number.isInteger(v) && v >= MIN_SIDE && v <= MAX_SIDE))
      throw new ChartInputError(`size.${side}`, v, `be an integer from ${MIN_SIDE} to ${MAX_SIDE}`);
  }
  timed('history', input.history);
  timed('actuals', input.actuals);
  timed('anomalies', input.anomalies);
  input.forecast.forEach((f, i) => {
    for (const k of ['t', 'point', 'lower80', 'upper80', 'lower95', 'upper95'] as const)
      finite(`forecast[${i}].${k}`, f[k]);
  });
  if (input.limit) finite('limit.value', input.limit.value);
  if (input.now !== undefined) finite('now', input.now);
  if (input.y) {
    finite('y.min', input.y.min);
    finite('y.max', input.y.max);
    if (!(input.y.max > input.y.min))
      throw new ChartInputError('y.max', input.y.max, `exceed y.min (${input.y.min})`);
  }
}
