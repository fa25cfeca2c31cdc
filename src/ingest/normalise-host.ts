import { isIP } from 'node:net';
import { inputError } from './errors';

/** EC2 instance ids: `i-` and 8 or 17 hex digits. */
const INSTANCE_ID = /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/**
 * Normalises a host name so the same machine gets one series whatever its source calls it:
 * trims whitespace, lower-cases, strips a trailing dot (FQDN form), then
 * - with `suffixes` configured (e.g. `.ec2.internal`, `example.com`): removes the longest matching
 *   suffix and keeps the rest, dots included (`db1.eu.example.com` → `db1.eu`); names matching none stay whole;
 * - with none: keeps everything before the first dot (`ip-10-0-0-1.ec2.internal` → `ip-10-0-0-1`).
 * IP addresses and EC2 instance ids are always kept whole. Throws `IngestInputError` for an empty name.
 */
export function normaliseHost(name: string, suffixes: readonly string[] = []): string {
  let host = name.trim().toLowerCase();
  while (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '') throw inputError({ field: 'host', value: name }, 'must not be empty');
  if (isIP(host) !== 0 || INSTANCE_ID.test(host)) return host;
  if (suffixes.length === 0) {
    const dot = host.indexOf('.');
    return dot > 0 ? host.slice(0, dot) : host;
  }
  const suffix = longestSuffix(host, suffixes);
  return suffix === undefined ? host : host.slice(0, -suffix.length);
}

/** The longest configured suffix, as `.domain`, that leaves a non-empty name; suffixes may omit the dot. */
function longestSuffix(host: string, suffixes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const raw of suffixes) {
    const bare = raw
      .trim()
      .toLowerCase()
      .replace(/^\.+|\.+$/g, '');
    if (bare === '') continue;
    const suffix = `.${bare}`;
    if (
      host.length > suffix.length &&
      host.endsWith(suffix) &&
      (best === undefined || suffix.length > best.length)
    ) {
      best = suffix;
    }
  }
  return best;
}
