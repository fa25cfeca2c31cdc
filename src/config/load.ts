import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { applyDevEnv } from './dev-env';
import { configSchema, listSettings, type Config } from './schema';

/** A setting that failed validation: names the setting, where it came from, the value and what is expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}

export interface LoadConfigOptions {
  /** Config file; default `$METRICAST_CONFIG`, else `metricast.config.json` in the working directory if present. */
  readonly file?: string;
  /** Environment to read; default `process.env`, first filled from the generated dev.env (see `applyDevEnv`). */
  readonly env?: NodeJS.ProcessEnv;
}

type Source = 'file' | 'env' | 'default';

/** Reads the config file, applies environment overrides, validates everything and returns typed settings. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? processEnvWithDevEnv();
  const file = options.file ?? env.METRICAST_CONFIG ?? defaultFile();
  const raw: Record<string, Record<string, unknown>> = file ? readConfigFile(file) : {};
  const sources = new Map<string, Source>();
  const problems: string[] = [];

  for (const setting of listSettings()) {
    const [section, key] = setting.path.split('.') as [string, string];
    const fromFile = raw[section]?.[key];
    if (fromFile !== undefined) {
      if (setting.secret)
        problems.push(`${setting.path} is a secret: set ${setting.env} in the environment, not in ${file}`);
      sources.set(setting.path, 'file');
    }
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined) {
      (raw[section] ??= {})[key] = fromEnv;
      sources.set(setting.path, 'env');
    }
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success)
    problems.push(...parsed.error.issues.map((issue) => describeIssue(issue, raw, sources)));
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`, problems);
  }
  return parsed.data;
}

function processEnvWithDevEnv(): NodeJS.ProcessEnv {
  applyDevEnv(process.env);
  return process.env;
}

function defaultFile(): string | undefined {
  const candidate = path.resolve('metricast.config.json');
  return existsSync(candidate) ? candidate : undefined;
}

function readConfigFile(file: string): Record<string, Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`config file ${file} cannot be read: ${(cause as Error).message}`, [String(cause)]);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new Error('top level must be an object');
    return value as Record<string, Record<string, unknown>>;
  } catch (cause) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(cause as Error).message}`, [
      String(cause),
    ]);
  }
}

function describeIssue(
  issue: z.core.$ZodIssue,
  raw: Record<string, Record<string, unknown>>,
  sources: Map<string, Source>,
): string {
  const dotted = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = dotted ? `${dotted}.` : '';
    return `unknown setting ${issue.keys.map((k) => where + k).join(', ')} in the config file`;
  }
  const [section, key] = issue.path.map(String);
  const setting = listSettings().find((s) => s.path === `${section}.${key}`);
  const source = sources.get(`${section}.${key}`) ?? 'default';
  const origin = source === 'env' && setting ? `environment ${setting.env}` : source;
  const value = setting?.secret
    ? '<secret>'
    : withoutUrlCredentials(JSON.stringify(section && key ? raw[section]?.[key] : undefined));
  return `setting ${dotted} (from ${origin}) ${issue.message}, got ${value}`;
}

/** A URL's `user:password@` is never echoed back, whichever setting it was put in. */
function withoutUrlCredentials(text: string | undefined): string | undefined {
  return text?.replace(/(\/\/)[^/@"\s]*@/g, '$1<redacted>@');
}

/** A copy of the config safe to log: secrets replaced by `<set>` or `<unset>`. */
export function redactConfig(config: Config): Record<string, Record<string, unknown>> {
  const copy = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  for (const setting of listSettings().filter((s) => s.secret)) {
    const [section, key] = setting.path.split('.') as [string, string];
    const target = copy[section];
    if (target) target[key] = target[key] ? '<set>' : '<unset>';
  }
  return copy;
}

/** The values of all configured secrets, so tests can scan logs for them. */
export function secretValues(config: Config): string[] {
  const flat = config as unknown as Record<string, Record<string, unknown>>;
  return listSettings()
    .filter((s) => s.secret)
    .map((s) => {
      const [section, key] = s.path.split('.') as [string, string];
      return flat[section]?.[key];
    })
    .filter((v): v is string => typeof v === 'string' && v.length > 0);
}
