/**
 * Calendar encodings from timestamps: hour of day and day of week as sin/cos pairs, so 23:00 sits next to
 * 00:00 and Sunday next to Monday. Times are read in UTC: infra metrics are stored in UTC and a model
 * only needs a consistent clock, not the local one.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
// 1970-01-01 was a Thursday; shifting by 3 days makes Monday 00:00 phase 0.
const MONDAY_OFFSET_MS = 3 * DAY_MS;

/** Which encodings to produce. */
export interface TimeEncodingOptions {
  readonly hourOfDay: boolean;
  readonly dayOfWeek: boolean;
}

/** A named input channel. */
export interface Channel {
  readonly name: string;
  readonly values: Float32Array;
}

/** Encodings that carry information at this step: no hour of day for daily data, no weekday for weekly. */
export function defaultTimeEncodings(stepMs: number): TimeEncodingOptions {
  return { hourOfDay: stepMs < DAY_MS, dayOfWeek: stepMs < WEEK_MS };
}

function cyclic(
  name: string,
  start: number,
  stepMs: number,
  length: number,
  periodMs: number,
  offsetMs: number,
): Channel[] {
  const sin = new Float32Array(length);
  const cos = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const phase = (2 * Math.PI * ((start + i * stepMs + offsetMs) % periodMs)) / periodMs;
    sin[i] = Math.sin(phase);
    cos[i] = Math.cos(phase);
  }
  return [
    { name: `${name}_sin`, values: sin },
    { name: `${name}_cos`, values: cos },
  ];
}

/** Channels `hour_sin`, `hour_cos`, `dow_sin`, `dow_cos` (as selected) for `start + i * stepMs`, i < length. */
export function timeEncodings(
  start: number,
  stepMs: number,
  length: number,
  options: TimeEncodingOptions,
): Channel[] {
  return [
    ...(options.hourOfDay ? cyclic('hour', start, stepMs, length, DAY_MS, 0) : []),
    ...(options.dayOfWeek ? cyclic('dow', start, stepMs, length, WEEK_MS, MONDAY_OFFSET_MS) : []),
  ];
}
