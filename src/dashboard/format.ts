/** How the dashboard writes numbers and times: UTC, compact, and "–" for a missing value. */

const DASH = '–';

/** `2026-11-23 10:05` (UTC), or a dash. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** A value with up to 4 significant digits (thousands grouped; exponent form from 10¹²), or a dash. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  // Past a trillion, digits stop telling anything (an outlier score of 69,655,336,766,666,664).
  if (abs >= 1e12) return value.toExponential(3);
  const digits = abs >= 1000 || abs === 0 ? 0 : Math.max(0, 3 - Math.floor(Math.log10(abs)));
  return value.toLocaleString('en-US', { maximumFractionDigits: Math.min(digits, 6) });
}

/** A share 0..1 as a percentage, `81.3%`, or a dash. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return DASH;
  return `${(share * 100).toFixed(1)}%`;
}
