export * from './horizon';
export * from './ids';
export * from './ingest-summary';
export * from './alert-limits';
export * from './errors';
export * from './claim-plan';
export * from './forecast-bands';
