import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where infra/up.sh keeps the generated secrets (database password, demo API token): per machine
 * user, not per checkout, because every checkout on the machine shares its MariaDB user.
 * The same rule as `DEV_ENV` in infra/lib.sh.
 */
export function devEnvPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.METRICAST_DEV_ENV) return env.METRICAST_DEV_ENV;
  const configHome = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(configHome, 'metricast', 'dev.env');
}

/** `export NAME=value` (or `NAME=value`) lines; blank lines and `#` comments are skipped. */
export function parseDevEnv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) values.set(match[1]!, unquote(match[2]!));
  }
  return values;
}

function unquote(value: string): string {
  const quoted = /^'(.*)'$/.exec(value) ?? /^"(.*)"$/.exec(value);
  return quoted ? quoted[1]! : value;
}

/**
 * Fills `env` from the generated dev.env for the names it does not set, so every entry point
 * (CLI, worker, API, benchmarks, scripts, tests) finds the generated password and token without
 * anyone sourcing the file by hand; an explicit environment always wins. Child processes inherit
 * what was filled in. Returns the names it set.
 */
export function applyDevEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const file = devEnvPath(env);
  if (!existsSync(file)) return [];
  const filled: string[] = [];
  for (const [name, value] of parseDevEnv(readFileSync(file, 'utf8'))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    filled.push(name);
  }
  return filled;
}
