/**
 * The anomaly benchmark's inputs: every CSV of a folder as a regular series (the accuracy
 * benchmark's loader), with its labelled windows as point indices. Labels come from NAB's
 * `anomaly_windows.json` (beside the folder, or `--labels`), matched by file name, so any folder
 * of `timestamp,value` files with a labels file in NAB's format works.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { IndexWindow } from '../src/anomaly';
import { loadFolder } from './accuracy-data';

/** One series with its labelled windows. */
export interface LabelledSeries {
  readonly name: string;
  readonly start: number;
  readonly stepMs: number;
  readonly values: readonly number[];
  readonly windows: readonly IndexWindow[];
}

const BUNDLED = resolve(__dirname, '../data/nab/realAWSCloudwatch');
const SHARED = '/work/shared/data/nab/realAWSCloudwatch';

/** `--data`, else the bundled NAB folder, else the shared copy. */
export function resolveDataDir(given: string | undefined): string {
  if (given !== undefined) return resolve(given);
  return existsSync(BUNDLED) ? BUNDLED : SHARED;
}

/** `--labels`, else `anomaly_windows.json` in the folder or its parent. */
export function resolveLabels(dataDir: string, given: string | undefined): string {
  if (given !== undefined) return resolve(given);
  const candidates = [join(dataDir, 'anomaly_windows.json'), join(dirname(dataDir), 'anomaly_windows.json')];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) throw new Error(`--labels: no anomaly_windows.json in ${candidates.join(' or ')}`);
  return found;
}

/** NAB stamps carry no zone and are UTC, like the accuracy loader reads the CSVs. */
function parseStamp(stamp: string, where: string): number {
  const time = Date.parse(`${stamp.trim().replace(' ', 'T')}Z`);
  if (!Number.isFinite(time)) throw new Error(`${where}: window bound must be a timestamp, got ${stamp}`);
  return time;
}

/** Series of the folder that have an entry in the labels file (an empty list means "no anomaly"). */
export function loadLabelled(dataDir: string, labelsFile: string): LabelledSeries[] {
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as Record<string, [string, string][]>;
  const byName = new Map(Object.entries(labels).map(([key, windows]) => [basename(key, '.csv'), windows]));
  return loadFolder(dataDir).flatMap(({ name, series }) => {
    const windows = byName.get(name);
    if (windows === undefined) return [];
    const indexOf = (t: number): number => (t - series.start) / series.stepMs;
    const n = series.values.length;
    return [
      {
        name,
        ...series,
        windows: windows.map(([from, to]) => ({
          first: Math.max(0, Math.ceil(indexOf(parseStamp(from, `${labelsFile} ${name}`)))),
          last: Math.min(n - 1, Math.floor(indexOf(parseStamp(to, `${labelsFile} ${name}`)))),
        })),
      },
    ];
  });
}
