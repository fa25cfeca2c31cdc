/** The browser chart's data, as the server writes it into the page (see `chart-payload.ts`). */
import type { UnitBounds } from './unit-bounds';
import type { YScale } from './y-scale';

export type Column = Array<number | null>;

export interface ChartPayload {
  readonly title: string;
  readonly unit: string;
  readonly stepMs: number;
  readonly window: { readonly from: number; readonly to: number };
  /** The "now" marker (the newest forecast's issue time), null without data. */
  readonly now: number | null;
  readonly nowLabel: string;
  readonly bounds: UnitBounds;
  readonly y: YScale;
  readonly limit: { readonly value: number; readonly label: string } | null;
  /** Epoch ms, ascending; every other column is aligned to it. */
  readonly t: number[];
  readonly history: Column;
  readonly forecast: Column;
  readonly lower80: Column;
  readonly upper80: Column;
  readonly lower95: Column;
  readonly upper95: Column;
  readonly actual: Column;
  readonly anomaly: Column;
  /** Per time: the detectors that flagged it (`outlier, vote`), or null. */
  readonly detectors: Array<string | null>;
}
