/** A forecast step's point and its 80% and 95% bands: what every reader of stored forecasts shares. */
export interface ForecastBands {
  readonly point: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
}
