import type { ChartInput } from '../../src/plot';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20);

/** Three days of an hourly daily wave, a 12-step forecast after it, and every optional layer. */
export function fullChart(): ChartInput {
  const history = Array.from({ length: 72 }, (_, i) => ({ t: T0 + i * HOUR, v: 40 + 10 * Math.sin(i / 4) }));
  const last = history[history.length - 1]!.t;
  const forecast = Array.from({ length: 12 }, (_, i) => ({
    t: last + (i + 1) * HOUR,
    point: 45 + i / 2,
    lower80: 40,
    upper80: 50 + i,
    lower95: 36,
    upper95: 54 + i,
  }));
  return {
    title: 'AWS/EC2/CPUUtilization/<script>alert(1)</script>@1h',
    unit: 'Percent',
    history,
    forecast,
    actuals: history.slice(60),
    anomalies: [{ t: T0 + 30 * HOUR, v: 49 }],
    limit: { value: 58, label: 'limit above 58' },
  };
}
