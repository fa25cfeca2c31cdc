import { inputError } from './errors';
import { parseTimestamp } from './parse-timestamp';
import { seriesFromFilename, type SeriesFromFilenameOptions } from './series-from-filename';
import { isPlausibleTime, TIME_BOUNDS } from './time-bounds';
import type { Point, RawSeries } from './types';

/**
 * CSV ingestion of `timestamp,value` files (the NAB format).
 *
 * Contract: a file is all or nothing. The first bad row (bad timestamp or one outside 2000–2100, value
 * that is not a finite number, wrong column count, duplicate or out-of-order timestamp) throws an `IngestInputError` naming
 * file, line, field and value, and nothing from the file is returned, so nothing from it is stored.
 * A missing header or an empty file is an error too; a header with no rows gives an empty series.
 * No quoting: the format has none. Blank lines are allowed only at the end of the file.
 *
 * Speed: rows are split with `indexOf` and fields parsed by hand (no regex, no `Date.parse` per row).
 */

const HEADER = 'timestamp,value';

/** Options of the CSV parsers. */
export interface CsvOptions {
  /**
   * `reject` (default): a repeated timestamp rejects the file. `keep-last`: consecutive rows with the
   * same timestamp collapse to the last one. Two bundled NAB files need it: they repeat
   * `2014-03-09 03:00:00` twelve times where a daylight-saving clock skipped an hour.
   */
  readonly duplicates?: 'reject' | 'keep-last';
}

/** Parses the text of a `timestamp,value` CSV into sorted points; `file` names the file in errors. */
export function parseCsvPoints(text: string, file: string, options: CsvOptions = {}): Point[] {
  const keepLast = options.duplicates === 'keep-last';
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const headerEnd = lineEnd(text, pos);
  checkHeader(text.slice(pos, contentEnd(text, pos, headerEnd)), file);
  pos = headerEnd + 1;
  const points: Point[] = [];
  let line = 1;
  let prevT = -Infinity;
  while (pos < text.length) {
    line++;
    const end = lineEnd(text, pos);
    const stop = contentEnd(text, pos, end);
    if (stop === pos && isBlank(text, end)) break;
    const comma = findComma(text, pos, stop, file, line);
    const t = parseTimestamp(text.slice(pos, comma).trim());
    if (Number.isNaN(t)) throw badTimestamp(file, line, text.slice(pos, comma));
    if (!isPlausibleTime(t))
      throw inputError({ file, line, field: 'timestamp', value: text.slice(pos, comma) }, TIME_BOUNDS);
    if (t < prevT || (t === prevT && !keepLast))
      throw outOfOrder(file, line, text.slice(pos, comma), t, prevT);
    const v = parseValue(text.slice(comma + 1, stop));
    if (Number.isNaN(v)) throw badValue(file, line, text.slice(comma + 1, stop));
    if (t === prevT) (points[points.length - 1] as Point).v = v;
    else points.push({ t, v });
    prevT = t;
    pos = end + 1;
  }
  return points;
}

/** Parses a NAB CSV whose series key comes from its file name (see `seriesFromFilename`). */
export function parseCsv(
  text: string,
  file: string,
  options: CsvOptions & SeriesFromFilenameOptions = {},
): RawSeries {
  const key = seriesFromFilename(file, options);
  return { key, points: parseCsvPoints(text, file, options) };
}

/** Position of the one comma of the row `[pos, stop)`; throws unless there is exactly one. */
function findComma(text: string, pos: number, stop: number, file: string, line: number): number {
  const comma = text.indexOf(',', pos);
  // The search for a second comma stops at the next row's comma, so it stays cheap.
  const second = comma === -1 || comma >= stop ? -1 : text.indexOf(',', comma + 1);
  if (comma !== -1 && comma < stop && (second === -1 || second >= stop)) return comma;
  const row = text.slice(pos, stop);
  throw inputError(
    { file, line, field: 'row', value: row },
    `must have 2 columns (${HEADER}), found ${row.split(',').length}`,
  );
}

function lineEnd(text: string, pos: number): number {
  const end = text.indexOf('\n', pos);
  return end === -1 ? text.length : end;
}

/** End of a line's content: drops the `\r` of CRLF files. */
function contentEnd(text: string, pos: number, end: number): number {
  return end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

function isBlank(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

function checkHeader(header: string, file: string): void {
  const cells = header.split(',').map((cell) => cell.trim().toLowerCase());
  if (cells.length === 2 && cells[0] === 'timestamp' && cells[1] === 'value') return;
  const why = header.trim() === '' ? ` (the file has no header${header === '' ? ' or is empty' : ''})` : '';
  throw inputError({ file, line: 1, field: 'header', value: header }, `must be "${HEADER}"${why}`);
}

/** A plain finite decimal number (sign, digits, dot, exponent); NaN for anything else: Infinity, hex, `1e400`. */
function parseValue(raw: string): number {
  const text = raw.trim();
  if (text.length === 0) return NaN;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // digits . + - e E: keeps Number() from accepting "Infinity", "0x1f", "1_000" or "".
    if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69)) return NaN;
  }
  const n = Number(text);
  // `1e400` passes the character check but overflows to Infinity, which no DOUBLE column can hold.
  return Number.isFinite(n) ? n : NaN;
}

function badValue(file: string, line: number, value: string): Error {
  return inputError({ file, line, field: 'value', value }, 'must be a finite number');
}

function badTimestamp(file: string, line: number, value: string): Error {
  return inputError(
    { file, line, field: 'timestamp', value },
    'must be "YYYY-MM-DD HH:MM:SS" (UTC), ISO-8601 or epoch seconds/milliseconds',
  );
}

function outOfOrder(file: string, line: number, value: string, t: number, prevT: number): Error {
  const previous = `line ${line - 1} (${new Date(prevT).toISOString()})`;
  const expectation =
    t === prevT
      ? `must not repeat ${previous}: duplicate timestamp`
      : `must be later than ${previous}: out of order`;
  return inputError({ file, line, field: 'timestamp', value }, expectation);
}
