/**
 * Hand-rolled timestamp parsing for the CSV hot path: a regex or `Date.parse` per row would cost more than
 * the rest of the parser together. Accepted forms:
 * - `2014-02-14 14:30:00` (NAB): UTC. Also `T` as separator, optional `:SS` and `.fff`.
 * - ISO-8601 with `Z` or an offset (`+02:00`, `+0200`, `+02`). Without a zone the time is taken as UTC.
 * - Epoch seconds or milliseconds (digits, optional fraction): values of 1e11 and above are
 *   milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
 */
const MS_THRESHOLD = 1e11;

/** Parses one timestamp to epoch ms; returns NaN when the text is not a valid timestamp. */
export function parseTimestamp(text: string): number {
  if (text.length >= 10 && text.charCodeAt(4) === 45 /* - */) return parseCalendar(text);
  return parseEpoch(text);
}

function parseEpoch(text: string): number {
  if (text.length === 0) return NaN;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) dots++;
    else if (c < 48 || c > 57) return NaN;
  }
  if (dots > 1 || text.charCodeAt(0) === 46 || text.charCodeAt(text.length - 1) === 46) return NaN;
  const n = Number(text);
  return Math.round(n >= MS_THRESHOLD ? n : n * 1000);
}

/** Two decimal digits at `i`, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseCalendar(s: string): number {
  const hi = digits2(s, 0);
  const lo = digits2(s, 2);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || s.charCodeAt(7) !== 45) return NaN;
  const year = hi * 100 + lo;
  if (day < 1 || day > daysInMonth(year, month)) return NaN;
  const base = Date.UTC(year, month - 1, day);
  if (s.length === 10) return base;
  const sep = s.charCodeAt(10);
  if (sep !== 32 /* space */ && sep !== 84 /* T */ && sep !== 116 /* t */) return NaN;
  return parseClock(s, 11, base);
}

/** `HH:MM[:SS[.fff…]]` then an optional zone, starting at `i`; adds it to `base`. */
function parseClock(s: string, i: number, base: number): number {
  const hour = digits2(s, i);
  const minute = digits2(s, i + 3);
  if (hour < 0 || hour > 23 || s.charCodeAt(i + 2) !== 58 || minute < 0 || minute > 59) return NaN;
  let pos = i + 5;
  let second = 0;
  let ms = 0;
  if (s.charCodeAt(pos) === 58 /* : */) {
    second = digits2(s, pos + 1);
    if (second < 0 || second > 59) return NaN;
    pos += 3;
    if (s.charCodeAt(pos) === 46 /* . */) {
      const start = ++pos;
      while (pos < s.length && s.charCodeAt(pos) >= 48 && s.charCodeAt(pos) <= 57) pos++;
      if (pos === start) return NaN;
      ms = Math.floor(Number(`0.${s.slice(start, pos)}`) * 1000);
    }
  }
  const offset = parseZone(s, pos);
  return Number.isNaN(offset) ? NaN : base + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
}

/** Zone suffix at `pos` in ms east of UTC: '' and `Z` are 0; `±HH`, `±HHMM`, `±HH:MM`; NaN otherwise. */
function parseZone(s: string, pos: number): number {
  const rest = s.length - pos;
  if (rest === 0) return 0;
  const c = s.charCodeAt(pos);
  if (c === 90 /* Z */ || c === 122 /* z */) return rest === 1 ? 0 : NaN;
  if (c !== 43 /* + */ && c !== 45 /* - */) return NaN;
  const hours = digits2(s, pos + 1);
  let minutes = 0;
  if (rest === 6 && s.charCodeAt(pos + 3) === 58) minutes = digits2(s, pos + 4);
  else if (rest === 5) minutes = digits2(s, pos + 3);
  else if (rest !== 3) return NaN;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  return (c === 45 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
