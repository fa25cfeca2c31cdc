export { configSchema, listSettings, type Config, type SettingEntry, type SettingMeta } from './schema';
export { loadConfig, redactConfig, secretValues, ConfigError, type LoadConfigOptions } from './load';
export { applyDevEnv, devEnvPath, parseDevEnv } from './dev-env';
