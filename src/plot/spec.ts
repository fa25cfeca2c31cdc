import type { TopLevelSpec } from 'vega-lite';
import type { LayerSpec, UnitSpec } from 'vega-lite/build/src/spec';
import { ChartColor, type ChartInput, type ChartSize } from './types';

type Layer = LayerSpec<string> | UnitSpec<string>;

/** Legend entries of the layers a chart has, in drawing order. */
interface Entry {
  readonly name: string;
  readonly color: ChartColor;
  readonly layer: Layer;
}

/** Times are UTC on the axis too, in 24-hour form, whatever the server's time zone. */
const X = {
  field: 't',
  type: 'temporal',
  scale: { type: 'utc' },
  title: null,
  axis: { format: '%b %d %H:%M', labelOverlap: true },
} as const;
/** Every layer colours by a constant datum on one shared scale, which yields the legend. */
const colorOf = (name: string) => ({ datum: name, type: 'nominal' }) as const;

function band(name: string, color: ChartColor, level: 80 | 95, input: ChartInput): Entry {
  return {
    name,
    color,
    layer: {
      name: `band${level}`,
      data: {
        values: input.forecast.map((f) => ({ t: f.t, lo: f[`lower${level}`], hi: f[`upper${level}`] })),
      },
      mark: { type: 'area', opacity: 1, clip: input.y !== undefined },
      encoding: { x: X, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: colorOf(name) },
    },
  };
}

function line(
  name: string,
  color: ChartColor,
  values: readonly { t: number; v: number }[],
  clip: boolean,
): Entry {
  return {
    name,
    color,
    layer: {
      name,
      data: { values: [...values] },
      mark: { type: 'line', strokeWidth: 2, interpolate: 'linear', clip },
      encoding: { x: X, y: { field: 'v', type: 'quantitative' }, color: colorOf(name) },
    },
  };
}

function points(
  name: string,
  color: ChartColor,
  values: readonly { t: number; v: number }[],
  size: number,
  clip: boolean,
): Entry {
  return {
    name,
    color,
    layer: {
      name,
      data: { values: [...values] },
      mark: { type: 'point', filled: true, size, opacity: 1, clip },
      encoding: { x: X, y: { field: 'v', type: 'quantitative' }, color: colorOf(name) },
    },
  };
}

function limitRule(limit: NonNullable<ChartInput['limit']>): Entry {
  const name = limit.label ?? 'limit';
  return {
    name,
    color: ChartColor.limit,
    layer: {
      name: 'limit',
      data: { values: [{ v: limit.value }] },
      mark: { type: 'rule', strokeWidth: 2, strokeDash: [6, 4] },
      encoding: { y: { field: 'v', type: 'quantitative' }, color: colorOf(name) },
    },
  };
}

/** The issue time of the forecast: history lies before it, the band after it. */
function nowRule(now: number): Entry {
  const name = 'now (forecast issued)';
  return {
    name,
    color: ChartColor.now,
    layer: {
      name: 'now',
      data: { values: [{ t: now }] },
      mark: { type: 'rule', strokeWidth: 1.5, strokeDash: [2, 3] },
      encoding: { x: X, color: colorOf(name) },
    },
  };
}

/**
 * The layers the input has data for: bands under the lines, points, the limit and "now" on top.
 * With a fitted axis (`input.y`), marks are clipped to it.
 */
function entries(input: ChartInput): Entry[] {
  const list: Entry[] = [];
  const clip = input.y !== undefined;
  if (input.forecast.length > 0) {
    list.push(band('95% interval', ChartColor.band95, 95, input));
    list.push(band('80% interval', ChartColor.band80, 80, input));
  }
  list.push(line('history', ChartColor.history, input.history, clip));
  if (input.forecast.length > 0)
    list.push(
      line(
        'forecast',
        ChartColor.forecast,
        input.forecast.map((f) => ({ t: f.t, v: f.point })),
        clip,
      ),
    );
  if (input.actuals?.length) list.push(points('actual', ChartColor.actual, input.actuals, 30, clip));
  if (input.anomalies?.length) list.push(points('anomaly', ChartColor.anomaly, input.anomalies, 90, clip));
  if (input.limit) list.push(limitRule(input.limit));
  if (input.now !== undefined) list.push(nowRule(input.now));
  return list;
}

/**
 * The Vega-Lite spec of a chart. Each layer is named, so its marks carry the class `<name>_marks` in
 * the SVG (band95, band80, history, forecast, actual, anomaly, limit). `width`/`height` are the whole
 * picture (`autosize: fit`), so the SVG and the PNG have exactly the size asked for whatever the axis
 * labels need.
 */
export function chartSpec(input: ChartInput, size: ChartSize): TopLevelSpec {
  const list = entries(input);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: input.title, anchor: 'start', fontSize: 14 },
    width: size.width,
    height: size.height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 8,
    background: '#ffffff',
    config: { font: 'DejaVu Sans, Verdana, sans-serif', view: { stroke: null } },
    encoding: {
      y: {
        type: 'quantitative',
        scale: input.y ? { domain: [input.y.min, input.y.max], nice: false } : { zero: false },
        title: input.unit ?? null,
      },
      color: {
        type: 'nominal',
        scale: { domain: list.map((e) => e.name), range: list.map((e) => e.color) },
        legend: {
          orient: 'bottom',
          direction: 'horizontal',
          title: null,
          symbolType: 'square',
          labelLimit: 320,
        },
      },
    },
    layer: list.map((e) => e.layer),
  };
}
