export * from './ids';
export * from './ingest-summary';
