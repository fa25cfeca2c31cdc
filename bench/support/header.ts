import os from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Version of an installed package, read from its package.json. */
export function packageVersion(name: string): string {
  try {
    const file = require.resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** Prints the machine and versions at the top of every benchmark, as BENCHMARKS.md asks. */
export function printHeader(title: string, extra: Record<string, string> = {}): void {
  const lines = {
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    ...extra,
  };
  console.log(`# ${title}`);
  for (const [k, v] of Object.entries(lines)) console.log(`${k.padEnd(12)} ${v}`);
  console.log('');
}

/** `--name value` from argv, or the fallback. */
export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value ?? fallback;
}

/** The bundled NAB folder, the default `--data` of every benchmark. */
export const DEFAULT_DATA = path.resolve(__dirname, '../../data/nab/realAWSCloudwatch');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export function result(name: string, value: number): void {
  console.log(`RESULT ${name}=${Number.isInteger(value) ? value : value.toPrecision(6)}`);
}
