/**
 * The anomaly benchmark's inputs, read the way NAB reads them: every CSV of a folder row by row,
 * in file order, with no snapping to a grid, no averaging of duplicated stamps and no filling of
 * gaps, so row i here is NAB's row i. Labelled windows come from a labels file in NAB's format
 * (`anomaly_windows.json`: file name → list of [start, end] stamps, matched by base name) and are
 * turned into row indices by `rowWindows`. Each series keeps its own step (the median gap between
 * rows), which the detectors use to turn durations into rows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { rowWindows, type IndexWindow } from '../src/anomaly';

/** One series with its labelled windows, as rows of its file. */
export interface LabelledSeries {
  readonly name: string;
  /** Median gap between consecutive rows, ms. */
  readonly stepMs: number;
  readonly times: readonly number[];
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

/** `--windows`, else `anomaly_windows.json` in the folder or its parent. */
export function resolveLabels(dataDir: string, given: string | undefined): string {
  if (given !== undefined) {
    if (!existsSync(given)) throw new Error(`--windows: no such file ${given}`);
    return resolve(given);
  }
  const candidates = [join(dataDir, 'anomaly_windows.json'), join(dirname(dataDir), 'anomaly_windows.json')];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined)
    throw new Error(`--windows: no anomaly_windows.json in ${candidates.join(' or ')}`);
  return found;
}

/** NAB stamps (`2014-02-14 14:30:00`, optionally with fractions) carry no zone and are UTC. */
export function parseStamp(stamp: string, where: string): number {
  const text = stamp.trim();
  const time = Date.parse(/^\d{4}-\d\d-\d\d[ T]\d/.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  if (!Number.isFinite(time)) throw new Error(`${where}: timestamp must be a date and time, got ${stamp}`);
  return time;
}

/** The rows of one `timestamp,value` CSV, in file order. */
export function readRows(path: string): { times: number[]; values: number[] } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').toLowerCase().split(',');
  const timeColumn = header.indexOf('timestamp');
  const valueColumn = header.indexOf('value');
  if (timeColumn < 0 || valueColumn < 0) throw new Error(`${path}: header must hold timestamp,value`);
  const times: number[] = [];
  const values: number[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.split(',');
    const where = `${path} row ${i + 1}`;
    const value = Number(cells[valueColumn]);
    if (!Number.isFinite(value))
      throw new Error(`${where}: value must be a number, got ${cells[valueColumn]}`);
    times.push(parseStamp(cells[timeColumn] ?? '', where));
    values.push(value);
  });
  return { times, values };
}

/** Median positive gap between rows (5 minutes for a file with fewer than two distinct stamps). */
export function medianStep(times: readonly number[]): number {
  const gaps = times
    .slice(1)
    .map((t, i) => t - (times[i] as number))
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 300_000;
}

/** More than 10% of the gaps between rows differ from the median step by more than 1%. */
export function isIrregular(times: readonly number[], stepMs: number): boolean {
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  const off = gaps.filter((g) => Math.abs(g - stepMs) > 0.01 * stepMs).length;
  return gaps.length > 0 && off > 0.1 * gaps.length;
}

/** Series of the folder that have an entry in the labels file (an empty list means "no anomaly"). */
export function loadLabelled(dataDir: string, labelsFile: string): LabelledSeries[] {
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as Record<string, [string, string][]>;
  const byName = new Map(Object.entries(labels).map(([key, windows]) => [basename(key, '.csv'), windows]));
  const files = readdirSync(dataDir)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort();
  return files.flatMap((file) => {
    const name = basename(file, '.csv');
    const bounds = byName.get(name);
    if (bounds === undefined) return [];
    const { times, values } = readRows(join(dataDir, file));
    const where = `${labelsFile} ${name}`;
    const windows = rowWindows(
      times,
      bounds.map(([from, to]) => [parseStamp(from, where), parseStamp(to, where)] as const),
    );
    return [{ name, stepMs: medianStep(times), times, values, windows }];
  });
}
