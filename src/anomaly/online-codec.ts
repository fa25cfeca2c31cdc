/**
 * The online detector's state in a compact binary form, for storage between cycles. The JSON form
 * (`storeOnlineState`) of an hourly series is about 9 kB: the anomaly step parsed, rewrote and
 * moved 90 MB of it per cycle at 10,000 series, more than it spent scoring. Here every number is a
 * float64 (exact, NaN and ±Infinity included) except arrays of small whole numbers (the counts),
 * which are uint16: about 4.5 kB, decoded without a reviver. Fields are written in one fixed order;
 * a layout change gets a new `LAYOUT` byte. Stored JSON (states written before this form) still
 * loads through `restoreOnlineState`; a layout-1 state (version 3, before the smoothed forecast)
 * is read for its range and quiet time and relearns, as an older JSON state does.
 */
import type { ErrorStream } from './error-stream';
import type { JumpMemory } from './jump';
import type { LikelihoodState } from './likelihood';
import {
  fitted,
  newOnlineState,
  restoreOnlineState,
  upgrade,
  type OnlineState,
  type StoredState,
} from './online';
import { FORECASTS, type ForecastName, type PredictorState } from './predictors';

/** First byte of the binary form: never `{`, the first byte of the JSON form. */
const MAGIC = 0xb3;
/** The field order below; a new order gets a new value (1: version-3 states, no smoothed forecast). */
const LAYOUT = 2;
const LAYOUT_V3 = 1;
const F64 = 0;
const U16 = 1;
const OPEN_BRACE = 0x7b;

/**
 * Appends numbers to a buffer shared by every encode (a state is a few kB; the bytes are copied
 * out by `done`), so encoding 10,000 states allocates only their results.
 */
class Writer {
  private static scratch = new Uint8Array(16_384);
  private bytes = Writer.scratch;
  private view = new DataView(this.bytes.buffer);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.at + n));
    bigger.set(this.bytes);
    Writer.scratch = this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  u8(v: number): void {
    this.room(1);
    this.view.setUint8(this.at, v);
    this.at += 1;
  }

  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.at, v, true);
    this.at += 8;
  }

  /** Length, then uint16s when every value is a whole number in range (not −0), else float64s. */
  array(values: readonly number[]): void {
    const n = values.length;
    let small = true;
    for (let i = 0; i < n && small; i++) {
      const v = values[i] as number;
      small = Number.isInteger(v) && v >= 0 && v <= 0xffff && !Object.is(v, -0);
    }
    this.room(5 + n * (small ? 2 : 8));
    const view = this.view;
    view.setUint32(this.at, n, true);
    view.setUint8(this.at + 4, small ? U16 : F64);
    let at = this.at + 5;
    if (small) for (let i = 0; i < n; i++, at += 2) view.setUint16(at, values[i] as number, true);
    else for (let i = 0; i < n; i++, at += 8) view.setFloat64(at, values[i] as number, true);
    this.at = at;
  }

  done(): Uint8Array {
    return this.bytes.slice(0, this.at);
  }
}

/** Reads numbers in the order they were written; throws past the end. */
class Reader {
  private readonly view: DataView;
  private at = 0;

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(): number {
    const v = this.view.getUint8(this.at);
    this.at += 1;
    return v;
  }

  f64(): number {
    const v = this.view.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }

  array(): number[] {
    const n = this.view.getUint32(this.at, true);
    const kind = this.view.getUint8(this.at + 4);
    this.at += 5;
    const width = kind === U16 ? 2 : 8;
    if (kind !== U16 && kind !== F64) throw new RangeError(`array kind must be 0 or 1, got ${kind}`);
    if (this.at + n * width > this.view.byteLength) throw new RangeError('array past the end');
    const values = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      values[i] = kind === U16 ? this.view.getUint16(this.at, true) : this.view.getFloat64(this.at, true);
      this.at += width;
    }
    return values;
  }

  get finished(): boolean {
    return this.at === this.view.byteLength;
  }
}

function writeStream(w: Writer, s: ErrorStream): void {
  w.f64(s.count);
  w.array(s.raw);
  w.array(s.mean);
  w.array(s.variance);
}

function readStream(r: Reader): ErrorStream {
  return { count: r.f64(), raw: r.array(), mean: r.array(), variance: r.array() };
}

function writePredictors(w: Writer, p: PredictorState): void {
  w.f64(p.n);
  w.array(p.season);
  w.f64(p.seasonSum);
  w.array(FORECASTS.map((f) => p.mae[f]));
  w.array(FORECASTS.map((f) => p.maeCount[f]));
  w.array(p.hourOfDay);
  w.array(p.hourOfDayCount);
  w.array(p.hourOfWeek);
  w.array(p.hourOfWeekCount);
  w.f64(p.smoothedLevel);
  w.array(p.smoothedSeason);
}

const perForecast = (values: readonly number[]): Record<ForecastName, number> => {
  if (values.length !== FORECASTS.length) throw new RangeError('one number per forecast expected');
  return Object.fromEntries(FORECASTS.map((f, i) => [f, values[i]])) as Record<ForecastName, number>;
};

/** The predictors of `layout`; of layout 1 (one forecast fewer) only read past, to relearn. */
function readPredictors(r: Reader, layout: number): PredictorState | undefined {
  const n = r.f64();
  const season = r.array();
  const seasonSum = r.f64();
  const [mae, maeCount] = [r.array(), r.array()];
  const [hourOfDay, hourOfDayCount, hourOfWeek, hourOfWeekCount] = [
    r.array(),
    r.array(),
    r.array(),
    r.array(),
  ];
  if (layout === LAYOUT_V3) return undefined;
  return {
    n,
    season,
    seasonSum,
    mae: perForecast(mae),
    maeCount: perForecast(maeCount),
    hourOfDay,
    hourOfDayCount,
    hourOfWeek,
    hourOfWeekCount,
    smoothedLevel: r.f64(),
    smoothedSeason: r.array(),
  };
}

/** The state in the binary form (version-4 states; older ones are upgraded when restored). */
export function encodeOnlineState(state: OnlineState): Uint8Array {
  const w = new Writer();
  w.u8(MAGIC);
  w.u8(LAYOUT);
  w.f64(state.stepMs);
  w.f64(state.quietUntil);
  const d = state.detector;
  writePredictors(w, d.predictors);
  w.u8(d.streams.length);
  for (const s of d.streams) writeStream(w, s);
  writeStream(w, d.change1);
  w.f64(d.min);
  w.f64(d.max);
  w.f64(d.jumps.hour);
  w.f64(d.jumps.first);
  w.array(d.jumps.largest);
  return w.done();
}

/** A state of today's layout, or what a layout-1 state keeps when it relearns. */
function decodeBinary(bytes: Uint8Array): OnlineState | { readonly older: StoredState } {
  const r = new Reader(bytes);
  const [magic, layout] = [r.u8(), r.u8()];
  if (magic !== MAGIC || (layout !== LAYOUT && layout !== LAYOUT_V3))
    throw new RangeError(`not a layout-${LAYOUT} online state`);
  const stepMs = r.f64();
  const quietUntil = r.f64();
  const predictors = readPredictors(r, layout);
  const streams = Array.from({ length: r.u8() }, () => readStream(r));
  const change1 = readStream(r);
  const min = r.f64();
  const max = r.f64();
  const jumps: JumpMemory = { hour: r.f64(), first: r.f64(), largest: r.array() };
  if (!r.finished) throw new RangeError('bytes left after the state');
  if (predictors === undefined) return { older: { version: 3, stepMs, quietUntil, detector: { min, max } } };
  const detector: LikelihoodState = { version: 4, predictors, streams, change1, min, max, jumps };
  return { version: 4, stepMs, detector, quietUntil };
}

/** Whether a decoded state has the streams and slots the detector expects (a corrupt one has not). */
function sameShape(state: OnlineState, fresh: OnlineState): boolean {
  const [a, b] = [state.detector, fresh.detector];
  return (
    a.streams.length === b.streams.length &&
    a.streams.every((s, i) => s.mean.length === b.streams[i]?.mean.length) &&
    a.predictors.hourOfDay.length === b.predictors.hourOfDay.length &&
    a.predictors.hourOfWeek.length === b.predictors.hourOfWeek.length &&
    a.jumps.largest.length === b.jumps.largest.length
  );
}

/**
 * A stored state in either form (binary, or the JSON of earlier runs), or a fresh one when it is
 * missing, unreadable or of another step: as with JSON, an unreadable state is relearned.
 */
export function decodeOnlineState(bytes: Uint8Array | null, stepMs: number): OnlineState {
  if (bytes === null || bytes.length === 0) return newOnlineState(stepMs);
  if (bytes[0] === OPEN_BRACE) return restoreOnlineState(new TextDecoder().decode(bytes), stepMs);
  try {
    const decoded = decodeBinary(bytes);
    if ('older' in decoded)
      return decoded.older.stepMs === stepMs ? upgrade(decoded.older, stepMs) : newOnlineState(stepMs);
    const state = decoded;
    if (state.stepMs !== stepMs) return newOnlineState(stepMs);
    return sameShape(state, newOnlineState(stepMs)) ? fitted(state) : newOnlineState(stepMs);
  } catch {
    return newOnlineState(stepMs);
  }
}
