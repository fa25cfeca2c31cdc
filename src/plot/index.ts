export { renderChartSvg, renderChartPng } from './render';
export { chartSpec } from './spec';
export {
  ChartColor,
  ChartInputError,
  DEFAULT_CHART_SIZE,
  type ChartInput,
  type ChartSize,
  type ForecastPoint,
  type TimedValue,
} from './types';
