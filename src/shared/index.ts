export * from './horizon';
export * from './ids';
export * from './ingest-summary';
