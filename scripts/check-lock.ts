// Checks that package-lock.json is complete: every optional dependency of every locked package
// (other platforms' native builds included) has its own entry, as `npm install` writes it when the
// registry serves them. A lock written on a day the registry answered 404 for some of them makes
// `npm ci` refuse it on a day it serves them; this check fails on such a lock whatever day it is.
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface LockedPackage {
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}
export interface Lock {
  readonly packages: Readonly<Record<string, LockedPackage>>;
}

/** `<dependent> -> <name>` for every optional dependency that no lock entry resolves, as Node would look upward. */
export function unrecordedOptionals(lock: Lock): string[] {
  const missing: string[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolves(lock, location, name)) missing.push(`${location || '(root)'} -> ${name}`);
    }
  }
  return missing;
}

function resolves(lock: Lock, location: string, name: string): boolean {
  let from = location;
  for (;;) {
    if (lock.packages[`${from ? `${from}/` : ''}node_modules/${name}`]) return true;
    if (from === '') return false;
    const up = from.lastIndexOf('/node_modules/');
    from = up < 0 ? '' : from.slice(0, up);
  }
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? 'package-lock.json');
  const missing = unrecordedOptionals(JSON.parse(readFileSync(file, 'utf8')) as Lock);
  if (missing.length > 0) {
    console.error(`${file} lacks ${missing.length} optional packages:\n  ${missing.join('\n  ')}`);
    console.error('run `npm install` where the registry serves every platform, and commit the lock');
    process.exit(1);
  }
  console.log(`${file}: every optional dependency is recorded`);
}
